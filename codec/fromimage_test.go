package codec

import (
	"image"
	"image/color"
	"image/color/palette"
	"image/draw"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// hidden hides an image's concrete type, forcing the per-pixel path, as
// image/draw's tests do with slowestRGBA.
type hidden struct{ image.Image }

// fill paints every pixel of m with a position-dependent color whose alpha
// varies unless opaque.
func fill(m draw.Image, opaque bool) {
	b := m.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			a := uint8(255)
			if !opaque {
				a = uint8(x*37 + y*11)
			}
			m.Set(x, y, color.NRGBA64{uint16(x*4099 + y*77), uint16(y * 5003), uint16(x*y*313 + 99), uint16(a) * 0x101})
		}
	}
}

// refChannels8 is the slow, obviously correct conversion: each pixel through
// the color models of package color.
func refChannels8(img image.Image, c int) pixbuf.View[uint8] {
	b := img.Bounds()
	v := pixbuf.New[uint8](b.Dy(), b.Dx(), c)
	for y := range b.Dy() {
		for x := range b.Dx() {
			at := img.At(b.Min.X+x, b.Min.Y+y)
			var s []uint8
			switch c {
			case 1:
				s = []uint8{color.GrayModel.Convert(at).(color.Gray).Y}
			default:
				n := color.NRGBAModel.Convert(at).(color.NRGBA)
				if yc, ok := at.(color.YCbCr); ok {
					n.R, n.G, n.B = color.YCbCrToRGB(yc.Y, yc.Cb, yc.Cr)
				}
				if n16, ok := at.(color.NRGBA64); ok {
					n = color.NRGBA{uint8(n16.R >> 8), uint8(n16.G >> 8), uint8(n16.B >> 8), uint8(n16.A >> 8)}
				}
				if yc, ok := at.(color.NYCbCrA); ok {
					n.R, n.G, n.B = color.YCbCrToRGB(yc.Y, yc.Cb, yc.Cr)
				}
				s = []uint8{n.R, n.G, n.B, n.A}[:c]
			}
			for k := range c {
				v.Set(y, x, k, s[k])
			}
		}
	}
	return v
}

func newYCbCr(r image.Rectangle, ratio image.YCbCrSubsampleRatio) *image.YCbCr {
	m := image.NewYCbCr(r, ratio)
	for i := range m.Y {
		m.Y[i] = uint8(i*7 + i/13)
	}
	for i := range m.Cb {
		m.Cb[i], m.Cr[i] = uint8(i*29+3), uint8(255-i*17)
	}
	return m
}

// TestFromImage checks every fast path against the per-pixel conversion,
// on images with zero, positive and negative origins, and sub-images.
func TestFromImage(t *testing.T) {
	rects := map[string]image.Rectangle{
		"origin":   image.Rect(0, 0, 13, 9),
		"offset":   image.Rect(3, 5, 20, 12),
		"odd":      image.Rect(1, 1, 8, 6),
		"negative": image.Rect(-3, -5, 6, 4),
	}
	type tc struct {
		img image.Image
		c   int
	}
	for rname, r := range rects {
		cases := map[string]tc{}
		for _, ratio := range []image.YCbCrSubsampleRatio{
			image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420,
			image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410,
		} {
			cases["ycbcr"+ratio.String()] = tc{newYCbCr(r, ratio), 3}
			big := newYCbCr(r.Inset(-2), ratio)
			cases["ycbcr-sub"+ratio.String()] = tc{big.SubImage(r), 3}
			a := image.NewNYCbCrA(r, ratio)
			a.YCbCr = *newYCbCr(r, ratio)
			for i := range a.A {
				a.A[i] = uint8(i * 13)
			}
			cases["nycbcra"+ratio.String()] = tc{a, 4}
		}
		nrgba := image.NewNRGBA(r)
		fill(nrgba, false)
		cases["nrgba"] = tc{nrgba, 4}
		rgba := image.NewRGBA(r)
		fill(rgba, false)
		cases["rgba"] = tc{rgba, 4}
		rgbaOpaque := image.NewRGBA(r)
		fill(rgbaOpaque, true)
		cases["rgba-opaque"] = tc{rgbaOpaque, 4}
		gray := image.NewGray(r)
		fill(gray, true)
		cases["gray"] = tc{gray, 1}
		gray16 := image.NewGray16(r)
		fill(gray16, true)
		cases["gray16"] = tc{gray16, 1}
		rgba64 := image.NewRGBA64(r)
		fill(rgba64, false)
		cases["rgba64"] = tc{rgba64, 4}
		rgba64o := image.NewRGBA64(r)
		fill(rgba64o, true)
		cases["rgba64-opaque"] = tc{rgba64o, 3}
		nrgba64 := image.NewNRGBA64(r)
		fill(nrgba64, false)
		cases["nrgba64"] = tc{nrgba64, 4}
		cmyk := image.NewCMYK(r)
		fill(cmyk, true)
		cases["cmyk"] = tc{cmyk, 3}
		pal := image.NewPaletted(r, palette.WebSafe)
		fill(pal, true)
		cases["paletted"] = tc{pal, 3}
		palA := image.NewPaletted(r, append(color.Palette{color.NRGBA{1, 2, 3, 4}}, palette.Plan9[:100]...))
		fill(palA, true)
		palA.Pix[0] = 0
		cases["paletted-alpha"] = tc{palA, 4}
		cases["generic-opaque"] = tc{hidden{rgbaOpaque}, 3}
		cases["generic"] = tc{hidden{nrgba}, 4}
		cases["generic-noRGBA64"] = tc{struct{ image.Image }{hidden{nrgba}}, 4}
		for name, tt := range cases {
			t.Run(rname+"/"+name, func(t *testing.T) {
				got, err := FromImage(tt.img)
				if err != nil {
					t.Fatal(err)
				}
				if got.Channels() != tt.c {
					t.Fatalf("%d channels, want %d", got.Channels(), tt.c)
				}
				if want := refChannels8(tt.img, tt.c); !got.Equal(want) {
					t.Errorf("pixels differ from the per-pixel conversion:\ngot  %v\nwant %v", got.Bytes()[:12], want.Bytes()[:12])
				}
			})
		}
	}
}

// TestFromImageShares checks that the shared cases really alias Pix, and
// that the converted ones do not.
func TestFromImageShares(t *testing.T) {
	r := image.Rect(2, 3, 9, 8)
	nrgba := image.NewNRGBA(image.Rect(0, 0, 12, 10))
	rgba := image.NewRGBA(image.Rect(0, 0, 12, 10))
	fill(rgba, true)
	gray := image.NewGray(image.Rect(0, 0, 12, 10))
	for _, tt := range []struct {
		name  string
		img   image.Image
		share bool
	}{
		{"nrgba sub-image", nrgba.SubImage(r), true},
		{"opaque rgba sub-image", rgba.SubImage(r), true},
		{"gray sub-image", gray.SubImage(r), true},
		{"ycbcr", newYCbCr(r, image.YCbCrSubsampleRatio420), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v, err := FromImage(tt.img)
			if err != nil {
				t.Fatal(err)
			}
			before := tt.img.At(r.Min.X+1, r.Min.Y+2)
			v.Set(2, 1, 0, v.At(2, 1, 0)^0x55)
			after := tt.img.At(r.Min.X+1, r.Min.Y+2)
			if (before != after) != tt.share {
				t.Errorf("writing through the view changed the image: %v, want %v", before != after, tt.share)
			}
		})
	}
}

// TestFromImageBadPix checks that an inconsistent standard image is an
// error, not a panic.
func TestFromImageBadPix(t *testing.T) {
	r := image.Rect(0, 0, 10, 10)
	for name, img := range map[string]image.Image{
		"nrgba":   &image.NRGBA{Pix: make([]uint8, 10), Stride: 40, Rect: r},
		"rgba":    &image.RGBA{Pix: make([]uint8, 10), Stride: 40, Rect: r},
		"ycbcr":   &image.YCbCr{Y: make([]uint8, 100), YStride: 10, CStride: 5, Rect: r, SubsampleRatio: image.YCbCrSubsampleRatio420},
		"gray16":  &image.Gray16{Pix: make([]uint8, 10), Stride: 20, Rect: r},
		"cmyk":    &image.CMYK{Pix: make([]uint8, 10), Stride: 40, Rect: r},
		"palette": &image.Paletted{Pix: make([]uint8, 10), Stride: 10, Rect: r},
	} {
		if _, err := FromImage(img); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := FromImage(nil); err == nil {
		t.Error("nil image: no error")
	}
}

// TestFromImage16 checks that 16-bit images keep 16 bits, and that 8-bit
// ones widen by 257.
func TestFromImage16(t *testing.T) {
	r := image.Rect(-1, 2, 9, 9)
	cases := map[string]struct {
		img image.Image
		c   int
	}{}
	g := image.NewGray16(r)
	fill(g, true)
	cases["gray16"] = struct {
		img image.Image
		c   int
	}{g, 1}
	for _, opaque := range []bool{true, false} {
		m := image.NewRGBA64(r)
		fill(m, opaque)
		n := image.NewNRGBA64(r)
		fill(n, opaque)
		c := 4
		if opaque {
			c = 3
		}
		cases["rgba64"+map[bool]string{true: "-opaque"}[opaque]] = struct {
			img image.Image
			c   int
		}{m, c}
		cases["nrgba64"+map[bool]string{true: "-opaque"}[opaque]] = struct {
			img image.Image
			c   int
		}{n, 4}
		cases["generic"+map[bool]string{true: "-opaque"}[opaque]] = struct {
			img image.Image
			c   int
		}{hidden{n}, c}
	}
	n8 := image.NewNRGBA(r)
	fill(n8, false)
	cases["nrgba8"] = struct {
		img image.Image
		c   int
	}{n8, 4}
	for name, tt := range cases {
		t.Run(name, func(t *testing.T) {
			v, err := FromImage16(tt.img)
			if err != nil {
				t.Fatal(err)
			}
			if v.Channels() != tt.c {
				t.Fatalf("%d channels, want %d", v.Channels(), tt.c)
			}
			b := tt.img.Bounds()
			for y := range b.Dy() {
				for x := range b.Dx() {
					at := tt.img.At(b.Min.X+x, b.Min.Y+y)
					var want []uint16
					if tt.c == 1 {
						want = []uint16{color.Gray16Model.Convert(at).(color.Gray16).Y}
					} else {
						n := color.NRGBA64Model.Convert(at).(color.NRGBA64)
						if n8, ok := at.(color.NRGBA); ok { // widened exactly
							n = color.NRGBA64{uint16(n8.R) * 257, uint16(n8.G) * 257, uint16(n8.B) * 257, uint16(n8.A) * 257}
						}
						want = []uint16{n.R, n.G, n.B, n.A}
					}
					for k := range tt.c {
						if got := v.At(y, x, k); got != want[k] {
							t.Fatalf("(%d,%d,%d) = %#x, want %#x", y, x, k, got, want[k])
						}
					}
				}
			}
		})
	}
}

// TestFromImageLarge runs the kernels on images big enough to be split
// into row bands over goroutines, and checks the law that the result equals
// converting bands of rows small enough for one goroutine.
func TestFromImageLarge(t *testing.T) {
	r := image.Rect(1, 2, 1+640, 2+420) // above parallelMinPixels, odd origin
	if r.Dx()*r.Dy() < parallelMinPixels {
		t.Fatal("image too small to test the parallel path")
	}
	pal := image.NewPaletted(r, palette.Plan9)
	rgba := image.NewRGBA(r)
	for i := range pal.Pix {
		pal.Pix[i] = uint8(i * 7)
	}
	for i := 0; i < len(rgba.Pix); i += 4 {
		a := uint8(i / 4 * 13)
		rgba.Pix[i], rgba.Pix[i+1], rgba.Pix[i+2], rgba.Pix[i+3] = a/2, a/3, a, a // premultiplied: color <= alpha
	}
	type subImager interface {
		image.Image
		SubImage(image.Rectangle) image.Image
	}
	for name, img := range map[string]subImager{
		"ycbcr420": newYCbCr(image.Rect(0, 0, 640, 420), image.YCbCrSubsampleRatio420),
		"ycbcr422": newYCbCr(r, image.YCbCrSubsampleRatio422),
		"paletted": pal,
		"rgba":     rgba,
	} {
		got, err := FromImage(img)
		if err != nil {
			t.Fatal(err)
		}
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y += 64 {
			band := image.Rect(b.Min.X, y, b.Max.X, min(y+64, b.Max.Y))
			want, err := FromImage(img.SubImage(band))
			if err != nil {
				t.Fatal(err)
			}
			if !got.Crop(band.Sub(b.Min)).Equal(want) {
				t.Fatalf("%s: rows %d-%d differ from their serial conversion", name, band.Min.Y, band.Max.Y)
			}
		}
	}
}
