package readall

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSize: a regular file says its size less its position, a reader with
// Len says that, and a reader that cannot say gives -1.
func TestSize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, make([]byte, 1000), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := Size(f); got != 1000 {
		t.Errorf("file: %d, want 1000", got)
	}
	if _, err := f.Seek(300, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	if got := Size(f); got != 700 {
		t.Errorf("file at 300: %d, want 700", got)
	}
	if got := Size(bytes.NewReader(make([]byte, 42))); got != 42 {
		t.Errorf("bytes.Reader: %d, want 42", got)
	}
	if got := Size(io.LimitReader(strings.NewReader("abc"), 3)); got != -1 {
		t.Errorf("a reader that cannot say: %d, want -1", got)
	}
	dir, err := os.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer dir.Close()
	if got := Size(dir); got != -1 {
		t.Errorf("a directory: %d, want -1", got)
	}
}

// TestInto reads everything whatever the room given, appending to what
// buf holds, and without growing the buffer when the room was enough.
func TestInto(t *testing.T) {
	src := bytes.Repeat([]byte("0123456789"), 100)
	for _, room := range []int{0, 1, 999, 1000, 1001, 5000} {
		buf := append(make([]byte, 0, 2+room), "ab"...)
		got, err := Into(io.LimitReader(bytes.NewReader(src), int64(len(src))), buf)
		if err != nil {
			t.Fatal(err)
		}
		if want := append([]byte("ab"), src...); !bytes.Equal(got, want) {
			t.Errorf("room %d: read %d bytes, want %d", room, len(got), len(want))
		}
		if room > len(src) && &got[0] != &buf[0] {
			t.Errorf("room %d: the buffer grew though it had room", room)
		}
	}
}
