package codec

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// TestRewindReaderLen checks that Len is the number of bytes a reader of
// a file has left, recorded ones included, through peeking, rewinding
// and reading to the end; and -1 for a reader of unknown size.
func TestRewindReaderLen(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789"), 1000)
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rr := rewinder(f)
	if got := rr.Len(); got != len(data) {
		t.Fatalf("Len at the start %d, want %d", got, len(data))
	}
	rr.peek(100)
	if got := rr.Len(); got != len(data) {
		t.Fatalf("Len after a peek %d, want %d", got, len(data))
	}
	done := 0
	buf := make([]byte, 333)
	for _, n := range []int{10, 200, 333, 333} {
		k, err := io.ReadFull(rr, buf[:n])
		if err != nil {
			t.Fatal(err)
		}
		done += k
		if got := rr.Len(); got != len(data)-done {
			t.Fatalf("Len after %d bytes %d, want %d", done, got, len(data)-done)
		}
	}
	rr.rewind()
	if got := rr.Len(); got != len(data) {
		t.Fatalf("Len after rewind %d, want %d", got, len(data))
	}
	rest, err := io.ReadAll(rr)
	if err != nil || !bytes.Equal(rest, data) {
		t.Fatalf("read %d bytes after rewind (%v), want the %d of the file", len(rest), err, len(data))
	}
	if got := rr.Len(); got != 0 {
		t.Fatalf("Len at the end %d", got)
	}
	if got := rewinder(io.MultiReader(bytes.NewReader(data))).Len(); got != -1 {
		t.Fatalf("Len of a reader of unknown size %d, want -1", got)
	}
}

// TestDecodePPMFileAllocatesOnce checks that a PPM decoded from a file is
// read into one buffer of its raster's size: the decoder sees how much the
// file holds through the rewinding reader, instead of growing a buffer
// fourfold as bytes arrive (which copied a 36 MB raster's worth and
// touched 58 MB).
func TestDecodePPMFileAllocatesOnce(t *testing.T) {
	const w, h = 1024, 1024
	v := pixbuf.New[uint8](h, w, 3)
	path := filepath.Join(t.TempDir(), "a.ppm")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := Default().Encode(f, v, PNM, nil); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	f, err = os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	if _, err := Default().Decode(f, nil); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&m1)
	raster := uint64(w * h * 3)
	if got := m1.TotalAlloc - m0.TotalAlloc; got > raster+raster/8 {
		t.Errorf("decoding a %d-byte raster from a file allocated %d bytes, want one raster and little more", raster, got)
	}
}
