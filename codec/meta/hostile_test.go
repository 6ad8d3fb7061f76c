package meta

import (
	"bytes"
	"os"
	"testing"
)

// TestHostileInputs cuts files carrying every part at many lengths and
// flips bits spread over their first kilobyte: no reader or writer may panic,
// and a reader returns metadata even with an error. The fuzz targets go
// further; this runs on every go test.
func TestHostileInputs(t *testing.T) {
	t.Parallel() // it overlaps the tests that wait on exiftool
	readers := map[string]func([]byte) (*Metadata, error){
		"JPEG": FromJPEGFile,
		"PNG":  func(b []byte) (*Metadata, error) { return fromPNG(fixCRCs(b), 1<<20) },
		"TIFF": FromTIFF,
	}
	files := map[string][]byte{"JPEG": jpegSeed(), "PNG": pngSeed(), "TIFF": fullSpec(orders[1]).build()}
	try := func(kind string, b []byte) {
		m, _ := readers[kind](b)
		if m == nil {
			t.Fatalf("%s reader returned nil metadata", kind)
		}
		m.Summary()
		m.JPEGSegments()
		m.PNGChunks()
		m.Clone().SetOrientation(3)
		InsertJPEG(b, m)
		InsertPNG(b, m)
	}
	// Each try rewrites compressed chunks, a millisecond or more: thirty
	// lengths and thirty flipped bits a file keep this fast. Every length
	// and every bit of the first kilobyte with META_LONG=1 outside -short.
	n := 30
	if os.Getenv("META_LONG") != "" && !testing.Short() {
		n = 1 << 30
	}
	for kind, full := range files {
		step := max(1, len(full)/n)
		for l := 0; l < len(full); l += step {
			try(kind, bytes.Clone(full[:l]))
		}
		bits := min(len(full), 1024) * 8
		for i := 0; i < bits; i += bits/n + 1 {
			b := bytes.Clone(full)
			b[i/8] ^= 1 << (i % 8)
			try(kind, b)
		}
	}
}
