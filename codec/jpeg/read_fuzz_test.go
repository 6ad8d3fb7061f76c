package jpeg

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode reads arbitrary bytes: the reader returns an Image or an
// error wrapping a sentinel, never panics, and whatever it accepts the
// streaming Decoder and DecodeConfig read the same way. Seeds: the files
// in testdata/fuzz/FuzzDecode and the repository's small sample JPEGs.
func FuzzDecode(f *testing.F) {
	names, _ := filepath.Glob("../../testdata/*.jp*g")
	for _, n := range names {
		if data, err := os.ReadFile(n); err == nil && len(data) < 32<<10 {
			f.Add(data)
		}
	}
	opts := &DecodeOptions{MaxPixels: 1 << 20, MaxScans: 100}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := DecodeBytes(data, opts)
		if err != nil {
			wantSentinel(t, "DecodeBytes", err)
			if readAllRows(bytes.NewReader(data)) == nil {
				t.Fatalf("Decoder accepts what DecodeBytes refuses: %v", err)
			}
			return
		}
		checkStreaming(t, "fuzz", data, m, true)
		cfg, err := DecodeConfig(bytes.NewReader(data), opts)
		if err != nil || cfg.Width != m.Width || cfg.Height != m.Height || len(cfg.Components) != len(m.Components) {
			t.Fatalf("DecodeConfig: %v", err)
		}
	})
}
