package bench

import (
	"image"
	"strconv"
	"testing"

	"github.com/disintegration/imaging"
	"github.com/pixview/pixview/ops"
	"github.com/pixview/pixview/pixbuf"
)

// opCase is one operation of the Ops group: pixview's call with a given
// number of workers, the naive per-pixel loop over the bytes that a Go
// programmer would write, and imaging's version on *image.NRGBA (nil when
// imaging has none). Quarter turns and transposes write into dst (w x h x 3)
// and ExtractChannel into plane (h x w x 1); the rest work in place on v.
type opCase struct {
	op      string
	pixview func(dst, plane, v pixbuf.View[uint8], workers int) error
	naive   func(dst, plane, src []byte, w, h int)
	imaging func(img image.Image) *image.NRGBA
}

// opCases returns the operations the Ops group measures.
func opCases() []opCase {
	w := ops.Workers
	return []opCase{
		{"FlipH", func(_, _, v pixbuf.View[uint8], n int) error { return ops.FlipH(v, w(n)) },
			func(_, _, s []byte, w, h int) { naiveFlipHBytes(s, w, h) },
			func(img image.Image) *image.NRGBA { return imaging.FlipH(img) }},
		{"FlipV", func(_, _, v pixbuf.View[uint8], n int) error { return ops.FlipV(v, w(n)) },
			func(_, _, s []byte, w, h int) { naiveFlipVBytes(s, w, h) },
			func(img image.Image) *image.NRGBA { return imaging.FlipV(img) }},
		{"Rotate180", func(_, _, v pixbuf.View[uint8], n int) error { return ops.Rotate180(v, w(n)) },
			func(_, _, s []byte, w, h int) { naiveRotate180Bytes(s, w, h) },
			func(img image.Image) *image.NRGBA { return imaging.Rotate180(img) }},
		{"Rotate90", func(d, _, v pixbuf.View[uint8], n int) error { return ops.Rotate90(d, v, w(n)) },
			naiveRotate90Bytes,
			func(img image.Image) *image.NRGBA { return imaging.Rotate270(img) }},
		{"Transpose", func(d, _, v pixbuf.View[uint8], n int) error { return ops.Transpose(d, v, w(n)) },
			naiveTransposeBytes,
			func(img image.Image) *image.NRGBA { return imaging.Transpose(img) }},
		{"ExtractChannel", func(_, p, v pixbuf.View[uint8], n int) error { return ops.ExtractChannel(p, v, 1, w(n)) },
			naiveExtractBytes, nil},
		{"SwapChannels", func(_, _, v pixbuf.View[uint8], n int) error { return ops.SwapChannels(v, 0, 2, w(n)) },
			func(_, _, s []byte, w, h int) { naiveSwapBytes(s, w, h) }, nil},
	}
}

// BenchmarkOps measures package ops on RGB24 at 12 MP and 1080p with one
// and two workers, beside the floor and copy() of the same bytes, imaging
// on the same pixels as *image.NRGBA (allocating its result, 4 bytes a
// pixel) and the naive per-pixel loop. Every row's bytes are the RGB24
// image's, so MB/s compares pixels per second.
func BenchmarkOps(b *testing.B) {
	for _, s := range opSizes() {
		b.Run(s.name, func(b *testing.B) { benchOps(b, s) })
	}
}

func benchOps(b *testing.B, s size) {
	v := rgb(s)
	n := v.NBytes()
	dst := dstView(s.w, s.h, 3)
	plane := dstView(s.h, s.w, 1)
	img := rgbToNRGBA(v)
	for _, c := range opCases() {
		for _, workers := range []int{1, 2} {
			bench(b, c.op+"/pixview-w"+strconv.Itoa(workers), n, func(b *testing.B) {
				for b.Loop() {
					if err := c.pixview(dst, plane, v, workers); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		if c.imaging != nil {
			bench(b, c.op+"/imaging", n, func(b *testing.B) {
				for b.Loop() {
					c.imaging(img)
				}
			})
		}
		bench(b, c.op+"/naive", n, func(b *testing.B) {
			src, d, p := samples(v), samples(dst), samples(plane)
			for b.Loop() {
				c.naive(d, p, src, s.w, s.h)
			}
		})
	}
	refs(b, n)
}

// naiveFlipHBytes mirrors an RGB24 image left to right, pixel by pixel.
func naiveFlipHBytes(p []byte, w, h int) {
	for y := range h {
		row := p[y*w*3 : (y+1)*w*3]
		for x := range w / 2 {
			i, j := 3*x, 3*(w-1-x)
			row[i], row[j] = row[j], row[i]
			row[i+1], row[j+1] = row[j+1], row[i+1]
			row[i+2], row[j+2] = row[j+2], row[i+2]
		}
	}
}

// naiveFlipVBytes mirrors an RGB24 image top to bottom, byte by byte.
func naiveFlipVBytes(p []byte, w, h int) {
	rb := 3 * w
	for y := range h / 2 {
		a, b := p[y*rb:(y+1)*rb], p[(h-1-y)*rb:(h-y)*rb]
		for i := range a {
			a[i], b[i] = b[i], a[i]
		}
	}
}

// naiveRotate180Bytes turns an RGB24 image by half a turn, pixel by pixel.
func naiveRotate180Bytes(p []byte, w, h int) {
	n := w * h
	for k := range n / 2 {
		i, j := 3*k, 3*(n-1-k)
		p[i], p[j] = p[j], p[i]
		p[i+1], p[j+1] = p[j+1], p[i+1]
		p[i+2], p[j+2] = p[j+2], p[i+2]
	}
}

// naiveRotate90Bytes writes src (w x h RGB24) turned clockwise into dst
// (h wide, w high): pixel (x, y) goes to (h-1-y, x).
func naiveRotate90Bytes(dst, _, src []byte, w, h int) {
	for y := range h {
		for x := range w {
			s, d := 3*(y*w+x), 3*(x*h+h-1-y)
			dst[d], dst[d+1], dst[d+2] = src[s], src[s+1], src[s+2]
		}
	}
}

// naiveTransposeBytes writes src transposed into dst: (x, y) goes to (y, x).
func naiveTransposeBytes(dst, _, src []byte, w, h int) {
	for y := range h {
		for x := range w {
			s, d := 3*(y*w+x), 3*(x*h+y)
			dst[d], dst[d+1], dst[d+2] = src[s], src[s+1], src[s+2]
		}
	}
}

// naiveExtractBytes copies channel 1 (green) of src into plane.
func naiveExtractBytes(_, plane, src []byte, w, h int) {
	for i := range w * h {
		plane[i] = src[3*i+1]
	}
}

// naiveSwapBytes exchanges channels 0 and 2 (RGB to BGR) in place.
func naiveSwapBytes(p []byte, w, h int) {
	for i := 0; i+2 < 3*w*h; i += 3 {
		p[i], p[i+2] = p[i+2], p[i]
	}
}

// TestOpsKernelsAgree checks that for every op of the Ops group, pixview
// (with one and two workers), the naive loop, imaging and the pixbuf view
// twin all produce the same pixels, on an odd-sized image.
func TestOpsKernelsAgree(t *testing.T) {
	s := size{"t", 37, 21}
	for _, c := range opCases() {
		for _, workers := range []int{1, 2} {
			v := rgb(s)
			orig := v.Clone()
			dst := pixbuf.New[uint8](s.w, s.h, 3)
			plane := pixbuf.New[uint8](s.h, s.w, 1)
			if err := c.pixview(dst, plane, v, workers); err != nil {
				t.Fatalf("%s: %v", c.op, err)
			}
			var got, want pixbuf.View[uint8]
			switch c.op {
			case "Rotate90":
				got, want = dst, orig.Rotate(90)
			case "Transpose":
				got, want = dst, orig.Transpose()
			case "ExtractChannel":
				got, want = plane, orig.Channel(1)
			case "FlipH":
				got, want = v, orig.FlipH()
			case "FlipV":
				got, want = v, orig.FlipV()
			case "Rotate180":
				got, want = v, orig.Rotate(180)
			case "SwapChannels":
				got, want = v, orig.Clone()
				if err := want.Channel(0).CopyFrom(orig.Channel(2)); err != nil {
					t.Fatal(err)
				}
				if err := want.Channel(2).CopyFrom(orig.Channel(0)); err != nil {
					t.Fatal(err)
				}
			}
			if !got.Equal(want) {
				t.Errorf("%s, %d workers: pixview differs from its view twin", c.op, workers)
			}
			nv := orig.Clone()
			nd, np := pixbuf.New[uint8](s.w, s.h, 3), pixbuf.New[uint8](s.h, s.w, 1)
			c.naive(samples(nd), samples(np), samples(nv), s.w, s.h)
			naive := nv
			switch c.op {
			case "Rotate90", "Transpose":
				naive = nd
			case "ExtractChannel":
				naive = np
			}
			if !naive.Equal(want) {
				t.Errorf("%s: the naive loop differs from the view twin", c.op)
			}
			if c.imaging != nil {
				out := nrgbaView(c.imaging(rgbToNRGBA(orig))).ChannelRange(0, 3)
				if !out.Equal(want) {
					t.Errorf("%s: imaging differs from the view twin", c.op)
				}
			}
		}
	}
}
