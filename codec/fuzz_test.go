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
// lossless round trip (PNG, or PAM for 2 channels).
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
		if cfg.Width != w || cfg.Height != h || cfg.Depth != m.Depth || cfg.Format != m.Format {
			t.Fatalf("config %+v, decoded %dx%dx%d depth %d", cfg, h, w, c, m.Depth)
		}
		format := "png"
		if c == 2 || c == 3 && cfg.Channels == 4 {
			format = "pam"
		}
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
		if bc := back.View8.Channels() + back.View16.Channels(); bc == 3 && c == 4 {
			// PNG writes an opaque RGBA image as RGB.
			m.View8 = m.View8.ChannelRange(0, min(3, m.View8.Channels()))
			m.View16 = m.View16.ChannelRange(0, min(3, m.View16.Channels()))
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
