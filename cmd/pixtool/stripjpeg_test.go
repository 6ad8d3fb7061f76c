package main

import (
	"bytes"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"

	"github.com/pixview/pixview/codec/meta"
)

// jpegSamples returns the JPEG files of the shared testdata, each with a
// comment, an APP12 segment and a trailer added after SOI and EOI, as
// cameras write them.
func jpegSamples(t testing.TB) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "*.jp*g"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no JPEG samples: %v", err)
	}
	out := map[string][]byte{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var b []byte
		b = append(b, data[:2]...)
		b = meta.AppendSegment(b, meta.Segment{Marker: 0xfe, Data: []byte("a comment")})
		b = meta.AppendSegment(b, meta.Segment{Marker: 0xec, Data: []byte("Ducky\x00\x01")})
		b = append(b, data[2:]...)
		out[filepath.Base(p)] = append(b, "TRAILER"...)
	}
	return out
}

// TestStripJPEGLaws: with nothing to drop stripJPEG is the identity; with
// --strip it keeps the pixels (image/jpeg decodes the same image), JFIF,
// Adobe and ICC segments, and drops every other APPn, COM and the trailer;
// stripping twice is stripping once.
func TestStripJPEGLaws(t *testing.T) {
	for name, data := range jpegSamples(t) {
		same, chs, err := stripJPEG(data, metaFilter{})
		if err != nil || !bytes.Equal(same, data) || len(chs) != 0 {
			t.Errorf("%s: nothing to drop changed the file (%v, %v)", name, chs, err)
		}
		for _, f := range []metaFilter{{all: true}, {icc: true}, {all: true, icc: true}} {
			out, chs, err := stripJPEG(data, f)
			if err != nil {
				t.Fatalf("%s %+v: %v", name, f, err)
			}
			if !samePixels(t, data, out) {
				t.Errorf("%s %+v: the pixels changed", name, f)
			}
			before, after := segmentsOf(t, data), segmentsOf(t, out)
			for m, n := range before {
				kept := n
				switch {
				case f.all && (m == 0xfe || m == 0xec || m == 0xe1 || m == 0xed):
					kept = 0
				}
				if after[m] != kept {
					t.Errorf("%s %+v: %d segments of marker %#x, want %d", name, f, after[m], m, kept)
				}
			}
			if f.all == bytes.HasSuffix(out, []byte("TRAILER")) {
				t.Errorf("%s %+v: trailer kept %v", name, f, !f.all)
			}
			if f.all && len(chs) < 3 {
				t.Errorf("%s %+v: changes %v do not name the comment, APP12 and trailer", name, f, chs)
			}
			again, chs, err := stripJPEG(out, f)
			if err != nil || !bytes.Equal(again, out) || len(chs) != 0 {
				t.Errorf("%s %+v: stripping twice dropped %v more (%v)", name, f, chs, err)
			}
		}
	}
}

// samePixels reports whether image/jpeg decodes a and b to the same
// pixels.
func samePixels(t *testing.T, a, b []byte) bool {
	t.Helper()
	ma, err := jpeg.Decode(bytes.NewReader(a))
	if err != nil {
		// image/jpeg does not read every sample (CMYK is fine, but be safe).
		t.Logf("image/jpeg: %v", err)
		return bytes.Equal(a, b)
	}
	mb, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		return false
	}
	if ma.Bounds() != mb.Bounds() {
		return false
	}
	r := ma.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if ma.At(x, y) != mb.At(x, y) {
				return false
			}
		}
	}
	return true
}

// segmentsOf counts the header segments of JPEG data by marker.
func segmentsOf(t *testing.T, data []byte) map[byte]int {
	t.Helper()
	segs, err := meta.ScanJPEG(data)
	if err != nil {
		t.Fatal(err)
	}
	n := map[byte]int{}
	for _, s := range segs {
		n[s.Marker]++
	}
	return n
}

// FuzzStripJPEG: on any input stripJPEG returns an error or a stream no
// longer than its input, and stripping that again changes nothing.
func FuzzStripJPEG(f *testing.F) {
	for _, data := range jpegSamples(f) {
		f.Add(data)
	}
	f.Add([]byte("\xff\xd8\xff\xfe\x00\x02\xff\xd9"))
	f.Add([]byte("\xff\xd8\xff\xda\x00\x02\xff\x00\xff\xd0\xff\xd9tail"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, mf := range []metaFilter{{all: true}, {icc: true}} {
			out, _, err := stripJPEG(data, mf)
			if err != nil {
				continue
			}
			if len(out) > len(data) {
				t.Fatalf("%d bytes out of %d", len(out), len(data))
			}
			again, chs, err := stripJPEG(out, mf)
			if err != nil || !bytes.Equal(again, out) || len(chs) != 0 {
				t.Fatalf("stripping twice: %v, %v", chs, err)
			}
		}
	})
}
