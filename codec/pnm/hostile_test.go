package pnm

import (
	"bytes"
	"errors"
	"github.com/pixview/pixview/codec/codecerr"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/pixview/pixview/pixbuf"
)

// hostile inputs: each must fail with the given sentinel, fast, without a
// large allocation, through every entry point.
var hostile = []struct {
	name string
	data string
	want []error // every one must match
}{
	{"empty", "", []error{codecerr.ErrFormat, io.ErrUnexpectedEOF}},
	{"not netpbm", "GIF89a", []error{codecerr.ErrFormat}},
	{"P8", "P8 1 1 255\n", []error{codecerr.ErrFormat}},
	{"magic only", "P6", []error{codecerr.ErrFormat, io.ErrUnexpectedEOF}},
	{"no separator after magic", "P61 1 255\nabc", []error{codecerr.ErrFormat}},
	{"truncated header", "P6 3 2", []error{codecerr.ErrFormat, io.ErrUnexpectedEOF}},
	{"no byte after maxval", "P6 3 2 255", []error{codecerr.ErrFormat, io.ErrUnexpectedEOF}},
	{"truncated raster", "P6 100 100 255\n" + strings.Repeat("x", 10), []error{codecerr.ErrFormat, io.ErrUnexpectedEOF}},
	{"truncated 16-bit raster", "P5 2 2 65535\n\x00\x01\x00\x02\x00\x03\x00", []error{codecerr.ErrFormat, io.ErrUnexpectedEOF}},
	{"truncated PBM", "P4 9 3\n\x00\x00\x00\x00\x00", []error{codecerr.ErrFormat, io.ErrUnexpectedEOF}},
	{"truncated plain", "P2 3 1 255\n1 2", []error{codecerr.ErrFormat, io.ErrUnexpectedEOF}},
	{"huge in a tiny file", "P6 60000 60000 255\n", []error{codecerr.ErrTooLarge}},
	{"huge PAM", "P7\nWIDTH 1000000000\nHEIGHT 1000000000\nDEPTH 4\nMAXVAL 65535\nENDHDR\n", []error{codecerr.ErrTooLarge}},
	{"dimension beyond int32", "P5 3000000000 1 255\n", []error{codecerr.ErrTooLarge}},
	{"under the limit, no data", "P6 8000 8000 65535\n", []error{codecerr.ErrFormat, io.ErrUnexpectedEOF}},
	{"under the limit, no plain data", "P3 8000 8000 65535\n", []error{codecerr.ErrFormat, io.ErrUnexpectedEOF}},
	{"number too long", "P6 99999999999 1 255\n", []error{codecerr.ErrFormat}},
	{"maxval 0", "P5 1 1 0\n\x00", []error{codecerr.ErrFormat}},
	{"maxval 65536", "P5 1 1 65536\n\x00\x00", []error{codecerr.ErrFormat}},
	{"width 0", "P5 0 1 255\n", []error{codecerr.ErrFormat}},
	{"negative width", "P6 -1 1 255\n", []error{codecerr.ErrFormat}},
	{"non-numeric height", "P6 1 x 255\n", []error{codecerr.ErrFormat}},
	{"letter after digits", "P6 1 1x 255\n", []error{codecerr.ErrFormat}},
	{"plain non-numeric sample", "P2 2 1 255\n1 a", []error{codecerr.ErrFormat}},
	{"plain negative sample", "P2 2 1 255\n1 -2", []error{codecerr.ErrFormat}},
	{"plain bad bit", "P1 2 1\n12", []error{codecerr.ErrFormat}},
	{"10 MB comment", "P6\n#" + strings.Repeat("c", 10<<20) + "\n1 1 255\nabc", []error{codecerr.ErrFormat}},
	{"pam depth 0", pam("WIDTH 1", "HEIGHT 1", "DEPTH 0", "MAXVAL 255"), []error{codecerr.ErrFormat}},
	{"pam depth 5", pam("WIDTH 1", "HEIGHT 1", "DEPTH 5", "MAXVAL 255") + "abcde", []error{codecerr.ErrUnsupported}},
	{"pam maxval 0", pam("WIDTH 1", "HEIGHT 1", "DEPTH 1", "MAXVAL 0"), []error{codecerr.ErrFormat}},
	{"pam maxval 65536", pam("WIDTH 1", "HEIGHT 1", "DEPTH 1", "MAXVAL 65536"), []error{codecerr.ErrFormat}},
	{"pam missing ENDHDR", "P7\nWIDTH 1\nHEIGHT 1\nDEPTH 1\nMAXVAL 255\n", []error{codecerr.ErrFormat, io.ErrUnexpectedEOF}},
	{"pam missing ENDHDR with raster", "P7\nWIDTH 1\nHEIGHT 1\nDEPTH 1\nMAXVAL 255\nx", []error{codecerr.ErrFormat, io.ErrUnexpectedEOF}},
	{"pam missing field", pam("WIDTH 1", "HEIGHT 1", "MAXVAL 255"), []error{codecerr.ErrFormat}},
	{"pam duplicate field", pam("WIDTH 1", "HEIGHT 1", "WIDTH 1", "DEPTH 1", "MAXVAL 255") + "x", []error{codecerr.ErrFormat}},
	{"pam negative", pam("WIDTH -3", "HEIGHT 1", "DEPTH 1", "MAXVAL 255"), []error{codecerr.ErrFormat}},
	{"pam non-numeric", pam("WIDTH 3x", "HEIGHT 1", "DEPTH 1", "MAXVAL 255"), []error{codecerr.ErrFormat}},
	{"pam two values", pam("WIDTH 3 4", "HEIGHT 1", "DEPTH 1", "MAXVAL 255"), []error{codecerr.ErrFormat}},
	{"pam empty value", pam("WIDTH", "HEIGHT 1", "DEPTH 1", "MAXVAL 255"), []error{codecerr.ErrFormat}},
	{"pam unknown keyword", pam("WIDTH 1", "HEIGHT 1", "DEPTH 1", "MAXVAL 255", "COLOR red"), []error{codecerr.ErrFormat}},
	{"pam tuple type depth", pam("WIDTH 1", "HEIGHT 1", "DEPTH 1", "MAXVAL 255", "TUPLTYPE RGB") + "x", []error{codecerr.ErrFormat}},
	{"pam bilevel maxval", pam("WIDTH 1", "HEIGHT 1", "DEPTH 1", "MAXVAL 255", "TUPLTYPE BLACKANDWHITE") + "x", []error{codecerr.ErrFormat}},
	{"pam junk after magic", "P7 332\n" + pam("WIDTH 1", "HEIGHT 1", "DEPTH 1", "MAXVAL 255")[3:] + "x", []error{codecerr.ErrFormat}},
	{"pam junk after ENDHDR", "P7\nWIDTH 1\nHEIGHT 1\nDEPTH 1\nMAXVAL 255\nENDHDR now\nx", []error{codecerr.ErrFormat}},
	{"pam 10 MB line", "P7\nTUPLTYPE " + strings.Repeat("c", 10<<20) + "\n", []error{codecerr.ErrFormat}},
	{"pam huge, no data", pam("WIDTH 8000", "HEIGHT 8000", "DEPTH 4", "MAXVAL 65535"), []error{codecerr.ErrFormat, io.ErrUnexpectedEOF}},
}

// pam returns a PAM header with the given lines.
func pam(lines ...string) string {
	return "P7\n" + strings.Join(lines, "\n") + "\nENDHDR\n"
}

// opaqueReader hides a reader's type, so that its length is unknown.
type opaqueReader struct{ r io.Reader }

func (o opaqueReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func TestHostile(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range hostile {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, "f")
			if err := os.WriteFile(path, []byte(tc.data), 0o644); err != nil {
				t.Fatal(err)
			}
			data := []byte(tc.data)
			entries := map[string]func() error{
				"Read":        func() error { _, err := Read(strings.NewReader(tc.data), 0); return err },
				"Read opaque": func() error { _, err := Read(opaqueReader{strings.NewReader(tc.data)}, 0); return err },
				"Read file": func() error {
					f, err := os.Open(path)
					if err != nil {
						return err
					}
					defer f.Close()
					_, err = Read(f, 0)
					return err
				},
				"Parse":  func() error { _, err := Parse(data, 0); return err },
				"Decode": func() error { _, err := Decode(opaqueReader{strings.NewReader(tc.data)}); return err },
				"ParseAll": func() error {
					for _, err := range ParseAll(data, 0) {
						if err != nil {
							return err
						}
					}
					return nil
				},
				"All": func() error {
					for _, err := range All(strings.NewReader(tc.data), 0) {
						if err != nil {
							return err
						}
					}
					return nil
				},
			}
			for name, f := range entries {
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				start := time.Now()
				err := f()
				elapsed := time.Since(start)
				runtime.ReadMemStats(&after)
				for _, w := range tc.want {
					if !errors.Is(err, w) {
						t.Errorf("%s: error %v does not match %v", name, err, w)
					}
				}
				if err != nil && !strings.HasPrefix(err.Error(), "pnm: ") {
					t.Errorf("%s: error %q lacks the pnm: prefix", name, err)
				}
				// An input of unknown length may cost one raster chunk;
				// none may cost what its header declares.
				if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 3<<20 {
					t.Errorf("%s: allocated %d bytes", name, alloc)
				}
				if elapsed > time.Second {
					t.Errorf("%s: took %v", name, elapsed)
				}
			}
		})
	}
}

// TestHostileMap checks that Map refuses broken and short files before
// mapping them.
func TestHostileMap(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range hostile {
		path := filepath.Join(dir, "f")
		if err := os.WriteFile(path, []byte(tc.data), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, writable := range []bool{false, true} {
			m, err := Map(path, writable)
			if err == nil {
				m.Close()
				t.Errorf("%s: Map succeeded", tc.name)
				continue
			}
			if !errors.Is(err, codecerr.ErrFormat) && !errors.Is(err, codecerr.ErrUnsupported) && !errors.Is(err, codecerr.ErrTooLarge) {
				t.Errorf("%s: Map: %v", tc.name, err)
			}
		}
	}
}

// TestPixelLimit checks that maxPixels is applied exactly.
func TestPixelLimit(t *testing.T) {
	data := []byte("P5 4 3 255\n" + strings.Repeat("x", 12))
	for _, tc := range []struct {
		limit int
		ok    bool
	}{{12, true}, {11, false}, {0, true}, {-1, true}, {1, false}} {
		_, err := Parse(data, tc.limit)
		if tc.ok != (err == nil) || (err != nil && !errors.Is(err, codecerr.ErrTooLarge)) {
			t.Errorf("limit %d: %v", tc.limit, err)
		}
		_, err = Read(bytes.NewReader(data), tc.limit)
		if tc.ok != (err == nil) {
			t.Errorf("Read, limit %d: %v", tc.limit, err)
		}
	}
}

// TestSlowReader reads a large image through a reader of unknown length
// that returns a few bytes at a time, the growing-buffer path.
func TestSlowReader(t *testing.T) {
	w, h := 1200, 1000 // 3.6 MB: the buffer grows from one raster chunk twice
	v := pixbuf.New[uint8](h, w, 3)
	s, _ := v.Samples()
	copy(s, bytes.Repeat([]byte("pixview raster"), len(s)/14+1))
	var b bytes.Buffer
	if err := Write(&b, v, "P6"); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	img, err := Read(opaqueReader{&b}, 0)
	if got, _ := img.View8.Samples(); err != nil || !bytes.Equal(got, s) {
		t.Fatalf("Read: %v", err)
	}
	_, err = Read(opaqueReader{bytes.NewReader(data[:len(data)-1])}, 0)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("one byte short: %v", err)
	}
}
