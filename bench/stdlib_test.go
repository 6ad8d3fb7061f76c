package bench

import (
	"image"
	"image/draw"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// BenchmarkStdlib measures pixview against what the standard library offers
// for the same job on the same *image.RGBA pixels: Crop against SubImage,
// and copying a region or the whole image with CopyFrom against draw.Draw
// (into a new image, as one writes it by hand, and into a preallocated one).
func BenchmarkStdlib(b *testing.B) {
	for _, s := range opSizes() {
		b.Run(s.name, func(b *testing.B) { benchStdlib(b, s) })
	}
}

func benchStdlib(b *testing.B, s size) {
	v := rgba(s)
	img := &image.RGBA{Pix: samples(v), Stride: 4 * s.w, Rect: image.Rect(0, 0, s.w, s.h)}
	r := centre(s.w, s.h)
	rb := 4 * r.Dx() * r.Dy()
	n := v.NBytes()
	region := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	whole := image.NewRGBA(img.Rect)
	draw.Draw(region, region.Rect, img, r.Min, draw.Src) // touch the pages before timing
	draw.Draw(whole, whole.Rect, img, image.Point{}, draw.Src)
	dstRegion := dstView(r.Dy(), r.Dx(), 4)
	dstWhole := dstView(s.h, s.w, 4)

	bench(b, "Crop/SubImage", rb, func(b *testing.B) {
		for b.Loop() {
			img.SubImage(r)
		}
	})
	bench(b, "Crop/view", rb, func(b *testing.B) {
		for b.Loop() {
			v.Crop(r)
		}
	})
	bench(b, "CropCopy/draw-new", rb, func(b *testing.B) {
		for b.Loop() {
			out := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
			draw.Draw(out, out.Rect, img, r.Min, draw.Src)
		}
	})
	bench(b, "CropCopy/draw-into", rb, func(b *testing.B) {
		for b.Loop() {
			draw.Draw(region, region.Rect, img, r.Min, draw.Src)
		}
	})
	bench(b, "CropCopy/clone", rb, func(b *testing.B) {
		for b.Loop() {
			v.Crop(r).Clone()
		}
	})
	bench(b, "CropCopy/copy-into", rb, func(b *testing.B) {
		for b.Loop() {
			if err := dstRegion.CopyFrom(v.Crop(r)); err != nil {
				b.Fatal(err)
			}
		}
	})
	bench(b, "Copy/draw-into", n, func(b *testing.B) {
		for b.Loop() {
			draw.Draw(whole, whole.Rect, img, image.Point{}, draw.Src)
		}
	})
	bench(b, "Copy/copy-into", n, func(b *testing.B) {
		for b.Loop() {
			if err := dstWhole.CopyFrom(v); err != nil {
				b.Fatal(err)
			}
		}
	})
	refs(b, n)
}

// TestStdlibKernelsMatch checks that draw.Draw of the crop rectangle and the
// cloned Crop view hold the same pixels.
func TestStdlibKernelsMatch(t *testing.T) {
	s := size{"t", 41, 27}
	v := rgba(s)
	img := &image.RGBA{Pix: samples(v), Stride: 4 * s.w, Rect: image.Rect(0, 0, s.w, s.h)}
	r := centre(s.w, s.h)
	out := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	draw.Draw(out, out.Rect, img, r.Min, draw.Src)
	got, err := pixbuf.Wrap(out.Pix, r.Dy(), r.Dx(), 4)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equal(v.Crop(r).Clone()) {
		t.Error("draw.Draw of the crop differs from the cloned Crop view")
	}
}
