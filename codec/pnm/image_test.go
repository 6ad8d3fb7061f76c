package pnm

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/pixview/pixview/codec/codecerr"
	"image"
	"image/color"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestDecode checks that image.Decode finds every magic and that each
// pixel of the image.Image is the view's pixel in the documented color
// model.
func TestDecode(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, tc := range []struct {
		r      rawImage
		magic  string
		format string
		model  color.Model
		typ    image.Image
	}{
		{randomRaw(rng, 5, 3, 1, 1), "P1", "pbm", color.GrayModel, &image.Gray{}},
		{randomRaw(rng, 5, 3, 1, 1), "P4", "pbm", color.GrayModel, &image.Gray{}},
		{randomRaw(rng, 5, 3, 1, 200), "P2", "pgm", color.GrayModel, &image.Gray{}},
		{randomRaw(rng, 5, 3, 1, 255), "P5", "pgm", color.GrayModel, &image.Gray{}},
		{randomRaw(rng, 5, 3, 1, 4095), "P5", "pgm", color.Gray16Model, &image.Gray16{}},
		{randomRaw(rng, 5, 3, 3, 255), "P3", "ppm", color.RGBAModel, &image.RGBA{}},
		{randomRaw(rng, 5, 3, 3, 255), "P6", "ppm", color.RGBAModel, &image.RGBA{}},
		{randomRaw(rng, 5, 3, 3, 65535), "P6", "ppm", color.RGBA64Model, &image.RGBA64{}},
		{randomRaw(rng, 5, 3, 2, 255), "P7", "pam", color.NRGBAModel, &image.NRGBA{}},
		{randomRaw(rng, 5, 3, 4, 255), "P7", "pam", color.NRGBAModel, &image.NRGBA{}},
		{randomRaw(rng, 5, 3, 2, 300), "P7", "pam", color.NRGBA64Model, &image.NRGBA64{}},
		{randomRaw(rng, 5, 3, 4, 65535), "P7", "pam", color.NRGBA64Model, &image.NRGBA64{}},
		{randomRaw(rng, 5, 3, 1, 65535), "P7", "pam", color.Gray16Model, &image.Gray16{}},
	} {
		data := tc.r.encode(tc.magic)
		m, format, err := image.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", tc.magic, err)
		}
		cfg, cformat, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if format != tc.format || cformat != tc.format {
			t.Errorf("%s: format %q, config format %q, want %q", tc.magic, format, cformat, tc.format)
		}
		if cfg.Width != 5 || cfg.Height != 3 || cfg.ColorModel != tc.model || m.ColorModel() != tc.model {
			t.Errorf("%s depth %d maxval %d: config %+v, model %v", tc.magic, tc.r.depth, tc.r.maxval, cfg, m.ColorModel())
		}
		if reflectType(m) != reflectType(tc.typ) {
			t.Errorf("%s: decoded a %T, want %T", tc.magic, m, tc.typ)
		}
		img, err := Parse(data, 0)
		if err != nil {
			t.Fatal(err)
		}
		for y := 0; y < 3; y++ {
			for x := 0; x < 5; x++ {
				var want color.Color
				var s [4]uint16
				for c := 0; c < tc.r.depth; c++ {
					if tc.r.maxval > 255 {
						s[c] = img.View16.At(y, x, c)
					} else {
						s[c] = uint16(img.View8.At(y, x, c)) * 0x101
					}
				}
				switch tc.r.depth {
				case 1:
					want = color.Gray16{s[0]}
				case 2:
					want = color.NRGBA64{s[0], s[0], s[0], s[1]}
				case 3:
					want = color.RGBA64{s[0], s[1], s[2], 0xffff}
				default:
					want = color.NRGBA64{s[0], s[1], s[2], s[3]}
				}
				r0, g0, b0, a0 := m.At(x, y).RGBA()
				r1, g1, b1, a1 := want.RGBA()
				if r0 != r1 || g0 != g1 || b0 != b1 || a0 != a1 {
					t.Errorf("%s depth %d: pixel (%d,%d) = %v, want %v", tc.magic, tc.r.depth, x, y, m.At(x, y), want)
				}
			}
		}
	}
}

func reflectType(v any) string { return fmt.Sprintf("%T", v) }

// TestDecodeShares checks that 8-bit gray and RGBA decode without a copy.
func TestDecodeShares(t *testing.T) {
	for _, s := range []string{"P5 2 1 255\nab", pam("WIDTH 1", "HEIGHT 1", "DEPTH 4", "MAXVAL 255", "TUPLTYPE RGB_ALPHA") + "abcd"} {
		img, err := Parse([]byte(s), 0)
		if err != nil {
			t.Fatal(err)
		}
		m := img.Image()
		img.View8.Set(0, 0, 0, 'Z')
		if c := color.NRGBAModel.Convert(m.At(0, 0)).(color.NRGBA); c.R != 'Z' {
			t.Errorf("%q: image.Image does not share View8", s)
		}
	}
}

func TestDecodeConfigReadsOnlyTheHeader(t *testing.T) {
	r := strings.NewReader("P5 2 1 255\nab")
	if _, err := DecodeConfig(opaqueReader{r}); err != nil {
		t.Fatal(err)
	}
	if r.Len() != 2 {
		t.Errorf("DecodeConfig left %d bytes, want the 2 of the raster", r.Len())
	}
	if _, err := DecodeConfig(strings.NewReader("P5 0 1 255\n")); !errors.Is(err, codecerr.ErrFormat) {
		t.Errorf("width 0: %v", err)
	}
}

func TestReadHeader(t *testing.T) {
	for _, tc := range []struct {
		data string
		want Header
	}{
		{"P4 9 3\nxxxxxx", Header{Magic: "P4", Width: 9, Height: 3, Channels: 1, MaxVal: 1, TupleType: "BLACKANDWHITE", Size: 7}},
		{"P3\n# c\n2 1 1000\n0 1 2 3 4 5", Header{Magic: "P3", Width: 2, Height: 1, Channels: 3, MaxVal: 1000, TupleType: "RGB", Size: 16}},
		{pam("WIDTH 3", "HEIGHT 2", "DEPTH 2", "MAXVAL 300", "TUPLTYPE GRAYSCALE_ALPHA") + "raster",
			Header{Magic: "P7", Width: 3, Height: 2, Channels: 2, MaxVal: 300, TupleType: "GRAYSCALE_ALPHA", Size: 71}},
	} {
		r := strings.NewReader(tc.data)
		h, err := ReadHeader(opaqueReader{r})
		if err != nil || h != tc.want {
			t.Errorf("ReadHeader(%q) = %+v, %v; want %+v", tc.data, h, err, tc.want)
		}
		if rest := int64(len(tc.data)) - int64(r.Len()); rest != h.Size {
			t.Errorf("ReadHeader(%q) consumed %d bytes, Size %d", tc.data, rest, h.Size)
		}
	}
}
