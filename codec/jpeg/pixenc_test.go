package jpeg

import (
	"bytes"
	"errors"
	"fmt"
	"image/jpeg"
	"strings"
	"testing"

	"github.com/pixview/pixview/codec/codecerr"
	"github.com/pixview/pixview/pixbuf"
)

// peCase is one cell of the cjpeg matrix.
type peCase struct {
	w, h     int
	gray     bool
	sample   string // cjpeg's -sample argument
	quality  int
	extra    []string // more cjpeg arguments
	progress bool
	restart  int // cjpeg -restart N (rows)
}

// TestPixelsMatchCjpeg encodes generated pictures with FromPixels and
// with cjpeg -dct int -optimize from the same PPM, and requires the same
// coefficients, padding blocks included; djpeg and image/jpeg must
// decode every output without complaint.
func TestPixelsMatchCjpeg(t *testing.T) {
	wrTool(t, "cjpeg")
	dir := t.TempDir()
	sizes := [][2]int{{1, 1}, {7, 5}, {17, 13}, {33, 31}, {50, 41}}
	samplings := []string{"1x1,1x1,1x1", "2x1,1x1,1x1", "2x2,1x1,1x1", "1x2,1x1,1x1", "4x1,1x1,1x1",
		"2x2,2x1,1x2", "3x1,1x1,1x1", "4x2,1x1,1x1", "1x4,1x2,1x1", "3x2,1x1,1x1"}
	qualities := []int{50, 75, 90, 100}
	if peLong() {
		sizes = append(sizes, [2]int{129, 97}, [2]int{8, 8}, [2]int{16, 16}, [2]int{2, 63}, [2]int{64, 3})
	}
	var cases []peCase
	for _, sz := range sizes {
		for _, q := range qualities {
			for _, s := range samplings {
				cases = append(cases, peCase{w: sz[0], h: sz[1], sample: s, quality: q})
			}
			cases = append(cases, peCase{w: sz[0], h: sz[1], gray: true, sample: "1x1", quality: q})
		}
		cases = append(cases,
			peCase{w: sz[0], h: sz[1], sample: "2x2,1x1,1x1", quality: 90, progress: true},
			peCase{w: sz[0], h: sz[1], sample: "1x1,1x1,1x1", quality: 85, progress: true, restart: 1},
			peCase{w: sz[0], h: sz[1], gray: true, sample: "1x1", quality: 60, progress: true},
			peCase{w: sz[0], h: sz[1], sample: "2x1,1x1,1x1", quality: 30, restart: 2},
			peCase{w: sz[0], h: sz[1], sample: "2x2,1x1,1x1", quality: 1, extra: []string{"-baseline"}},
		)
	}
	// Large enough for FromPixels to split the rows among goroutines.
	cases = append(cases,
		peCase{w: 643, h: 481, sample: "2x2,1x1,1x1", quality: 90},
		peCase{w: 481, h: 643, sample: "1x1,1x1,1x1", quality: 75, progress: true},
	)
	for i, tc := range cases {
		name := fmt.Sprintf("%dx%d/%s/q%d", tc.w, tc.h, tc.sample, tc.quality)
		if tc.gray {
			name = fmt.Sprintf("%dx%d/gray/q%d", tc.w, tc.h, tc.quality)
		}
		if tc.progress {
			name += "/progressive"
		}
		if tc.restart > 0 {
			name += fmt.Sprintf("/restart%d", tc.restart)
		}
		t.Run(name, func(t *testing.T) {
			ch := 3
			if tc.gray {
				ch = 1
			}
			v := pePhoto(tc.h, tc.w, ch, 20, uint64(i))
			path := peWrite(t, dir, fmt.Sprintf("in%d.pnm", i), pePNM(v))
			args := []string{"-quality", fmt.Sprint(tc.quality), "-sample", tc.sample}
			sm, err := ParseSampling(tc.sample)
			if err != nil {
				t.Fatal(err)
			}
			opts := &PixelEncodeOptions{Quality: tc.quality, Sampling: sm, Progressive: tc.progress, RestartRows: tc.restart}
			args = append(args, tc.extra...)
			if tc.progress {
				args = append(args, "-progressive")
			}
			if tc.restart > 0 {
				args = append(args, "-restart", fmt.Sprint(tc.restart))
			}
			ref := peCjpeg(t, path, args...)
			var buf bytes.Buffer
			rep, err := EncodePixels(&buf, v, opts)
			if err != nil {
				t.Fatal(err)
			}
			if rep.AlphaDropped || rep.Gray != tc.gray {
				t.Errorf("report %+v", rep)
			}
			a, err := DecodeBytes(buf.Bytes(), nil)
			if err != nil {
				t.Fatalf("our file: %v", err)
			}
			b, err := DecodeBytes(ref, nil)
			if err != nil {
				t.Fatalf("cjpeg's file: %v", err)
			}
			if d := peSameCoefficients(a, b); d != "" {
				t.Errorf("coefficients differ from cjpeg's: %s", d)
			}
			if a.Process != b.Process {
				t.Errorf("process %v, cjpeg %v", a.Process, b.Process)
			}
			// The files themselves differ in their framing: libjpeg
			// writes each Huffman table in its own DHT segment, Encode
			// all of a scan's in one.
			if _, stderr := peExec(t, buf.Bytes(), "djpeg", "-pnm"); len(stderr) != 0 {
				t.Errorf("djpeg warns: %s", stderr)
			}
			// image/jpeg reads only the common samplings.
			if _, err := jpeg.Decode(bytes.NewReader(buf.Bytes())); err != nil && stdSampling[tc.sample] {
				t.Errorf("image/jpeg: %v", err)
			}
		})
	}
}

// stdSampling are the samplings image/jpeg decodes.
var stdSampling = map[string]bool{"1x1": true, "1x1,1x1,1x1": true, "2x1,1x1,1x1": true, "2x2,1x1,1x1": true, "1x2,1x1,1x1": true, "4x1,1x1,1x1": true}

// TestPixelsLayouts requires every layout of the same pixels to encode
// to the same file: a contiguous view, a flipped copy seen through a
// flipped view, a transposed one, a crop of a larger buffer, an RGBA
// view (alpha dropped and reported) and planar channels.
func TestPixelsLayouts(t *testing.T) {
	base := pePhoto(23, 37, 3, 10, 1)
	want := peEncode(t, base, nil)
	check := func(name string, v pixbuf.View[uint8], wantAlpha bool) {
		t.Helper()
		var buf bytes.Buffer
		rep, err := EncodePixels(&buf, v, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if rep.AlphaDropped != wantAlpha {
			t.Errorf("%s: AlphaDropped %v", name, rep.AlphaDropped)
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s: file differs from the contiguous view's", name)
		}
	}
	check("flipped", base.FlipV().Clone().FlipV(), false)
	check("mirrored", base.FlipH().Clone().FlipH(), false)
	check("transposed", base.Transpose().Clone().Transpose(), false)
	big := pixbuf.New[uint8](40, 50, 3)
	crop := big.Crop(imageRect(5, 3, 5+37, 3+23))
	if err := crop.CopyFrom(base); err != nil {
		t.Fatal(err)
	}
	check("crop", crop, false)
	rgba := pixbuf.New[uint8](23, 37, 4)
	if err := rgba.ChannelRange(0, 3).CopyFrom(base); err != nil {
		t.Fatal(err)
	}
	check("rgba", rgba, true)
	planar := pixbuf.New[uint8](3, 23, 37)
	pv, err := pixbuf.WrapStrided(planar.Bytes(), 0, 23, 37, 3, 37, 1, 23*37)
	if err != nil {
		t.Fatal(err)
	}
	if err := pv.CopyFrom(base); err != nil {
		t.Fatal(err)
	}
	check("planar", pv, false)

	// Gray: a one-channel view, the same through a gray+alpha view, and
	// Gray of an RGB view whose channels are equal.
	g := pePhoto(19, 9, 1, 30, 2)
	wantG := peEncode(t, g, nil)
	ga := pixbuf.New[uint8](19, 9, 2)
	if err := ga.Channel(0).CopyFrom(g.Channel(0)); err != nil {
		t.Fatal(err)
	}
	if got := peEncode(t, ga, nil); !bytes.Equal(got, wantG) {
		t.Error("gray+alpha differs from gray")
	}
	rgb := pixbuf.New[uint8](19, 9, 3)
	for c := range 3 {
		if err := rgb.Channel(c).CopyFrom(g.Channel(0)); err != nil {
			t.Fatal(err)
		}
	}
	if got := peEncode(t, rgb, &PixelEncodeOptions{Gray: true}); !bytes.Equal(got, wantG) {
		t.Error("Gray of equal RGB channels differs from gray")
	}
}

// peEncode encodes v or fails the test.
func peEncode(tb testing.TB, v pixbuf.View[uint8], opts *PixelEncodeOptions) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if _, err := EncodePixels(&buf, v, opts); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestPixelsRefused checks that bad options and shapes give errors
// wrapping the sentinels, and that the defaults are cjpeg's.
func TestPixelsRefused(t *testing.T) {
	v := pePhoto(9, 9, 3, 0, 1)
	q := *wrScaledTable(&stdLumaQuant, 50, false)
	zero := q
	zero[5] = 0
	for _, c := range []struct {
		name string
		v    pixbuf.View[uint8]
		opts PixelEncodeOptions
		want error
	}{
		{"quality -1", v, PixelEncodeOptions{Quality: -1}, codecerr.ErrUnsupported},
		{"quality 101", v, PixelEncodeOptions{Quality: 101}, codecerr.ErrUnsupported},
		{"quality and tables", v, PixelEncodeOptions{Quality: 80, Quant: [4]*QuantTable{&q}}, codecerr.ErrUnsupported},
		{"zero entry", v, PixelEncodeOptions{Quant: [4]*QuantTable{&zero}}, codecerr.ErrUnsupported},
		{"missing table", v, PixelEncodeOptions{Quant: [4]*QuantTable{&q}, QuantSelectors: []int{0, 2, 2}}, codecerr.ErrUnsupported},
		{"short selectors", v, PixelEncodeOptions{Quant: [4]*QuantTable{&q}, QuantSelectors: []int{0}}, codecerr.ErrUnsupported},
		{"fractional", v, PixelEncodeOptions{Sampling: Sampling{H: [3]int{3, 2, 1}, V: [3]int{1, 1, 1}}}, codecerr.ErrUnsupported},
		{"factor 5", v, PixelEncodeOptions{Sampling: Sampling{H: [3]int{5, 1, 1}, V: [3]int{1, 1, 1}}}, codecerr.ErrUnsupported},
		{"restart", v, PixelEncodeOptions{RestartInterval: 70000}, codecerr.ErrUnsupported},
		{"adobe RGB", v, PixelEncodeOptions{Segments: []Segment{{Marker: 0xEE, Data: []byte("Adobe\x00\x64\x00\x00\x00\x00\x00")}}}, codecerr.ErrUnsupported},
		{"5 channels", pixbuf.New[uint8](4, 4, 5), PixelEncodeOptions{}, codecerr.ErrUnsupported},
		{"empty", pixbuf.New[uint8](0, 4, 3), PixelEncodeOptions{}, pixbuf.ErrShape},
		{"too wide", pixbuf.New[uint8](1, 65536, 1), PixelEncodeOptions{}, pixbuf.ErrShape},
	} {
		var buf bytes.Buffer
		if _, err := EncodePixels(&buf, c.v, &c.opts); !errors.Is(err, c.want) || !strings.HasPrefix(err.Error(), "jpeg: ") {
			t.Errorf("%s: error %v, want %v", c.name, err, c.want)
		} else if buf.Len() != 0 {
			t.Errorf("%s: %d bytes written", c.name, buf.Len())
		}
	}
	for _, s := range []string{"", "2x", "0x1", "1x1,1x1,1x1,1x1", "4:2:1"} {
		if _, err := ParseSampling(s); !errors.Is(err, codecerr.ErrUnsupported) {
			t.Errorf("ParseSampling(%q): %v", s, err)
		}
	}
	if s, err := ParseSampling("2x2"); err != nil || s != Sampling420 || s.String() != "2x2,1x1,1x1" {
		t.Errorf("ParseSampling(2x2) = %v, %v", s, err)
	}

	// Defaults: quality 75, 4:2:0, baseline, JFIF, components 1, 2, 3
	// with tables 0, 1, 1.
	m, rep, err := FromPixels(v, nil)
	if err != nil {
		t.Fatal(err)
	}
	l75, c75, _ := StandardQuantTables(75)
	if *m.Quant[0] != *l75 || *m.Quant[1] != *c75 || m.Process != Baseline || m.ColorSpace() != ColorYCbCr || rep != (PixelEncodeReport{}) {
		t.Errorf("defaults: %+v", m)
	}
	for i, c := range m.Components {
		if c.ID != uint8(i+1) || c.H != Sampling420.H[i] || c.V != Sampling420.V[i] || c.Quant != min(i, 1) {
			t.Errorf("component %d: %+v", i, c)
		}
	}
	// A CMYK or YCCK source gives YCbCr options with the tables and
	// sampling of its first three components, says so, and leaves its
	// Adobe segment (which would declare the old transform) out; a
	// sampling the encoder cannot write is refused.
	adobe := Segment{Marker: 0xEE, Data: []byte("Adobe\x00\x64\x00\x00\x00\x00\x02")}
	exif := Segment{Marker: 0xE1, Data: []byte("Exif\x00\x00")}
	ycck := &Image{Quant: [4]*QuantTable{l75, c75}, Segments: []Segment{exif, adobe},
		Components: []Component{{ID: 1, H: 2, V: 2}, {ID: 2, H: 1, V: 1, Quant: 1}, {ID: 3, H: 1, V: 1, Quant: 1}, {ID: 4, H: 2, V: 2}}}
	o, err := OptionsFromSource(ycck)
	if err != nil || o.Converted == "" || o.Sampling != Sampling420 || o.Quant[0] != l75 || o.Quant[1] != c75 ||
		len(o.QuantSelectors) != 3 || o.QuantSelectors[1] != 1 || len(o.Segments) != 1 || o.Segments[0].Marker != 0xE1 ||
		len(ycck.Segments) != 2 {
		t.Errorf("OptionsFromSource(YCCK) = %+v, %v", o, err)
	}
	if _, _, err := FromPixels(v, o); err != nil {
		t.Errorf("FromPixels with a YCCK source's options: %v", err)
	}
	ycck.Components[1].H = 3
	if _, err := OptionsFromSource(ycck); !errors.Is(err, codecerr.ErrUnsupported) {
		t.Errorf("OptionsFromSource(YCCK 2x2,3x1): %v", err)
	}
}
