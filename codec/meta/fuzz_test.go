package meta

import (
	"bytes"
	"testing"
)

// FuzzExif runs every in-place EXIF helper on arbitrary bytes: none may
// panic, a patch may change only what it reports, and what it writes must
// read back.
func FuzzExif(f *testing.F) {
	for _, bo := range orders {
		f.Add(fullSpec(bo).build())
	}
	f.Add([]byte("II*\x00\x08\x00\x00\x00\xff\xff"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, ok := ExifOrientation(b); ok {
			before := bytes.Clone(b)
			if !SetExifOrientation(b, 5) {
				t.Fatal("orientation read but not patchable")
			}
			if o, ok := ExifOrientation(b); !ok || o != 5 {
				t.Fatalf("patched orientation reads %d, %v", o, ok)
			}
			if diff := countDiff(before, b); diff > 4 {
				t.Fatalf("orientation patch changed %d bytes", diff)
			}
		}
		if off, n, ok := ExifThumbnail(b); ok && (off < 0 || n <= 0 || off+n > len(b)) {
			t.Fatalf("thumbnail %d+%d outside %d bytes", off, n, len(b))
		}
		before := bytes.Clone(b)
		if !SetExifDimensions(b, 70000, 3) && !bytes.Equal(before, b) {
			t.Fatal("SetExifDimensions changed bytes and reported false")
		}
		before = bytes.Clone(b)
		if DropExifThumbnail(b) {
			if _, _, ok := ExifThumbnail(b); ok {
				t.Fatal("thumbnail found after drop")
			}
		} else if !bytes.Equal(before, b) {
			t.Fatal("DropExifThumbnail changed bytes and reported false")
		}
	})
}

// countDiff counts the bytes in which a and b, of one length, differ.
func countDiff(a, b []byte) int {
	n := 0
	for i := range a {
		if a[i] != b[i] {
			n++
		}
	}
	return n
}

// FuzzXMPOrientation checks that setting an orientation in any packet
// either leaves it alone or makes it read back.
func FuzzXMPOrientation(f *testing.F) {
	f.Add([]byte(`<x:xmpmeta><rdf:Description tiff:Orientation="6"/></x:xmpmeta>`), 1)
	f.Add([]byte(`<tiff:Orientation> 12 </tiff:Orientation>`), 3)
	f.Fuzz(func(t *testing.T, b []byte, o int) {
		had := len(xmpOrientationSpans(b))
		in := bytes.Clone(b)
		out := SetXMPOrientation(b, o)
		if o < 1 || o > 8 || had == 0 {
			if !bytes.Equal(out, in) {
				t.Fatal("packet changed without a property to set")
			}
			return
		}
		if got, ok := XMPOrientation(out); !ok || got != o {
			t.Fatalf("set %d, read %d, %v from %q", o, got, ok, out)
		}
	})
}
