package main

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// TestCopyMappedFault truncates a mapped file before its raster is read,
// as another process may: the read faults (SIGBUS), and copyMapped turns
// the fault into an error wrapping errChanged instead of a crash.
func TestCopyMappedFault(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.ppm")
	writePNM(t, p, pattern(1024, 64, 3, 8), "P6") // several pages
	m, err := mapPNM(p, false)
	if err != nil {
		t.Fatal(err)
	}
	defer m.close()
	v := m.view()
	h, w, c := v.Shape()
	dst, err := pixbuf.Wrap(make([]uint8, h*w*c), h, w, c)
	if err != nil {
		t.Fatal(err)
	}
	if err := copyMapped(dst, v); err != nil {
		t.Fatalf("whole file: %v", err)
	}
	if err := os.Truncate(p, 10); err != nil {
		t.Fatal(err)
	}
	if err := copyMapped(dst, v); !errors.Is(err, errChanged) {
		t.Fatalf("truncated file: %v, want an error wrapping errChanged", err)
	}
}
