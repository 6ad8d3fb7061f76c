package meta

import (
	"bytes"
	"image"
	"image/jpeg"
	"testing"
)

// benchJPEG is a 12-megapixel JPEG carrying jpegSeed's metadata: what a
// camera file looks like to the readers.
func benchJPEG(b *testing.B) []byte {
	b.Helper()
	img := image.NewGray(image.Rect(0, 0, 4000, 3000))
	for i := range img.Pix {
		img.Pix[i] = uint8(i ^ i>>7)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		b.Fatal(err)
	}
	m, _ := FromJPEGFile(jpegSeed())
	m.ICC = makeICC("bench", 200_000) // four APP2 segments
	out, _, err := InsertJPEG(buf.Bytes(), m)
	if err != nil {
		b.Fatal(err)
	}
	return out
}

// BenchmarkFromJPEGFile reads the metadata of a camera-sized JPEG; the
// scan stops at the first scan, so it costs the header, not the file.
func BenchmarkFromJPEGFile(b *testing.B) {
	data := benchJPEG(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FromJPEGFile(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInsertJPEG writes metadata into a camera-sized JPEG; compare
// with BenchmarkCopyJPEG, the copy of the same bytes it cannot beat.
func BenchmarkInsertJPEG(b *testing.B) {
	data := benchJPEG(b)
	m, _ := FromJPEGFile(data)
	m = m.Clone()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := InsertJPEG(data, m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCopyJPEG is the reference for BenchmarkInsertJPEG: a new
// slice holding the file's bytes.
func BenchmarkCopyJPEG(b *testing.B) {
	data := benchJPEG(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		_ = bytes.Clone(data)
	}
}
