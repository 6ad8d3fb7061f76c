package pnm

import (
	"bytes"
	"errors"
	"github.com/pixview/pixview/codec/codecerr"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/pixview/pixview/ops"
	"github.com/pixview/pixview/pixbuf"
)

// writeFile writes v with Write to a new file in dir and returns its path.
func writeFile[T uint8 | uint16](t *testing.T, dir string, v pixbuf.View[T], magic string) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, v, magic); err != nil {
		t.Fatal(err)
	}
	b.WriteString("P5 1 1 255\nx") // a second image after the first stays untouched
	path := filepath.Join(dir, "img"+magic)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestMapFlip is Map's law: flipping the mapped view in place, then Sync
// and Close, leaves the file holding the flipped image, for 8 and 16 bits
// and every channel count.
func TestMapFlip(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(7, 8))
	for c := 1; c <= 4; c++ {
		v8 := pixbuf.New[uint8](5, 7, c)
		v16 := pixbuf.New[uint16](5, 7, c)
		s8, _ := v8.Samples()
		s16, _ := v16.Samples()
		for i := range s8 {
			s8[i], s16[i] = uint8(rng.Uint32()), uint16(rng.Uint32())
		}
		for _, wide := range []bool{false, true} {
			var path string
			if wide {
				path = writeFile(t, dir, v16, "")
			} else {
				path = writeFile(t, dir, v8, "")
			}
			before, _ := os.ReadFile(path)
			m, err := Map(path, true)
			if err != nil {
				t.Fatal(err)
			}
			mv := m.View()
			bps := 1
			if wide {
				bps = 2
			}
			if h, w, ch := mv.Shape(); h != 5 || w != 7 || ch != c*bps || mv.ReadOnly() {
				t.Fatalf("view %v, want 5x7x%d writable", mv, c*bps)
			}
			// The view holds the file's samples, big-endian when wide.
			for y := 0; y < 5; y++ {
				for x := 0; x < 7; x++ {
					for k := 0; k < c; k++ {
						got, want := int(mv.At(y, x, k)), int(v8.At(y, x, k))
						if wide {
							got, want = int(mv.At(y, x, 2*k))<<8|int(mv.At(y, x, 2*k+1)), int(v16.At(y, x, k))
						}
						if got != want {
							t.Fatalf("%d channels wide=%v: sample (%d,%d,%d) = %d, want %d", c, wide, y, x, k, got, want)
						}
					}
				}
			}
			if err := mv.CopyFrom(mv.FlipH()); err != nil {
				t.Fatal(err)
			}
			if err := m.Sync(); err != nil {
				t.Fatal(err)
			}
			if err := m.Close(); err != nil {
				t.Fatal(err)
			}
			if err := m.Close(); !errors.Is(err, os.ErrClosed) {
				t.Errorf("second Close: %v", err)
			}
			after, _ := os.ReadFile(path)
			if len(after) != len(before) {
				t.Fatalf("file size changed from %d to %d", len(before), len(after))
			}
			var ok bool
			for img, err := range All(bytes.NewReader(after), 0) {
				if err != nil {
					t.Fatal(err)
				}
				if ok {
					if img.View8.At(0, 0, 0) != 'x' {
						t.Errorf("the second image changed")
					}
					break
				}
				if wide {
					ok = img.View16.Equal(v16.FlipH())
				} else {
					ok = img.View8.Equal(v8.FlipH())
				}
				if !ok {
					t.Errorf("%d channels wide=%v: the file does not hold the flipped image", c, wide)
				}
				ok = true
			}
		}
	}
}

// TestMapReadOnly checks that a read-only mapping gives a read-only view
// that refuses writes with ErrReadOnly and leaves the file alone.
func TestMapReadOnly(t *testing.T) {
	dir := t.TempDir()
	v := pixbuf.New[uint8](3, 4, 3)
	_ = v.Fill(9)
	path := writeFile(t, dir, v, "P6")
	before, _ := os.ReadFile(path)
	m, err := Map(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	mv := m.View()
	if !mv.ReadOnly() {
		t.Fatal("view of a read-only mapping is writable")
	}
	if err := mv.CopyFrom(mv.FlipV()); !errors.Is(err, pixbuf.ErrReadOnly) {
		t.Errorf("CopyFrom: %v, want ErrReadOnly", err)
	}
	if err := ops.FlipH(mv); !errors.Is(err, pixbuf.ErrReadOnly) {
		t.Errorf("ops.FlipH: %v, want ErrReadOnly", err)
	}
	if err := mv.Fill(0); !errors.Is(err, pixbuf.ErrReadOnly) {
		t.Errorf("Fill: %v, want ErrReadOnly", err)
	}
	if err := m.Sync(); err != nil {
		t.Errorf("Sync of a read-only mapping: %v", err)
	}
	if h := m.Header(); h.Magic != "P6" || h.Width != 4 || h.Height != 3 || h.MaxVal != 255 {
		t.Errorf("Header %+v", h)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("the file changed")
	}
}

func TestMapRefuses(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, data string
		want       error
	}{
		{"P4", "P4 8 1\n\x00", codecerr.ErrUnsupported},
		{"plain", "P2 1 1 255\n0\n", codecerr.ErrUnsupported},
		{"maxval 1", "P5 1 1 1\n\x00", codecerr.ErrUnsupported},
		{"short", "P6 2 2 255\n" + "0123456789a", codecerr.ErrFormat},
		{"overflow", "P7\nWIDTH 2000000000\nHEIGHT 2000000000\nDEPTH 4\nMAXVAL 65535\nENDHDR\n", codecerr.ErrTooLarge},
		{"huge", "P5 60000 60000 255\n", codecerr.ErrFormat},
	} {
		path := filepath.Join(dir, tc.name)
		if err := os.WriteFile(path, []byte(tc.data), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Map(path, false); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	if _, err := Map(filepath.Join(dir, "missing"), false); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if _, err := Map(dir, false); err == nil {
		t.Error("Map of a directory succeeded")
	}
}
