package fsx

import (
	"bytes"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"unsafe"
)

// writeSys is the real layer with a record of the slices written.
type writeSys struct {
	osSys
	writes [][]byte
}

func (s *writeSys) write(f *os.File, p []byte) (int, error) {
	s.writes = append(s.writes, p)
	return s.osSys.write(f, p)
}

// TestWritesKeepTheirBytes: whatever the sizes of the caller's writes
// (small ones gathered, large ones passed on, io.Copy in between), the
// file holds exactly what was written, in order.
func TestWritesKeepTheirBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 1))
	for round := range 40 {
		var want []byte
		var pieces [][]byte
		for range 1 + rng.IntN(12) {
			var n int
			switch rng.IntN(4) {
			case 0:
				n = rng.IntN(16)
			case 1:
				n = rng.IntN(writeBuffer)
			default:
				n = writeBuffer - 8 + rng.IntN(2*writeBuffer)
			}
			p := make([]byte, n)
			for i := range p {
				p[i] = byte(rng.Uint32())
			}
			pieces = append(pieces, p)
			want = append(want, p...)
		}
		path := filepath.Join(t.TempDir(), "f")
		d, err := openDir(filepath.Dir(path))
		if err != nil {
			t.Fatal(err)
		}
		_, err = replaceAt(osSys{}, d, "f", path, nil, func(w io.Writer) error {
			for i, p := range pieces {
				if i%3 == 2 { // through io.Copy, which takes ReadFrom
					if _, err := io.Copy(w, bytes.NewReader(p)); err != nil {
						return err
					}
					continue
				}
				if _, err := w.Write(p); err != nil {
					return err
				}
			}
			return nil
		}, nil)
		d.close()
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("round %d: the file holds %d bytes, not the %d written in %d pieces", round, len(got), len(want), len(pieces))
		}
	}
}

// TestLargeWritesAreNotCopied: a write of writeBuffer bytes or more, with
// nothing buffered before it, reaches the file as the caller's own slice:
// the band-at-a-time Netpbm edit pays no copy into a buffer.
func TestLargeWritesAreNotCopied(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	d, err := openDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	defer d.close()
	big := [][]byte{make([]byte, writeBuffer), make([]byte, 3*writeBuffer+5)}
	s := &writeSys{}
	_, err = replaceAt(s, d, "f", path, nil, func(w io.Writer) error {
		for _, p := range big {
			if _, err := w.Write(p); err != nil {
				return err
			}
		}
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.writes) != len(big) {
		t.Fatalf("%d writes reached the file, want %d (one per large write)", len(s.writes), len(big))
	}
	for i, p := range big {
		if got := s.writes[i]; len(got) != len(p) || unsafe.SliceData(got) != unsafe.SliceData(p) {
			t.Errorf("write %d: %d bytes reached the file from another slice than the caller's %d (copied through a buffer)", i, len(got), len(p))
		}
	}
}
