package codec

import (
	"bytes"
	"os"
	"testing"
)

// fuzzMaxPixels keeps fuzzed images small.
const fuzzMaxPixels = 1 << 16

// fuzzDecode seeds f with the sample files of the given extensions and
// checks, for every input, that Decode and DecodeConfig do not panic, that
// they agree when Decode succeeds, and that what decodes survives a
// lossless round trip through PAM, the cheapest format that keeps every
// channel count and depth. Run with -fuzzminimizetime=5s or so: minimizing
// a sample-sized input otherwise takes the first minute.
func fuzzDecode(f *testing.F, exts ...string) {
	for _, path := range sampleFiles(f, exts...) {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, cerr := DecodeConfig(bytes.NewReader(data))
		m, err := Decode(bytes.NewReader(data), &DecodeOptions{MaxPixels: fuzzMaxPixels})
		if err != nil {
			return
		}
		if cerr != nil {
			t.Fatalf("Decode succeeds where DecodeConfig fails: %v", cerr)
		}
		h, w, c := m.Shape()
		if cfg.Width != w || cfg.Height != h || cfg.Depth != m.Depth || cfg.Format != m.Format || cfg.Channels != c {
			t.Fatalf("config %+v, decoded %dx%dx%d depth %d", cfg, h, w, c, m.Depth)
		}
		format := "pam"
		var buf bytes.Buffer
		if m.Depth == 16 {
			err = Encode(&buf, m.View16, format, nil)
		} else {
			err = Encode(&buf, m.View8, format, nil)
		}
		if err != nil {
			t.Fatalf("re-encoding as %s: %v", format, err)
		}
		back, err := Decode(&buf, nil)
		if err != nil {
			t.Fatalf("decoding our own %s: %v", format, err)
		}
		if !back.View8.Equal(m.View8) || !back.View16.Equal(m.View16) {
			t.Fatalf("%s round trip differs", format)
		}
	})
}

func FuzzDecodePNG(f *testing.F)  { fuzzDecode(f, ".png") }
func FuzzDecodeJPEG(f *testing.F) { fuzzDecode(f, ".jpeg", ".jpg") }
func FuzzDecodeGIF(f *testing.F)  { fuzzDecode(f, ".gif") }
func FuzzDecodeBMP(f *testing.F)  { fuzzDecode(f, ".bmp") }
func FuzzDecodeTIFF(f *testing.F) { fuzzDecode(f, ".tiff") }
func FuzzDecodeWebP(f *testing.F) { fuzzDecode(f, ".webp") }
func FuzzDecodePNM(f *testing.F)  { fuzzDecode(f, ".ppm", ".pgm", ".pam") }
