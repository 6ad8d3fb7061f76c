package bench

import (
	"image"
	"testing"

	"github.com/disintegration/imaging"
	"github.com/pixview/pixview/pixbuf"
)

// imagingCase is one transform of the Imaging group: imaging's function and
// the pixview view that selects the same pixels (imaging's Rotate270 turns
// counter-clockwise by 270 degrees, which is pixview's clockwise Rotate(90)).
type imagingCase struct {
	op      string
	imaging func(img image.Image) *image.NRGBA
	view    func(v pixbuf.View[uint8]) pixbuf.View[uint8]
}

// imagingCases returns the transforms both imaging and pixbuf views offer,
// on a w x h image.
func imagingCases(w, h int) []imagingCase {
	r := centre(w, h)
	return []imagingCase{
		{"FlipH", func(img image.Image) *image.NRGBA { return imaging.FlipH(img) },
			func(v pixbuf.View[uint8]) pixbuf.View[uint8] { return v.FlipH() }},
		{"FlipV", func(img image.Image) *image.NRGBA { return imaging.FlipV(img) },
			func(v pixbuf.View[uint8]) pixbuf.View[uint8] { return v.FlipV() }},
		{"Rotate90", func(img image.Image) *image.NRGBA { return imaging.Rotate270(img) },
			func(v pixbuf.View[uint8]) pixbuf.View[uint8] { return v.Rotate(90) }},
		{"Rotate180", func(img image.Image) *image.NRGBA { return imaging.Rotate180(img) },
			func(v pixbuf.View[uint8]) pixbuf.View[uint8] { return v.Rotate(180) }},
		{"Crop", func(img image.Image) *image.NRGBA { return imaging.Crop(img, r) },
			func(v pixbuf.View[uint8]) pixbuf.View[uint8] { return v.Crop(r) }},
	}
}

// BenchmarkImaging measures github.com/disintegration/imaging, which always
// allocates a new *image.NRGBA, against pixview on the same NRGBA pixels:
// the transform as a view (O(1)), the view cloned (allocating, as imaging
// does) and the view copied into a preallocated destination.
// The in-place ops are in BenchmarkOps.
//
// It runs at 1080p only (the quick mode's size with -short): imaging's
// 12 MP times are in BenchmarkOps, beside the in-place ops.
func BenchmarkImaging(b *testing.B) {
	s := size1080p
	if testing.Short() {
		s = sizeSmall
	}
	b.Run(s.name, func(b *testing.B) { benchImaging(b, s) })
}

func benchImaging(b *testing.B, s size) {
	img := rgbToNRGBA(rgb(s))
	v := nrgbaView(img)
	for _, c := range imagingCases(s.w, s.h) {
		out := c.view(v)
		n := out.NBytes()
		dst := dstView(out.Shape())
		bench(b, c.op+"/imaging", n, func(b *testing.B) {
			for b.Loop() {
				c.imaging(img)
			}
		})
		bench(b, c.op+"/view", n, func(b *testing.B) {
			for b.Loop() {
				c.view(v)
			}
		})
		bench(b, c.op+"/view-clone", n, func(b *testing.B) {
			for b.Loop() {
				c.view(v).Clone()
			}
		})
		bench(b, c.op+"/view-copy", n, func(b *testing.B) {
			for b.Loop() {
				if err := dst.CopyFrom(c.view(v)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	refs(b, len(img.Pix))
}

// TestImagingCasesMatch checks that each pixview view selects exactly the
// pixels imaging's transform produces, so the group compares the same work.
func TestImagingCasesMatch(t *testing.T) {
	img := rgbToNRGBA(rgb(size{"t", 31, 19}))
	v := nrgbaView(img)
	for _, c := range imagingCases(31, 19) {
		if got, want := c.view(v), nrgbaView(c.imaging(img)); !got.Equal(want) {
			t.Errorf("%s: view %v differs from imaging's %v", c.op, got, want)
		}
	}
}
