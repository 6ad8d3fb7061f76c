package codec

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// TestRoundTripLossless checks Decode(Encode(v)) == v for the lossless
// formats, every channel count they keep, 8 and 16 bits, and views of every
// geometry.
func TestRoundTripLossless(t *testing.T) {
	type tc struct {
		format string
		chans  []int
		depths []int
	}
	for _, tt := range []tc{
		{"png", []int{1, 3, 4}, []int{8, 16}},
		{"tiff", []int{1, 3, 4}, []int{8, 16}},
		{"bmp", []int{1, 3, 4}, []int{8}},
		{"pnm", []int{1, 2, 3, 4}, []int{8, 16}},
		{"pam", []int{1, 2, 3, 4}, []int{8, 16}},
		{"gif", []int{1}, []int{8}},
	} {
		for _, c := range tt.chans {
			for _, depth := range tt.depths {
				for gname, v := range geometries(patternView(6, 9, c)) {
					t.Run(fmt.Sprintf("%s/%dch/%d/%s", tt.format, c, depth, gname), func(t *testing.T) {
						var buf bytes.Buffer
						var err error
						var v16 pixbuf.View[uint16]
						if depth == 16 {
							v16 = widen(v)
							err = Encode(&buf, v16, tt.format, nil)
						} else {
							err = Encode(&buf, v, tt.format, nil)
						}
						if err != nil {
							t.Fatal(err)
						}
						cfg, err := DecodeConfig(bytes.NewReader(buf.Bytes()))
						if err != nil {
							t.Fatal(err)
						}
						m, err := Decode(&buf, nil)
						if err != nil {
							t.Fatal(err)
						}
						if h, w, c := m.Shape(); cfg != (Config{m.Format, w, h, c, m.Depth, pixbuf.Identity, nil}) {
							t.Errorf("config %+v, decoded %dx%dx%d depth %d", cfg, h, w, c, m.Depth)
						}
						if m.Depth != depth {
							t.Fatalf("depth %d, want %d", m.Depth, depth)
						}
						if depth == 16 {
							if !m.View16.Equal(v16) {
								t.Errorf("16-bit round trip differs: %v", m.View16)
							}
							return
						}
						want := v
						switch {
						case tt.format == "bmp" && c == 4: // BMP drops alpha
							want = v.ChannelRange(0, 3)
						}
						if !m.View8.Equal(want) {
							t.Errorf("round trip differs: got %v", m.View8)
						}
					})
				}
			}
		}
	}
}

// TestRoundTrip16Precision checks that all 16 bits survive PNG, TIFF and
// Netpbm, with samples whose low byte differs from the high one.
func TestRoundTrip16Precision(t *testing.T) {
	for _, format := range []string{"png", "tiff", "pnm"} {
		for _, c := range []int{1, 3, 4} {
			v := patternView16(5, 7, c).FlipH()
			var buf bytes.Buffer
			if err := Encode(&buf, v, format, nil); err != nil {
				t.Fatal(err)
			}
			m, err := Decode(&buf, nil)
			if err != nil {
				t.Fatal(err)
			}
			if format == "tiff" && c == 3 { // TIFF RGB comes back with opaque alpha
				m.View16 = m.View16.ChannelRange(0, 3)
			}
			if m.Depth != 16 || !m.View16.Equal(v) {
				t.Errorf("%s %dch: 16-bit samples lost (depth %d)", format, c, m.Depth)
			}
		}
	}
}

// TestRoundTripLossy checks JPEG, and GIF beyond 256 colors, within a
// tolerance, and that 8-bit-only formats take the high byte of 16 bits.
func TestRoundTripLossy(t *testing.T) {
	smooth := pixbuf.New[uint8](32, 48, 3)
	for y := range 32 {
		for x := range 48 {
			smooth.Set(y, x, 0, uint8(x*5))
			smooth.Set(y, x, 1, uint8(y*7))
			smooth.Set(y, x, 2, uint8(128+x-y))
		}
	}
	for _, tt := range []struct {
		format string
		opts   *EncodeOptions
		tol    int
	}{
		{"jpeg", &EncodeOptions{Quality: 100}, 6},
		{"jpg", nil, 16},
		{"gif", nil, 80},
	} {
		var buf bytes.Buffer
		if err := Encode(&buf, smooth.FlipV(), tt.format, tt.opts); err != nil {
			t.Fatal(err)
		}
		m, err := Decode(&buf, nil)
		if err != nil {
			t.Fatal(err)
		}
		if d := maxDiff(m.View8, smooth.FlipV()); d > tt.tol {
			t.Errorf("%s: max difference %d > %d", tt.format, d, tt.tol)
		}
	}
	// JPEG keeps the stored colors of an RGBA view, dropping alpha.
	rgba := pixbuf.New[uint8](16, 16, 4)
	rgba.ChannelRange(0, 3).Fill(200)
	var buf bytes.Buffer
	if err := Encode(&buf, rgba, "jpeg", &EncodeOptions{Quality: 100}); err != nil {
		t.Fatal(err)
	}
	if m, err := Decode(&buf, nil); err != nil || m.View8.Channels() != 3 || maxDiff(m.View8, rgba.ChannelRange(0, 3)) > 2 {
		t.Errorf("JPEG of a transparent view: %v %v", m, err)
	}
}

func maxDiff(a, b pixbuf.View[uint8]) int {
	if a.Height() != b.Height() || a.Width() != b.Width() || a.Channels() != b.Channels() {
		return 1 << 30
	}
	d := 0
	for y := range a.Height() {
		for x := range a.Width() {
			for c := range a.Channels() {
				d = max(d, absDiff(int(a.At(y, x, c)), int(b.At(y, x, c))))
			}
		}
	}
	return d
}

// TestGIFExactPalette checks that a view with few colors, some fully
// transparent, survives GIF exactly.
func TestGIFExactPalette(t *testing.T) {
	v := pixbuf.New[uint8](10, 12, 4)
	for y := range 10 {
		for x := range 12 {
			if (x+y)%5 == 0 {
				continue // transparent black
			}
			v.Set(y, x, 0, uint8(x*20))
			v.Set(y, x, 1, uint8(y*20))
			v.Set(y, x, 2, 7)
			v.Set(y, x, 3, 255)
		}
	}
	var buf bytes.Buffer
	if err := Encode(&buf, v.Transpose(), "gif", nil); err != nil {
		t.Fatal(err)
	}
	m, err := Decode(&buf, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !m.View8.Equal(v.Transpose()) {
		t.Error("GIF round trip of a 120-color view is not exact")
	}
}

// TestEncodeErrors checks the refusals.
func TestEncodeErrors(t *testing.T) {
	v := patternView(4, 4, 3)
	for _, tt := range []struct {
		name string
		err  error
		want error
	}{
		{"webp", Encode(&bytes.Buffer{}, v, "webp", nil), ErrUnsupported},
		{"unknown", Encode(&bytes.Buffer{}, v, "xcf", nil), ErrUnsupported},
		{"no format", Encode(&bytes.Buffer{}, v, "", nil), ErrUnsupported},
		{"empty view", Encode(&bytes.Buffer{}, v.Crop(imageRect(0, 0, 0, 0)), "png", nil), pixbuf.ErrShape},
		{"5 channels", Encode(&bytes.Buffer{}, patternView(2, 2, 5), "png", nil), ErrUnsupported},
		{"pbm", Encode(&bytes.Buffer{}, v, "pbm", nil), nil},
	} {
		if tt.err == nil || (tt.want != nil && !errors.Is(tt.err, tt.want)) {
			t.Errorf("%s: error %v, want %v", tt.name, tt.err, tt.want)
		}
	}
	if err := Encode(&bytes.Buffer{}, v, "", &EncodeOptions{Format: "PNG"}); err != nil {
		t.Errorf("format from options: %v", err)
	}
}

// TestEncodeOptions checks that the PNG compression level and JPEG quality
// reach the encoders.
func TestEncodeOptions(t *testing.T) {
	v := patternView(64, 64, 3)
	size := func(opts *EncodeOptions, format string) int {
		var buf bytes.Buffer
		if err := Encode(&buf, v, format, opts); err != nil {
			t.Fatal(err)
		}
		return buf.Len()
	}
	if a, b := size(&EncodeOptions{PNGCompression: png.NoCompression}, "png"), size(&EncodeOptions{PNGCompression: png.BestCompression}, "png"); a <= b {
		t.Errorf("PNG: no compression %d bytes <= best compression %d", a, b)
	}
	if a, b := size(&EncodeOptions{Quality: 95}, "jpeg"), size(&EncodeOptions{Quality: 10}, "jpeg"); a <= b {
		t.Errorf("JPEG: quality 95 %d bytes <= quality 10 %d", a, b)
	}
}

// TestEncodeMatchesAdapter checks that Encode's copy into a standard image
// writes the same PNG pixels as png.Encode of the adapter.
func TestEncodeMatchesAdapter(t *testing.T) {
	for c := 1; c <= 4; c++ {
		for name, v := range geometries(patternView(5, 6, c)) {
			var a, b bytes.Buffer
			if err := Encode(&a, v, "png", nil); err != nil {
				t.Fatal(err)
			}
			if err := png.Encode(&b, ToImage(v)); err != nil {
				t.Fatal(err)
			}
			ma, err1 := png.Decode(&a)
			mb, err2 := png.Decode(&b)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			va, _ := FromImage(ma)
			vb, _ := FromImage(mb)
			if !va.Equal(vb) {
				t.Errorf("%dch %s: Encode and png.Encode(ToImage) differ", c, name)
			}
		}
	}
}
