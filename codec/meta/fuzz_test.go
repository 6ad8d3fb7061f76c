package meta

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pixview/pixview/codec/codecerr"
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

// jpegSeed is a small JPEG carrying every part the model reads.
func jpegSeed() []byte {
	m := &Metadata{
		EXIF:       fullSpec(orders[1]).build(),
		ICC:        makeICC("seed", 100),
		XMP:        []byte(`<x:xmpmeta><rdf:Description tiff:Orientation="6" xmpNote:HasExtendedXMP="0123456789ABCDEF0123456789ABCDEF"/></x:xmpmeta>`),
		IPTC:       wrapIIM([]byte{0x1c, 2, 25, 0, 1, 'k'}),
		Comments:   []string{"seed"},
		Resolution: &Resolution{72, 72, UnitInch},
	}
	out, _, _ := InsertJPEG([]byte("\xff\xd8\xff\xda\x00\x02\xff\xd9"), m)
	return out
}

// FuzzJPEG reads metadata from any bytes as JPEG; what it reads, written
// back to segments and read again, is the same.
func FuzzJPEG(f *testing.F) {
	f.Add(jpegSeed())
	f.Add([]byte("\xff\xd8\xff\xe2\x00\x10ICC_PROFILE\x00\x01\x02"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := FromJPEGFile(data)
		if m == nil {
			t.Fatal("nil metadata")
		}
		m.Summary()
		if err != nil {
			return
		}
		segs, dropped := m.JPEGSegments()
		if len(dropped) > 0 {
			return
		}
		m2, err := FromJPEG(segs)
		if err != nil {
			t.Fatalf("reading what was written: %v", err)
		}
		same := bytes.Equal(m.EXIF, m2.EXIF) && bytes.Equal(m.ICC, m2.ICC) && bytes.Equal(m.IPTC, m2.IPTC) &&
			bytes.Equal(m.ExtendedXMP, m2.ExtendedXMP) && (m.ExtendedXMP != nil || bytes.Equal(m.XMP, m2.XMP)) &&
			strings.Join(m.Comments, "\x00") == strings.Join(m2.Comments, "\x00")
		if !same {
			t.Fatalf("read, write, read differs: %s", diffModels(m, m2))
		}
		if _, _, err := InsertJPEG(data, m); err != nil {
			t.Fatalf("InsertJPEG of a file FromJPEGFile read: %v", err)
		}
	})
}

// fixCRCs returns a copy of PNG data with the CRC of every whole chunk
// recomputed, so that fuzzing reaches past the CRC check.
func fixCRCs(data []byte) []byte {
	b := bytes.Clone(data)
	for i := len(pngSignature); i+12 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		if n < 0 || n > len(b)-i-12 {
			break
		}
		end := i + 8 + n
		binary.BigEndian.PutUint32(b[end:], crc32.ChecksumIEEE(b[i+4:end]))
		i = end + 4
	}
	return b
}

// pngSeed is a small PNG carrying every chunk the model reads.
func pngSeed() []byte {
	srgb := uint8(0)
	m := &Metadata{
		EXIF: fullSpec(orders[0]).build(), XMP: []byte("<x:xmpmeta/>"), IPTC: wrapIIM([]byte{0x1c, 2, 25, 0, 1, 'k'}),
		SRGB: &srgb, Gamma: 45455, Chromaticities: &[8]uint32{1, 2, 3, 4, 5, 6, 7, 8}, CICP: &CICP{1, 13, 0, 1},
		Resolution: &Resolution{72, 72, UnitInch}, ModTime: ptr(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)),
		Text: []Text{{Keyword: "Title", Text: "t"}, {Keyword: "Z", Text: "z", Compressed: true}, {Keyword: "I", Text: "i", International: true, Compressed: true}},
	}
	var b []byte
	b = append(b, pngSignature...)
	b = AppendChunk(b, Chunk{"IHDR", []byte{0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0}})
	cs, _ := m.PNGChunks()
	for _, c := range cs {
		b = AppendChunk(b, c)
	}
	b = AppendChunk(b, Chunk{"iCCP", append([]byte("icc\x00\x00"), deflate(makeICC("seed", 10))...)})
	b = AppendChunk(b, Chunk{"tEXt", []byte(rawProfilePrefix + "exif\x00" + encodeRawProfile("exif", append([]byte(ExifPrefix), fullSpec(orders[1]).build()...)))})
	return AppendChunk(b, Chunk{"IEND", nil})
}

// FuzzPNG reads metadata from any bytes as PNG (CRCs fixed); what it
// reads, written back to chunks and read again, is the same.
func FuzzPNG(f *testing.F) {
	f.Add(pngSeed())
	f.Fuzz(fuzzPNGBody)
}

func fuzzPNGBody(t *testing.T, data []byte) {
	{
		// A small bound on inflating keeps each run fast: a zlib bomb
		// inflating to FromPNG's 64 MiB takes seconds under the fuzzer.
		const limit = 1 << 20
		fromPNG(data, limit)
		data = fixCRCs(data)
		m, err := fromPNG(data, limit)
		if m == nil {
			t.Fatal("nil metadata")
		}
		m.Summary()
		if err != nil {
			return
		}
		cs, _ := m.PNGChunks()
		m2, err := fromPNGChunks(cs, 2*limit)
		if err != nil {
			t.Fatalf("reading what was written: %v", err)
		}
		same := bytes.Equal(m.EXIF, m2.EXIF) && bytes.Equal(m.ICC, m2.ICC) && bytes.Equal(m.IPTC, m2.IPTC) &&
			bytes.Equal(m.XMP, m2.XMP) && m.Gamma == m2.Gamma && reflect.DeepEqual(m.Chromaticities, m2.Chromaticities) &&
			reflect.DeepEqual(m.CICP, m2.CICP)
		if !same {
			t.Fatalf("read, write, read differs: %s", diffModels(m, m2))
		}
		if _, _, err := InsertPNG(data, m); err != nil && !errors.Is(err, codecerr.ErrFormat) {
			t.Fatalf("InsertPNG: %v", err)
		}
	}
}

// FuzzTIFF reads metadata from any bytes as a TIFF file: the EXIF it
// builds is a TIFF structure that builds to itself again.
func FuzzTIFF(f *testing.F) {
	for _, bo := range orders {
		s := fullSpec(bo)
		s.ifd0 = append(s.ifd0, withTag(0x0111, long(bo, 8)), withTag(tagXResolution, tent{typ: typeRational, count: 1, val: []byte{0, 0, 1, 44, 0, 0, 0, 1}}))
		f.Add(s.build())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := FromTIFF(data)
		if m == nil {
			t.Fatal("nil metadata")
		}
		if err != nil || m.EXIF == nil {
			return
		}
		m2, err := FromTIFF(m.EXIF)
		if err != nil || !bytes.Equal(m2.EXIF, m.EXIF) {
			t.Fatalf("rebuilding the built EXIF: %v, %d -> %d bytes", err, len(m.EXIF), len(m2.EXIF))
		}
		exifSummary(m.EXIF)
	})
}

// FuzzExifTags reads the tags the EXIF summary shows from any bytes, and
// checks their count and GPS against imagemeta's reading of every tag
// (package exiftags) wherever the structure is sound (soundExif).
func FuzzExifTags(f *testing.F) {
	for _, bo := range orders {
		f.Add(fullSpec(bo).build())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got := exifSummary(data)
		want, err := summaryByNames(data)
		if err != nil && !errors.Is(err, codecerr.ErrFormat) {
			t.Fatalf("imagemeta's error without ErrFormat: %v", err)
		}
		if soundExif(data) {
			if d := sameSummary(got, want, false); d != "" {
				t.Fatal(d)
			}
		}
	})
}

// FuzzICCDescription reads the description of any bytes as a profile.
func FuzzICCDescription(f *testing.F) {
	f.Add(makeICC("seed", 0))
	f.Add(makeICCv4("de", "en"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ICCDescription(data)
	})
}

// FuzzIIMRecords checks that IIMRecords never panics, returns a part of
// its input, and gives back what WrapIIM wrapped.
func FuzzIIMRecords(f *testing.F) {
	f.Add([]byte("8BIM\x04\x04\x00\x00\x00\x00\x00\x05\x1c\x02\x00\x00\x02\x008BIM\x04\x25\x00\x00\x00\x00\x00\x02ab"))
	f.Add([]byte("\x1c\x02\x19\x00\x05paris"))
	f.Add([]byte("8BIM\x04\x04\x03abc\x00\x00\x00\x01x"))
	f.Fuzz(func(t *testing.T, b []byte) {
		iim, _ := IIMRecords(b)
		if len(iim) > 0 && !bytes.Contains(b, iim) {
			t.Fatalf("IIM %q is not part of the input", iim)
		}
		if len(b) > 0 && b[0] == 0x1c {
			if got, others := IIMRecords(WrapIIM(b)); !bytes.Equal(got, b) || others {
				t.Fatalf("wrapped %q read back as %q, %v", b, got, others)
			}
		}
	})
}
