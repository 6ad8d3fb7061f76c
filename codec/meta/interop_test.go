package meta

import (
	"bytes"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
)

// plainJPEG writes a small JPEG without metadata and returns its path.
func plainJPEG(t *testing.T, w, h int) string {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "plain.jpg")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// exifOf returns the TIFF body of the first APP1 Exif segment of a JPEG,
// aliasing data.
func exifOf(t *testing.T, data []byte) []byte {
	t.Helper()
	segs, err := ScanJPEG(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range segs {
		if s.Marker == markerAPP1 && bytes.HasPrefix(s.Data, []byte(ExifPrefix)) {
			return s.Data[len(ExifPrefix):]
		}
	}
	t.Fatal("no EXIF segment")
	return nil
}

// TestInPlacePatchExiftool has exiftool write orientation and dimension
// tags in each byte order, patches them in place and has exiftool read
// them back.
func TestInPlacePatchExiftool(t *testing.T) {
	t.Parallel()
	needTool(t, "exiftool")
	for _, order := range []string{"II", "MM"} {
		p := plainJPEG(t, 16, 8)
		run(t, "exiftool", "-q", "-overwrite_original", "-ExifByteOrder="+order, "-Orientation=6", "-n",
			"-ExifImageWidth=16", "-ExifImageHeight=8", "-Make=Pix", "-ThumbnailImage<="+p, p)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		tiff := exifOf(t, data)
		if string(tiff[:2]) != order {
			t.Fatalf("exiftool wrote byte order %q, want %s", tiff[:2], order)
		}
		if o, ok := ExifOrientation(tiff); !ok || o != 6 {
			t.Fatalf("%s: ExifOrientation = %d, %v; exiftool wrote 6", order, o, ok)
		}
		off, n, ok := ExifThumbnail(tiff)
		if !ok || !bytes.HasPrefix(tiff[off:off+n], []byte{0xff, 0xd8}) {
			t.Fatalf("%s: ExifThumbnail = %d, %d, %v", order, off, n, ok)
		}
		if !SetExifOrientation(tiff, 3) || !SetExifDimensions(tiff, 8, 16) || !DropExifThumbnail(tiff) {
			t.Fatalf("%s: a patch failed", order)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got := exifJSON(t, p, "-n", "-a", "-G1")
		want := map[string]any{"IFD0:Orientation": 3.0, "ExifIFD:ExifImageWidth": 8.0, "ExifIFD:ExifImageHeight": 16.0, "IFD0:Make": "Pix"}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: exiftool reads %s = %v, want %v", order, k, got[k], v)
			}
		}
		if _, ok := got["IFD1:ThumbnailImage"]; ok {
			t.Errorf("%s: exiftool still finds the thumbnail", order)
		}
		if w, ok := got["ExifTool:Warning"]; ok {
			t.Errorf("%s: exiftool warns: %v", order, w)
		}
	}
}
