package ops

import (
	"image"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// TestFlipOfCropLeavesOutsideUntouched guards against the classic bug of a
// flip that indexes the source with the destination's stride: it flips and
// turns crops of a larger image, whose row stride is not width*channels,
// and checks every pixel outside the crop is as it was and every pixel
// inside is where the view twin says.
func TestFlipOfCropLeavesOutsideUntouched(t *testing.T) {
	crops := []image.Rectangle{
		image.Rect(3, 2, 40, 9),   // interior
		image.Rect(0, 0, 45, 1),   // one full row
		image.Rect(44, 0, 45, 11), // the last column
		image.Rect(1, 1, 34, 34),  // square, for the in-place quarter turns
		image.Rect(5, 5, 5, 9),    // empty
	}
	ops := []struct {
		name string
		do   func(v pixbuf.View[uint8], o ...Option) error
		twin func(v pixbuf.View[uint8]) pixbuf.View[uint8]
	}{
		{"FlipH", FlipH[uint8], pixbuf.View[uint8].FlipH},
		{"FlipV", FlipV[uint8], pixbuf.View[uint8].FlipV},
		{"Rotate180", Rotate180[uint8], func(v pixbuf.View[uint8]) pixbuf.View[uint8] { return v.Rotate(180) }},
		{"Rotate90 in place", func(v pixbuf.View[uint8], o ...Option) error {
			if v.Height() != v.Width() {
				return nil
			}
			return Rotate90(v, v, o...)
		}, func(v pixbuf.View[uint8]) pixbuf.View[uint8] {
			if v.Height() != v.Width() {
				return v
			}
			return v.Rotate(90)
		}},
	}
	for _, c := range []int{1, 3, 4} {
		for _, r := range crops {
			for _, op := range ops {
				for _, p := range paths {
					parent := filled(40, 45, c)
					before := parent.Clone()
					crop := parent.Crop(r)
					want := op.twin(crop).Clone()
					if err := op.do(crop, p.opt); err != nil {
						t.Fatal(err)
					}
					if !crop.Equal(want) {
						t.Errorf("%s %s c=%d crop %v: the crop is not its twin", op.name, p.name, c, r)
					}
					for y := 0; y < 40; y++ {
						for x := 0; x < 45; x++ {
							if (image.Point{x, y}).In(r) {
								continue
							}
							for k := 0; k < c; k++ {
								if parent.At(y, x, k) != before.At(y, x, k) {
									t.Fatalf("%s %s c=%d crop %v: pixel (%d, %d) outside changed", op.name, p.name, c, r, x, y)
								}
							}
						}
					}
				}
			}
		}
	}
}
