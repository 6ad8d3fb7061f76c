package bench

import (
	"image"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// BenchmarkView measures every view method (O(1), no allocation) against
// image.RGBA.SubImage on the same pixels and against copying the region the
// view selects, at 1, 12 and 48 MP RGBA: a view's cost stays flat while a
// copy's grows with the image. Each row's bytes are those the view covers,
// so that MB/s compares the view with its copying twin.
func BenchmarkView(b *testing.B) {
	for _, s := range viewSizes() {
		b.Run(s.name, func(b *testing.B) { benchView(b, s) })
	}
}

// viewCase is one view method: the view it makes of v, and whether cloning
// it is heavy (a strided copy of the whole image, a second or more at 12 MP
// on a busy machine), in which case its clone runs at 1 MP only: the view
// rows are the point, and Crop, Row and Col show the copies' growth.
type viewCase struct {
	op    string
	view  func(v pixbuf.View[uint8]) pixbuf.View[uint8]
	heavy bool
}

// viewCases returns the view methods the View group measures on a w x h
// image.
func viewCases(w, h int) []viewCase {
	r := centre(w, h)
	return []viewCase{
		{"Crop", func(v pixbuf.View[uint8]) pixbuf.View[uint8] { return v.Crop(r) }, false},
		{"Row", func(v pixbuf.View[uint8]) pixbuf.View[uint8] { return v.Row(h / 2) }, false},
		{"Col", func(v pixbuf.View[uint8]) pixbuf.View[uint8] { return v.Col(w / 2) }, false},
		{"Channel", func(v pixbuf.View[uint8]) pixbuf.View[uint8] { return v.Channel(1) }, true},
		{"ChannelRange", func(v pixbuf.View[uint8]) pixbuf.View[uint8] { return v.ChannelRange(0, 3) }, true},
		{"FlipH", func(v pixbuf.View[uint8]) pixbuf.View[uint8] { return v.FlipH() }, true},
		{"FlipV", func(v pixbuf.View[uint8]) pixbuf.View[uint8] { return v.FlipV() }, true},
		{"Transpose", func(v pixbuf.View[uint8]) pixbuf.View[uint8] { return v.Transpose() }, true},
		{"Rotate90", func(v pixbuf.View[uint8]) pixbuf.View[uint8] { return v.Rotate(90) }, true},
		{"AsReadOnly", func(v pixbuf.View[uint8]) pixbuf.View[uint8] { return v.AsReadOnly() }, true},
	}
}

// loopView times the view method op on v with the method called directly
// in the loop, as a caller would, not through viewCase's function value.
func loopView(b *testing.B, op string, v pixbuf.View[uint8], r image.Rectangle) {
	h, w, _ := v.Shape()
	switch op {
	case "Crop":
		for b.Loop() {
			v.Crop(r)
		}
	case "Row":
		for b.Loop() {
			v.Row(h / 2)
		}
	case "Col":
		for b.Loop() {
			v.Col(w / 2)
		}
	case "Channel":
		for b.Loop() {
			v.Channel(1)
		}
	case "ChannelRange":
		for b.Loop() {
			v.ChannelRange(0, 3)
		}
	case "FlipH":
		for b.Loop() {
			v.FlipH()
		}
	case "FlipV":
		for b.Loop() {
			v.FlipV()
		}
	case "Transpose":
		for b.Loop() {
			v.Transpose()
		}
	case "Rotate90":
		for b.Loop() {
			v.Rotate(90)
		}
	case "AsReadOnly":
		for b.Loop() {
			v.AsReadOnly()
		}
	default:
		b.Fatalf("no view method %q", op)
	}
}

func benchView(b *testing.B, s size) {
	v := rgba(s)
	pix := samples(v)
	img := &image.RGBA{Pix: pix, Stride: 4 * s.w, Rect: image.Rect(0, 0, s.w, s.h)}
	r := centre(s.w, s.h)
	regionBytes := 4 * r.Dx() * r.Dy()

	bench(b, "SubImage/stdlib", regionBytes, func(b *testing.B) {
		for b.Loop() {
			img.SubImage(r)
		}
	})
	for _, c := range viewCases(s.w, s.h) {
		n := c.view(v).NBytes()
		bench(b, c.op+"/view", n, func(b *testing.B) { loopView(b, c.op, v, r) })
		if c.op == "AsReadOnly" || (c.heavy && s.pixels() > 2e6) {
			continue
		}
		bench(b, c.op+"/clone", n, func(b *testing.B) {
			for b.Loop() {
				c.view(v).Clone()
			}
		})
	}
	dst := dstView(r.Dy(), r.Dx(), 4)
	bench(b, "Crop/copy-into", regionBytes, func(b *testing.B) {
		for b.Loop() {
			if err := dst.CopyFrom(v.Crop(r)); err != nil {
				b.Fatal(err)
			}
		}
	})
	refs(b, len(pix))
}

// TestViewCasesMatchSubImage checks that the View group's Crop selects the
// same pixels as SubImage, and that each view equals its clone.
func TestViewCasesMatchSubImage(t *testing.T) {
	s := size{"t", 37, 23}
	v := rgba(s)
	img := &image.RGBA{Pix: samples(v), Stride: 4 * s.w, Rect: image.Rect(0, 0, s.w, s.h)}
	r := centre(s.w, s.h)
	sub := img.SubImage(r).(*image.RGBA)
	crop := v.Crop(r)
	for y := range r.Dy() {
		for x := range r.Dx() {
			for c := range 4 {
				if got, want := crop.At(y, x, c), sub.Pix[sub.PixOffset(r.Min.X+x, r.Min.Y+y)+c]; got != want {
					t.Fatalf("crop (%d,%d,%d) = %d, SubImage has %d", y, x, c, got, want)
				}
			}
		}
	}
	for _, c := range viewCases(s.w, s.h) {
		if w := c.view(v); !w.Clone().Equal(w) {
			t.Errorf("%s: clone differs from the view", c.op)
		}
	}
}
