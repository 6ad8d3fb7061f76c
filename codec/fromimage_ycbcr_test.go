package codec

import (
	"fmt"
	"image"
	"image/color"
	"math/rand/v2"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// ycbcrRatios are every subsampling ratio image.YCbCr has.
var ycbcrRatios = []image.YCbCrSubsampleRatio{
	image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420,
	image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410,
}

// randomYCbCr returns an image of r and ratio whose planes, padding
// included, hold random bytes.
func randomYCbCr(rng *rand.Rand, r image.Rectangle, ratio image.YCbCrSubsampleRatio) *image.YCbCr {
	m := image.NewYCbCr(r, ratio)
	for _, p := range [][]uint8{m.Y, m.Cb, m.Cr} {
		for i := range p {
			p[i] = uint8(rng.Uint32())
		}
	}
	return m
}

// TestFromImageYCbCrWide runs the YCbCr kernels on images wide enough for
// their 16-pixel steps and tails: every subsampling ratio, widths around
// the steps, even and odd origins, sub-images of larger planes, random
// samples; the result must equal the per-pixel conversion
// (color.YCbCrToRGB) exactly, on one goroutine and on two.
func TestFromImageYCbCrWide(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 4))
	for _, ratio := range ycbcrRatios {
		for _, w := range []int{16, 17, 31, 32, 33, 47, 64, 95} {
			for _, org := range []image.Point{{0, 0}, {1, 1}, {2, 3}, {3, 0}} {
				r := image.Rect(0, 0, w, 7).Add(org)
				big := randomYCbCr(rng, r.Inset(-5), ratio)
				for name, img := range map[string]image.Image{
					"image": randomYCbCr(rng, r, ratio),
					"sub":   big.SubImage(r),
				} {
					want := refChannels8(img, 3)
					for _, workers := range []int{1, 2} {
						got, err := FromImage(img, Workers(workers))
						if err != nil {
							t.Fatal(err)
						}
						if !got.Equal(want) {
							t.Fatalf("%v %s %v w%d, %d workers: pixels differ from the per-pixel conversion", ratio, name, r, w, workers)
						}
					}
				}
			}
		}
	}
}

// TestFromYCbCrStrided checks that the conversion writes straight into
// views whose rows are not back to back, a crop of a padded buffer and a
// flipped one, and nowhere else.
func TestFromYCbCrStrided(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 5))
	for _, ratio := range ycbcrRatios {
		for _, c := range []int{3, 4} {
			r := image.Rect(1, 0, 1+40, 11)
			m := randomYCbCr(rng, r, ratio)
			var img image.Image = m
			var alpha []uint8
			if c == 4 {
				a := &image.NYCbCrA{YCbCr: *m, A: make([]uint8, r.Dx()*r.Dy()), AStride: r.Dx()}
				for i := range a.A {
					a.A[i] = uint8(rng.Uint32())
				}
				img, alpha = a, a.A
			}
			want := refChannels8(img, c)
			parent := pixbuf.New[uint8](r.Dy()+4, r.Dx()+5, c)
			parent.Fill(0x5a)
			inner := parent.Crop(image.Rect(2, 2, 2+r.Dx(), 2+r.Dy()))
			for name, dst := range map[string]pixbuf.View[uint8]{"crop": inner, "flipped": inner.FlipV()} {
				t.Run(fmt.Sprintf("%v/%d/%s", ratio, c, name), func(t *testing.T) {
					parent.Fill(0x5a)
					fromYCbCr(dst, m, alpha, r.Dx(), 1)
					if !dst.Equal(want) {
						t.Fatal("pixels differ from the per-pixel conversion")
					}
					outside := 0
					for y := range parent.Height() {
						for x := range parent.Width() {
							if !image.Pt(x, y).In(image.Rect(2, 2, 2+r.Dx(), 2+r.Dy())) && parent.At(y, x, 0) != 0x5a {
								outside++
							}
						}
					}
					if outside != 0 {
						t.Fatalf("%d pixels outside the view were written", outside)
					}
				})
			}
		}
	}
}

// TestStraight holds straight, the palette's color conversion, to
// color.NRGBAModel on random colors of every type in package color.
func TestStraight(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 6))
	for range 20000 {
		u := rng.Uint64()
		b := func(i int) uint8 { return uint8(u >> (8 * i)) }
		w := func(i int) uint16 { return uint16(u >> (16 * i)) }
		for _, c := range []color.Color{
			color.NRGBA{b(0), b(1), b(2), b(3)},
			color.RGBA{min(b(0), b(3)), min(b(1), b(3)), min(b(2), b(3)), b(3)},
			color.NRGBA64{w(0), w(1), w(2), w(3)},
			color.RGBA64{min(w(0), w(3)), min(w(1), w(3)), min(w(2), w(3)), w(3)},
			color.Gray{b(0)}, color.Gray16{w(0)}, color.Alpha{b(0)}, color.Alpha16{w(0)},
			color.CMYK{b(0), b(1), b(2), b(3)}, color.YCbCr{b(0), b(1), b(2)},
			color.NYCbCrA{color.YCbCr{b(0), b(1), b(2)}, b(3)},
		} {
			if got, want := straight(c), color.NRGBAModel.Convert(c).(color.NRGBA); got != want {
				t.Fatalf("%#v: straight gives %v, color.NRGBAModel %v", c, got, want)
			}
		}
	}
}
