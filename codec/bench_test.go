package codec

import (
	"bytes"
	"image"
	"image/color/palette"
	"image/jpeg"
	"image/png"
	"io"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// benchPhoto returns a w x h RGB view with photo-like content: smooth
// gradients plus some texture, so that JPEG keeps AC coefficients.
func benchPhoto(h, w int) pixbuf.View[uint8] {
	v := pixbuf.New[uint8](h, w, 3)
	s, _ := v.Samples()
	seed := uint32(1)
	for y := range h {
		for x := range w {
			seed = seed*1664525 + 1013904223
			n := uint8(seed>>27) - 16 // texture in [-16, 15]
			i := (y*w + x) * 3
			s[i], s[i+1], s[i+2] = uint8(x/7+y/5)+n, uint8(x*y/977)+n/2, uint8(200-y/9)-n
		}
	}
	return v
}

// BenchmarkFromImageYCbCr420 converts a 12 MP 4:2:0 image, the output of
// jpeg.Decode; compare with BenchmarkJPEGDecode12MP.
func BenchmarkFromImageYCbCr420(b *testing.B) {
	m := image.NewYCbCr(image.Rect(0, 0, 4000, 3000), image.YCbCrSubsampleRatio420)
	b.SetBytes(4000 * 3000 * 3)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FromImage(m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkJPEGDecode12MP is jpeg.Decode of a 12 MP 4:2:0 JPEG.
func BenchmarkJPEGDecode12MP(b *testing.B) {
	var buf bytes.Buffer
	if err := Encode(&buf, benchPhoto(3000, 4000), "jpeg", nil); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(4000 * 3000 * 3)
	for b.Loop() {
		if _, err := jpeg.Decode(bytes.NewReader(buf.Bytes())); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodePNG compares Encode of a 3-channel view, flipped or not,
// with png.Encode of the same pixels as *image.NRGBA.
func BenchmarkEncodePNG(b *testing.B) {
	v := benchPhoto(1000, 1500)
	nrgba := image.NewNRGBA(image.Rect(0, 0, 1500, 1000))
	for y := range 1000 {
		for x := range 1500 {
			i := nrgba.PixOffset(x, y)
			nrgba.Pix[i], nrgba.Pix[i+1], nrgba.Pix[i+2], nrgba.Pix[i+3] = v.At(y, x, 0), v.At(y, x, 1), v.At(y, x, 2), 255
		}
	}
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	opts := &EncodeOptions{PNGCompression: png.BestSpeed}
	b.Run("nrgba", func(b *testing.B) {
		for b.Loop() {
			enc.Encode(io.Discard, nrgba)
		}
	})
	b.Run("view", func(b *testing.B) {
		for b.Loop() {
			Encode(io.Discard, v, "png", opts)
		}
	})
	b.Run("view-flipH", func(b *testing.B) {
		for b.Loop() {
			Encode(io.Discard, v.FlipH(), "png", opts)
		}
	})
	b.Run("adapter-direct", func(b *testing.B) {
		for b.Loop() {
			enc.Encode(io.Discard, ToImage(v))
		}
	})
}

// BenchmarkFromImage converts a 1080p image of every type FromImage has a
// fast path for (the shared ones cost nothing and are left out), on one
// goroutine. Bytes are the 8-bit RGB image's.
func BenchmarkFromImage(b *testing.B) {
	r := image.Rect(0, 0, 1920, 1080)
	fillPix := func(p []uint8) {
		for i := range p {
			p[i] = uint8(i*7 + i/4099)
		}
	}
	rgba := image.NewRGBA(r) // premultiplied, not opaque
	for i := 0; i < len(rgba.Pix); i += 4 {
		a := uint8(i/4*13) | 1
		rgba.Pix[i], rgba.Pix[i+1], rgba.Pix[i+2], rgba.Pix[i+3] = a/2, a/3, a, a
	}
	pal := image.NewPaletted(r, palette.Plan9)
	fillPix(pal.Pix)
	cmyk := image.NewCMYK(r)
	fillPix(cmyk.Pix)
	gray16 := image.NewGray16(r)
	fillPix(gray16.Pix)
	rgba64 := image.NewRGBA64(r)
	fillPix(rgba64.Pix)
	nrgba64 := image.NewNRGBA64(r)
	fillPix(nrgba64.Pix)
	ycc420 := image.NewYCbCr(r, image.YCbCrSubsampleRatio420)
	nycca := image.NewNYCbCrA(r, image.YCbCrSubsampleRatio420)
	for _, p := range [][]uint8{ycc420.Y, ycc420.Cb, ycc420.Cr, nycca.Y, nycca.Cb, nycca.Cr, nycca.A} {
		fillPix(p)
	}
	for _, c := range []struct {
		name string
		img  image.Image
	}{
		{"YCbCr420", ycc420}, {"NYCbCrA420", nycca}, {"Paletted", pal}, {"CMYK", cmyk},
		{"RGBAAlpha", rgba}, {"Gray16", gray16}, {"RGBA64", rgba64}, {"NRGBA64", nrgba64},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(3 * r.Dx() * r.Dy()))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := FromImage(c.img, Workers(1)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
