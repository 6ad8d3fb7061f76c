package codec

import (
	"fmt"
	"image"
	"image/draw"
	"testing"

	"github.com/disintegration/imaging"
	xdraw "golang.org/x/image/draw"

	"github.com/pixview/pixview/pixbuf"
)

// copied returns v's pixels as a fresh *image.NRGBA, the "copied image" the
// interop tests compare with.
func copied(v pixbuf.View[uint8]) *image.NRGBA {
	h, w, c := v.Shape()
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			i := m.PixOffset(x, y)
			switch c {
			case 1:
				g := v.At(y, x, 0)
				m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = g, g, g, 255
			case 3:
				m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = v.At(y, x, 0), v.At(y, x, 1), v.At(y, x, 2), 255
			case 4:
				m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = v.At(y, x, 0), v.At(y, x, 1), v.At(y, x, 2), v.At(y, x, 3)
			}
		}
	}
	return m
}

// interopViews returns views of a sample photo in several geometries and
// channel counts.
func interopViews(t *testing.T) map[string]pixbuf.View[uint8] {
	m, err := Load(testdataDir+"/video-001.png", nil)
	if err != nil {
		t.Fatal(err)
	}
	rgb := m.View8.Crop(image.Rect(10, 5, 110, 85))
	rgba := pixbuf.New[uint8](rgb.Height(), rgb.Width(), 4)
	rgba.ChannelRange(0, 3).CopyFrom(rgb)
	for y := range rgba.Height() {
		for x := range rgba.Width() {
			rgba.Set(y, x, 3, uint8(128+(x*2+y)%128)) // premultiplied paths round low alphas coarsely
		}
	}
	return map[string]pixbuf.View[uint8]{
		"rgb":             rgb,
		"rgb flipH":       rgb.FlipH(),
		"rgb rot90":       rgb.Rotate(90),
		"gray transposed": rgb.Channel(1).Transpose(),
		"rgba flipV":      rgba.FlipV(),
		"rgba crop":       rgba.Crop(image.Rect(3, 4, 60, 50)),
	}
}

// TestInteropImaging checks that imaging.Resize of ToImage(v) equals
// imaging.Resize of a copied *image.NRGBA.
func TestInteropImaging(t *testing.T) {
	for name, v := range interopViews(t) {
		for _, filter := range []imaging.ResampleFilter{imaging.Lanczos, imaging.NearestNeighbor} {
			got := imaging.Resize(ToImage(v), v.Width()/2+1, 0, filter)
			want := imaging.Resize(copied(v), v.Width()/2+1, 0, filter)
			gv, _ := FromImage(got)
			wv, _ := FromImage(want)
			if d := maxDiff(gv, wv); d > alphaTolerance(v) {
				t.Errorf("%s: imaging.Resize differs from the copied image's by %d", name, d)
			}
		}
	}
}

// TestInteropDraw checks image/draw and x/image/draw with a view as source
// and as destination, against the same work on copied images.
func TestInteropDraw(t *testing.T) {
	for name, v := range interopViews(t) {
		for _, op := range []draw.Op{draw.Src, draw.Over} {
			t.Run(fmt.Sprintf("%s/%v", name, op), func(t *testing.T) {
				// As source.
				bg := func() *image.NRGBA {
					m := image.NewNRGBA(image.Rect(0, 0, v.Width()+6, v.Height()+4))
					for i := range m.Pix {
						m.Pix[i] = uint8(i * 7)
					}
					return m
				}
				got, want := bg(), bg()
				draw.Draw(got, v.Bounds().Add(image.Pt(3, 2)), ToImage(v), image.Point{}, op)
				draw.Draw(want, v.Bounds().Add(image.Pt(3, 2)), copied(v), image.Point{}, op)
				if gv, wv := mustFrom(t, got), mustFrom(t, want); maxDiff(gv, wv) > alphaTolerance(v) {
					t.Errorf("draw.Draw from the view differs by %d", maxDiff(gv, wv))
				}
				// As destination: draw a gradient into the view and into a copy.
				dst := v.Clone()
				src := bg()
				ref := copied(dst)
				draw.Draw(ToImage(dst.FlipH()).(draw.Image), dst.Bounds(), src, image.Pt(1, 1), op)
				draw.Draw(ref, ref.Bounds(), imaging.FlipH(src.SubImage(image.Rect(1, 1, 1+dst.Width(), 1+dst.Height()))), image.Point{}, op)
				if dst.Channels() == 4 {
					if gv, wv := mustFrom(t, ToImage(dst)), mustFrom(t, ref); maxDiff(gv, wv) > 1 {
						t.Errorf("draw.Draw into the view differs by %d", maxDiff(gv, wv))
					}
				}
				// x/image/draw scaling from the view.
				sg := image.NewNRGBA(image.Rect(0, 0, 37, 23))
				sw := image.NewNRGBA(image.Rect(0, 0, 37, 23))
				xdraw.CatmullRom.Scale(sg, sg.Bounds(), ToImage(v), v.Bounds(), op, nil)
				xdraw.CatmullRom.Scale(sw, sw.Bounds(), copied(v), v.Bounds(), op, nil)
				if gv, wv := mustFrom(t, sg), mustFrom(t, sw); maxDiff(gv, wv) > alphaTolerance(v) {
					t.Errorf("x/image/draw differs by %d", maxDiff(gv, wv))
				}
			})
		}
	}
}

// alphaTolerance is 0 for opaque views, whose results must be identical.
// With translucent pixels, imaging and image/draw take an exact
// straight-alpha fast path for *image.NRGBA but go through premultiplied
// 16-bit colors for any other image type, which rounds differently.
func alphaTolerance(v pixbuf.View[uint8]) int {
	if v.Channels() == 4 {
		return 1
	}
	return 0
}

func mustFrom(t *testing.T, m image.Image) pixbuf.View[uint8] {
	t.Helper()
	v, err := FromImage(m)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
