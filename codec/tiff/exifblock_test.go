package tiff

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pixview/pixview/codec/meta/exiftags"
)

// exifEntry is one tag of a hand-built EXIF block: its values, already in
// the block's byte order, or a sub-IFD.
type exifEntry struct {
	tag, typ uint16
	count    uint32
	data     []byte      // the values
	sub      []exifEntry // for an IFD pointer: the sub-IFD's entries
}

// order is a byte order that also appends.
type order interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// buildEXIF writes an EXIF TIFF structure in byte order bo: IFD0 of es,
// then a thumbnail IFD1 when thumb, values and sub-IFDs after each IFD.
func buildEXIF(bo order, es []exifEntry, thumb bool) []byte {
	b := []byte("II*\x00")
	if bo == binary.BigEndian {
		b = []byte("MM\x00*")
	}
	b = bo.AppendUint32(b, 8)
	var ifd func(es []exifEntry, next bool) int
	ifd = func(es []exifEntry, next bool) int {
		at := len(b)
		b = bo.AppendUint16(b, uint16(len(es)))
		b = append(b, make([]byte, 12*len(es)+4)...)
		for i, e := range es {
			p := at + 2 + 12*i
			bo.PutUint16(b[p:], e.tag)
			bo.PutUint16(b[p+2:], e.typ)
			bo.PutUint32(b[p+4:], e.count)
			switch {
			case e.sub != nil:
				sub := ifd(e.sub, false) // grows b: write after
				bo.PutUint32(b[p+8:], uint32(sub))
			case len(e.data) <= 4:
				copy(b[p+8:p+12], e.data)
			default:
				if len(b)%2 == 1 {
					b = append(b, 0)
				}
				bo.PutUint32(b[p+8:], uint32(len(b)))
				b = append(b, e.data...)
			}
		}
		if next {
			sub := ifd([]exifEntry{{tag: 259, typ: 3, count: 1, data: bo.AppendUint16(nil, 6)}}, false)
			bo.PutUint32(b[at+2+12*len(es):], uint32(sub))
		}
		return at
	}
	ifd(es, thumb)
	return b
}

// cameraEXIF returns camera-style EXIF in byte order bo, with a value of
// every type that needs converting, inline and out of line.
func cameraEXIF(bo order, thumb bool) []byte {
	u16 := func(v ...uint16) []byte {
		var d []byte
		for _, x := range v {
			d = bo.AppendUint16(d, x)
		}
		return d
	}
	u32 := func(v ...uint32) []byte {
		var d []byte
		for _, x := range v {
			d = bo.AppendUint32(d, x)
		}
		return d
	}
	ascii := func(s string) exifEntry {
		return exifEntry{typ: 2, count: uint32(len(s) + 1), data: append([]byte(s), 0)}
	}
	with := func(e exifEntry, tag uint16) exifEntry { e.tag = tag; return e }
	return buildEXIF(bo, []exifEntry{
		with(ascii("Canon"), 271),
		with(ascii("EOS 5D Mark IV"), 272),
		{tag: 274, typ: 3, count: 1, data: u16(6)}, // Orientation: structural, not kept
		{tag: 282, typ: 5, count: 1, data: u32(300, 1)},
		{tag: 283, typ: 5, count: 1, data: u32(300, 1)},
		{tag: 296, typ: 3, count: 1, data: u16(2)},
		with(ascii("2024:05:06 07:08:09"), 306),
		with(ascii("Ann Example"), 33432),
		{tag: 34665, typ: 4, count: 1, sub: []exifEntry{
			{tag: 33434, typ: 5, count: 1, data: u32(1, 250)},              // ExposureTime
			{tag: 33437, typ: 5, count: 1, data: u32(28, 10)},              // FNumber
			{tag: 34855, typ: 3, count: 1, data: u16(400)},                 // ISO
			{tag: 36864, typ: 7, count: 4, data: []byte("0231")},           // ExifVersion
			with(ascii("2024:05:06 07:08:09"), 36867),                      // DateTimeOriginal
			{tag: 37380, typ: 10, count: 1, data: u32(0xfffffffd, 3)},      // ExposureBias -1
			{tag: 37500, typ: 7, count: 6, data: []byte{1, 2, 3, 4, 5, 6}}, // MakerNote
			with(ascii("12"), 37520),                                       // SubSecTime, inline
			{tag: 40961, typ: 3, count: 1, data: u16(1)},                   // ColorSpace
			{tag: 40962, typ: 4, count: 1, data: u32(6000)},                // PixelXDimension
			{tag: 40963, typ: 3, count: 1, data: u16(4000)},                // PixelYDimension
		}},
		{tag: 34853, typ: 4, count: 1, sub: []exifEntry{
			{tag: 0, typ: 1, count: 4, data: []byte{2, 3, 0, 0}},
			with(ascii("N"), 1),
			{tag: 2, typ: 5, count: 3, data: u32(48, 1, 51, 1, 2400, 100)},
			{tag: 6, typ: 5, count: 1, data: u32(355, 10)},
		}},
	}, thumb)
}

// tagSet returns the tags exiftags.Read (github.com/bep/imagemeta) reads
// from an EXIF block, as sorted "ifd name=value" strings.
func tagSet(t *testing.T, ex []byte) []string {
	t.Helper()
	tags, err := exiftags.Read(ex)
	if err != nil {
		t.Fatalf("exiftags.Read: %v", err)
	}
	var s []string
	for _, tg := range tags {
		s = append(s, fmt.Sprintf("%s %s=%v", tg.IFD, tg.Name, tg.Value))
	}
	slices.Sort(s)
	return s
}

// TestLittleEndianEXIF checks the conversion by the law that a block and
// its little-endian form decode, with an independent reader, to the same
// tags but the structural ones, for either byte order; the MakerNote's
// bytes are kept as they were.
func TestLittleEndianEXIF(t *testing.T) {
	want := tagSet(t, cameraEXIF(binary.LittleEndian, false))
	want = slices.DeleteFunc(want, func(s string) bool { return s == "IFD0 Orientation=6" })
	if len(want) < 20 {
		t.Fatalf("only %d tags read from the fixture: %v", len(want), want)
	}
	for _, bo := range []order{binary.BigEndian, binary.LittleEndian} {
		le, err := LittleEndianEXIF(cameraEXIF(bo, true))
		if err != nil {
			t.Fatalf("%v: %v", bo, err)
		}
		if !bytes.HasPrefix(le, []byte("II*\x00")) {
			t.Fatalf("%v: the block starts %q", bo, le[:4])
		}
		if got := tagSet(t, le); !slices.Equal(got, want) {
			t.Errorf("%v: tags\n%v\nwant\n%v", bo, got, want)
		}
		if !bytes.Contains(le, []byte{1, 2, 3, 4, 5, 6}) {
			t.Errorf("%v: MakerNote bytes changed", bo)
		}
	}
	if _, err := LittleEndianEXIF([]byte("MM\x00*\x00\x00\x00\x08\x00\x05")); err == nil {
		t.Error("a truncated IFD converted without error")
	}
}

// TestBigEndianEXIFExiftool has exiftool judge a TIFF page written with a
// big-endian EXIF block: every tag of the block but the orientation (the
// page's own) and the thumbnail, which the report names, reads as it did.
func TestBigEndianEXIFExiftool(t *testing.T) {
	need(t, "exiftool")
	dir := t.TempDir()
	be := cameraEXIF(binary.BigEndian, true)
	p := testPage(layouts[2], 4, 6, None, false)
	p.EXIF = be
	var out bytes.Buffer
	rep, err := Encode(&out, []Page{p})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Changes) != 1 || rep.Changes[0].Item != "exif-thumbnail" {
		t.Errorf("changes %+v, want the thumbnail's", rep.Changes)
	}
	file := filepath.Join(dir, "be.tif")
	os.WriteFile(file, out.Bytes(), 0o644)
	// exiftool reads the block alone as a TIFF file, the reference.
	ref := filepath.Join(dir, "exif.tif")
	os.WriteFile(ref, be, 0o644)
	var a, b []map[string]any
	for _, x := range []struct {
		f string
		v *[]map[string]any
	}{{ref, &a}, {file, &b}} {
		if err := json.Unmarshal([]byte(run(t, "exiftool", "-a", "-G1", "-j", "-n", "-ExifIFD:all", "-GPS:all", "-IFD0:Make", "-IFD0:Model", "-IFD0:Copyright", "-IFD0:ModifyDate", "-IFD0:XResolution", x.f)), x.v); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	for k, v := range a[0] {
		if k == "SourceFile" {
			continue
		}
		n++
		if fmt.Sprint(b[0][k]) != fmt.Sprint(v) {
			t.Errorf("%s: %v, was %v", k, b[0][k], v)
		}
	}
	if n < 15 {
		t.Errorf("exiftool read only %d tags of the reference: %v", n, a[0])
	}
}
