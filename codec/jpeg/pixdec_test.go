package jpeg

import (
	"errors"
	"fmt"
	"image"
	"math/rand/v2"
	"testing"

	"github.com/pixview/pixview/codec/codecerr"
	"github.com/pixview/pixview/pixbuf"
)

// TestPixelsAgainstDjpeg decodes the cjpeg/ImageMagick matrix and the
// repository's samples at every scale, with both upsamplings, and judges
// every sample by djpeg -dct int (-nosmooth for replication). Where djpeg
// refuses a file (sampling ratios that are not whole) we must refuse it
// too, with ErrUnsupported.
func TestPixelsAgainstDjpeg(t *testing.T) {
	files := append(rdMatrix(t, !pdLong()), rdRepoFiles(t)...)
	worst, worstMean := 0, 0.0
	cases := 0
	for _, f := range files {
		for _, scale := range []int{1, 2, 4, 8} {
			for _, up := range []Upsampling{UpsampleFancy, UpsampleReplicate} {
				args := pdScaleArgs(scale)
				if up == UpsampleReplicate {
					args = append(args, "-nosmooth")
				}
				name := fmt.Sprintf("%s/1:%d/up%d", f.name, scale, up)
				want, derr := pdDjpeg(t, f.data, args...)
				v, _, err := DecodePixelsBytes(f.data, &PixelOptions{Scale: scale, Upsampling: up})
				if derr != nil {
					if err == nil || !errors.Is(err, codecerr.ErrUnsupported) {
						t.Errorf("%s: djpeg refuses (%v), we give %v", name, derr, err)
					}
					continue
				}
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				maxd, mean, err := pdDiff(v, want)
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				cases++
				worst, worstMean = max(worst, maxd), max(worstMean, mean)
				if maxd > 0 {
					t.Errorf("%s: max diff %d, mean %.4f from djpeg", name, maxd, mean)
				}
			}
		}
	}
	t.Logf("%d decodes against djpeg: max abs diff %d, worst mean abs diff %.4f", cases, worst, worstMean)
}

// TestRegionLaw: a region decode equals the same crop of the whole
// decode, bit for bit, at every scale, for regions on and off the iMCU
// grid, including one-pixel ones and the edges.
func TestRegionLaw(t *testing.T) {
	files := append(rdMatrix(t, true), rdRepoFiles(t)...)
	rng := rand.New(rand.NewPCG(3, 4))
	for _, f := range files {
		for _, scale := range []int{1, 2, 8} {
			full, _, err := DecodePixelsBytes(f.data, &PixelOptions{Scale: scale})
			if err != nil {
				if errors.Is(err, codecerr.ErrUnsupported) {
					continue
				}
				t.Fatalf("%s: %v", f.name, err)
			}
			b := full.Bounds()
			for k := range 6 {
				x0, y0 := rng.IntN(b.Dx()), rng.IntN(b.Dy())
				r := image.Rect(x0, y0, x0+1+rng.IntN(b.Dx()-x0), y0+1+rng.IntN(b.Dy()-y0))
				if k == 0 {
					r = image.Rect(b.Dx()-1, b.Dy()-1, b.Dx(), b.Dy())
				}
				v, _, err := DecodePixelsBytes(f.data, &PixelOptions{Scale: scale, Region: r})
				if err != nil {
					t.Fatalf("%s %v: %v", f.name, r, err)
				}
				if !v.Equal(full.Crop(r)) {
					t.Errorf("%s 1/%d: region %v differs from the crop of the whole decode", f.name, scale, r)
				}
			}
		}
	}
}

// TestDecodeIntoCrop decodes into a strided crop of a larger buffer (and
// a transposed view, whose rows are not contiguous) without touching
// anything outside it.
func TestDecodeIntoCrop(t *testing.T) {
	data := rdExec(t, photoPPM(61, 37, 1), "cjpeg", "-sample", "2x2")
	want, _, err := DecodePixelsBytes(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	big := pixbuf.New[uint8](50, 80, 3)
	_ = big.Fill(7)
	dst := big.Crop(image.Rect(5, 6, 66, 43))
	dec, err := NewDecoderBytes(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := dec.DecodeInto(dst, nil); err != nil {
		t.Fatal(err)
	}
	if !dst.Equal(want) {
		t.Error("crop differs from the whole decode")
	}
	n := 0
	for y := range 50 {
		for x := range 80 {
			if !(image.Pt(x, y).In(image.Rect(5, 6, 66, 43))) && big.At(y, x, 0) != 7 {
				n++
			}
		}
	}
	if n != 0 {
		t.Errorf("%d pixels outside the crop written", n)
	}
	tr := pixbuf.New[uint8](61, 37, 3)
	dec, _ = NewDecoderBytes(data, nil)
	if err := dec.DecodeInto(tr.Transpose(), nil); err != nil {
		t.Fatal(err)
	}
	if !tr.Transpose().Equal(want) {
		t.Error("transposed destination differs")
	}
	dec, _ = NewDecoderBytes(data, nil)
	if err := dec.DecodeInto(pixbuf.New[uint8](3, 3, 3), nil); !errors.Is(err, pixbuf.ErrShape) {
		t.Errorf("wrong shape: %v", err)
	}
	if err := dec.DecodeInto(want.AsReadOnly(), nil); !errors.Is(err, pixbuf.ErrReadOnly) {
		t.Errorf("read-only: %v", err)
	}
	if _, _, err := DecodePixelsBytes(data, &PixelOptions{Scale: 3}); !errors.Is(err, codecerr.ErrUnsupported) {
		t.Errorf("scale 3: %v", err)
	}
	if _, _, err := DecodePixelsBytes(data, &PixelOptions{Region: image.Rect(0, 0, 62, 1)}); !errors.Is(err, pixbuf.ErrBounds) {
		t.Errorf("region outside: %v", err)
	}
}

func TestScaleFor(t *testing.T) {
	for _, c := range []struct{ w, h, n, want int }{
		{4000, 3000, 160, 8}, {4000, 3000, 500, 8}, {4000, 3000, 501, 4}, {4000, 3000, 1000, 4},
		{4000, 3000, 1001, 2}, {4000, 3000, 2001, 1}, {100, 100, 200, 1}, {3000, 4000, 500, 8},
		{4001, 10, 501, 8}, {4001, 10, 502, 4}, {10, 10, 0, 1},
	} {
		if got := ScaleFor(c.w, c.h, c.n); got != c.want {
			t.Errorf("ScaleFor(%d, %d, %d) = %d, want %d", c.w, c.h, c.n, got, c.want)
		}
		// The law: the chosen decode is at least n on the longer side,
		// and the next smaller one is not.
		s := ScaleFor(c.w, c.h, c.n)
		if long := max(c.w, c.h); long > c.n && c.n > 0 && ceilDiv(long, s) < c.n {
			t.Errorf("ScaleFor(%d, %d, %d) = %d gives %d", c.w, c.h, c.n, s, ceilDiv(long, s))
		}
	}
}
