package meta

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"testing"
)

// tent is one entry of a hand-built IFD. Values of up to 4 bytes are
// inline; longer ones are placed after the IFDs.
type tent struct {
	tag, typ uint16
	count    uint32
	val      []byte // already in the structure's byte order
}

// tiffSpec describes a hand-built TIFF structure: IFD0, an optional Exif
// sub-IFD linked from IFD0 and an optional IFD1 with a thumbnail.
type tiffSpec struct {
	bo    order
	ifd0  []tent
	exif  []tent
	ifd1  []tent
	thumb []byte
}

func short(bo binary.ByteOrder, v uint16) tent {
	b := make([]byte, 2)
	bo.PutUint16(b, v)
	return tent{typ: typeShort, count: 1, val: b}
}

func long(bo binary.ByteOrder, v uint32) tent {
	b := make([]byte, 4)
	bo.PutUint32(b, v)
	return tent{typ: typeLong, count: 1, val: b}
}

func ascii(s string) tent {
	return tent{typ: typeASCII, count: uint32(len(s) + 1), val: append([]byte(s), 0)}
}

func withTag(tag uint16, e tent) tent { e.tag = tag; return e }

// build lays the structure out: header, IFD0, Exif IFD, IFD1, then the
// out-of-line values and the thumbnail.
func (s tiffSpec) build() []byte {
	bo := s.bo
	ifd0 := append([]tent(nil), s.ifd0...)
	if s.exif != nil {
		ifd0 = append(ifd0, withTag(tagExifIFD, long(bo, 0)))
	}
	ifd1 := append([]tent(nil), s.ifd1...)
	if s.thumb != nil {
		ifd1 = append(ifd1, withTag(tagThumbOffset, long(bo, 0)), withTag(tagThumbLength, long(bo, uint32(len(s.thumb)))))
	}
	size := func(es []tent) int {
		if len(es) == 0 {
			return 0
		}
		return 2 + 12*len(es) + 4
	}
	off0 := 8
	offExif := off0 + size(ifd0)
	off1 := offExif + size(s.exif)
	data := off1 + size(ifd1)
	var extra []byte
	var out []byte
	if bo == binary.LittleEndian {
		out = []byte("II*\x00\x08\x00\x00\x00")
	} else {
		out = []byte("MM\x00*\x00\x00\x00\x08")
	}
	var thumbOff int
	// Out-of-line values first, so that their offsets are known.
	place := func(v []byte) uint32 {
		o := data + len(extra)
		extra = append(extra, v...)
		if len(extra)%2 == 1 {
			extra = append(extra, 0)
		}
		return uint32(o)
	}
	writeIFD := func(es []tent, next uint32) {
		if len(es) == 0 {
			return
		}
		out = bo.AppendUint16(out, uint16(len(es)))
		for _, e := range es {
			out = bo.AppendUint16(out, e.tag)
			out = bo.AppendUint16(out, e.typ)
			out = bo.AppendUint32(out, e.count)
			switch {
			case e.tag == tagExifIFD:
				out = bo.AppendUint32(out, uint32(offExif))
			case e.tag == tagThumbOffset:
				out = bo.AppendUint32(out, uint32(thumbOff))
			case len(e.val) <= 4:
				v := make([]byte, 4)
				copy(v, e.val)
				out = append(out, v...)
			default:
				out = bo.AppendUint32(out, place(e.val))
			}
		}
		out = bo.AppendUint32(out, next)
	}
	// Lay out the long values before writing so the thumbnail follows them.
	for _, es := range [][]tent{ifd0, s.exif, ifd1} {
		for _, e := range es {
			if len(e.val) > 4 {
				place(e.val)
			}
		}
	}
	thumbOff = data + len(extra)
	extra = extra[:0]
	var next0 uint32
	if len(ifd1) > 0 {
		next0 = uint32(off1)
	}
	writeIFD(ifd0, next0)
	writeIFD(s.exif, 0)
	writeIFD(ifd1, 0)
	out = append(out, extra...)
	return append(out, s.thumb...)
}

// order is a byte order that appends too.
type order interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

var orders = []order{binary.LittleEndian, binary.BigEndian}

func TestExifOrientationBothOrders(t *testing.T) {
	for _, bo := range orders {
		for o := 1; o <= 8; o++ {
			for _, typ := range []string{"short", "long"} {
				e := short(bo, uint16(o))
				if typ == "long" {
					e = long(bo, uint32(o))
				}
				b := tiffSpec{bo: bo, ifd0: []tent{withTag(tagMake, ascii("Pix Camera")), withTag(tagOrientation, e)}}.build()
				got, ok := ExifOrientation(b)
				if !ok || got != o {
					t.Errorf("%v %s o=%d: ExifOrientation = %d, %v", bo, typ, o, got, ok)
				}
				for n := 1; n <= 8; n++ {
					if !SetExifOrientation(b, n) {
						t.Fatalf("%v %s: SetExifOrientation(%d) = false", bo, typ, n)
					}
					if got, ok := ExifOrientation(b); !ok || got != n {
						t.Errorf("%v %s: after Set(%d) read %d, %v", bo, typ, n, got, ok)
					}
				}
			}
		}
	}
}

func TestExifOrientationRefused(t *testing.T) {
	bo := binary.BigEndian
	cases := map[string][]byte{
		"empty":       nil,
		"not tiff":    []byte("JFIF\x00\x00\x00\x08\x00\x00"),
		"absent":      tiffSpec{bo: bo, ifd0: []tent{withTag(tagMake, ascii("x"))}}.build(),
		"zero":        tiffSpec{bo: bo, ifd0: []tent{withTag(tagOrientation, short(bo, 0))}}.build(),
		"nine":        tiffSpec{bo: bo, ifd0: []tent{withTag(tagOrientation, short(bo, 9))}}.build(),
		"ascii":       tiffSpec{bo: bo, ifd0: []tent{withTag(tagOrientation, ascii("6"))}}.build(),
		"ifd outside": []byte("MM\x00*\x00\x00\x10\x00"),
	}
	for name, b := range cases {
		if o, ok := ExifOrientation(b); ok {
			t.Errorf("%s: ExifOrientation = %d, true", name, o)
		}
		// A tag holding a bad value is still one to patch.
		patchable := name == "zero" || name == "nine"
		if SetExifOrientation(b, 3) != patchable {
			t.Errorf("%s: SetExifOrientation = %v", name, !patchable)
		}
		if o, ok := ExifOrientation(b); patchable && (!ok || o != 3) {
			t.Errorf("%s: after SetExifOrientation read %d, %v", name, o, ok)
		}
	}
	b := tiffSpec{bo: bo, ifd0: []tent{withTag(tagOrientation, short(bo, 1))}}.build()
	for _, o := range []int{0, 9, -1} {
		if SetExifOrientation(b, o) {
			t.Errorf("SetExifOrientation(%d) = true", o)
		}
	}
}

// TestTruncations cuts a full structure at every length: no helper may
// panic, and a result it reports must come from bytes that are there.
func TestTruncations(t *testing.T) {
	for _, bo := range orders {
		full := fullSpec(bo).build()
		for n := range len(full) {
			b := bytes.Clone(full[:n])
			ExifOrientation(b)
			SetExifOrientation(b, 3)
			SetExifDimensions(b, 100, 200)
			if off, l, ok := ExifThumbnail(b); ok && off+l > n {
				t.Fatalf("thumbnail %d+%d beyond %d bytes", off, l, n)
			}
			DropExifThumbnail(b)
		}
	}
}

func fullSpec(bo order) tiffSpec {
	return tiffSpec{
		bo: bo,
		ifd0: []tent{
			withTag(tagImageWidth, long(bo, 4000)),
			withTag(tagImageLength, short(bo, 3000)),
			withTag(tagMake, ascii("Pix Camera")),
			withTag(tagModel, ascii("Model 7")),
			withTag(tagOrientation, short(bo, 6)),
		},
		exif: []tent{
			withTag(tagDateTimeOrig, ascii("2024:05:06 07:08:09")),
			withTag(tagPixelXDimension, short(bo, 4000)),
			withTag(tagPixelYDimension, long(bo, 3000)),
		},
		ifd1:  []tent{withTag(0x0103, short(bo, 6))},
		thumb: []byte("\xff\xd8thumbnail\xff\xd9"),
	}
}

func dims(t *testing.T, b []byte) [4]uint32 {
	t.Helper()
	tf, ifd0, ok := parseTIFF(b)
	if !ok {
		t.Fatal("not TIFF")
	}
	var d [4]uint32
	get := func(ifd int, tag uint16) uint32 {
		e, ok := tf.find(ifd, tag)
		if !ok {
			return 0
		}
		v, _ := tf.uint(e)
		return v
	}
	d[0], d[1] = get(ifd0, tagImageWidth), get(ifd0, tagImageLength)
	if exif, ok := tf.subIFD(ifd0, tagExifIFD); ok {
		d[2], d[3] = get(exif, tagPixelXDimension), get(exif, tagPixelYDimension)
	}
	return d
}

func TestSetExifDimensions(t *testing.T) {
	for _, bo := range orders {
		b := fullSpec(bo).build()
		if !SetExifDimensions(b, 3000, 4000) {
			t.Fatal("SetExifDimensions = false")
		}
		if got, want := dims(t, b), [4]uint32{3000, 4000, 3000, 4000}; got != want {
			t.Errorf("%v: dimensions %v, want %v", bo, got, want)
		}
		// ImageLength and PixelXDimension are SHORTs: 70000 fits neither,
		// and nothing may be patched then.
		before := bytes.Clone(b)
		if SetExifDimensions(b, 70000, 10) || !bytes.Equal(b, before) {
			t.Errorf("%v: a SHORT too small was patched or reported true", bo)
		}
		if SetExifDimensions(b, 10, 70000) || !bytes.Equal(b, before) {
			t.Errorf("%v: a SHORT too small was patched or reported true", bo)
		}
		for _, wh := range [][2]int{{0, 1}, {1, 0}, {-1, 5}, {math.MaxInt, 1}} {
			if SetExifDimensions(b, wh[0], wh[1]) {
				t.Errorf("SetExifDimensions(%d, %d) = true", wh[0], wh[1])
			}
		}
		// Only the Exif IFD.
		s := fullSpec(bo)
		s.ifd0 = s.ifd0[2:]
		b = s.build()
		if !SetExifDimensions(b, 17, 19) {
			t.Fatal("SetExifDimensions without IFD0 dimensions = false")
		}
		if got, want := dims(t, b), [4]uint32{0, 0, 17, 19}; got != want {
			t.Errorf("%v: dimensions %v, want %v", bo, got, want)
		}
		// Nothing to patch.
		b = tiffSpec{bo: bo, ifd0: []tent{withTag(tagMake, ascii("x"))}}.build()
		if SetExifDimensions(b, 17, 19) {
			t.Error("SetExifDimensions with no tags = true")
		}
	}
}

func TestExifThumbnail(t *testing.T) {
	for _, bo := range orders {
		s := fullSpec(bo)
		b := s.build()
		off, n, ok := ExifThumbnail(b)
		if !ok || !bytes.Equal(b[off:off+n], s.thumb) {
			t.Fatalf("%v: ExifThumbnail = %d, %d, %v", bo, off, n, ok)
		}
		if !DropExifThumbnail(b) {
			t.Fatal("DropExifThumbnail = false")
		}
		if _, _, ok := ExifThumbnail(b); ok {
			t.Error("thumbnail still found after DropExifThumbnail")
		}
		if DropExifThumbnail(b) {
			t.Error("second DropExifThumbnail = true")
		}
		if o, ok := ExifOrientation(b); !ok || o != 6 {
			t.Errorf("orientation after drop = %d, %v", o, ok)
		}
	}
}

func TestSetXMPOrientation(t *testing.T) {
	tests := []struct {
		in      string
		o       int
		want    string
		inPlace bool
	}{
		{`<rdf:Description tiff:Orientation="6" x="1"/>`, 1, `<rdf:Description tiff:Orientation="1" x="1"/>`, true},
		{`<rdf:Description tiff:Orientation = '6'/>`, 3, `<rdf:Description tiff:Orientation = '3'/>`, true},
		{`<tiff:Orientation>8</tiff:Orientation>`, 1, `<tiff:Orientation>1</tiff:Orientation>`, true},
		{"<tiff:Orientation>\n 8 \n</tiff:Orientation>", 2, "<tiff:Orientation>\n 2 \n</tiff:Orientation>", true},
		{`<a tiff:Orientation="16"/>`, 1, `<a tiff:Orientation="1"/>`, false},
		{`<a tiff:Orientation="6"/><tiff:Orientation>6</tiff:Orientation>`, 1, `<a tiff:Orientation="1"/><tiff:Orientation>1</tiff:Orientation>`, true},
		{`<a exif:PixelXDimension="6"/>`, 1, `<a exif:PixelXDimension="6"/>`, true},
		{`<a xtiff:Orientation="6"/>`, 1, `<a xtiff:Orientation="6"/>`, true},
		{`<a tiff:Orientation="six"/>`, 1, `<a tiff:Orientation="six"/>`, true},
		{`<a tiff:Orientation="6"/>`, 9, `<a tiff:Orientation="6"/>`, true},
		{`tiff:Orientation`, 1, `tiff:Orientation`, true},
		{``, 1, ``, true},
	}
	for _, tc := range tests {
		in := []byte(tc.in)
		got := SetXMPOrientation(in, tc.o)
		if string(got) != tc.want {
			t.Errorf("SetXMPOrientation(%q, %d) = %q, want %q", tc.in, tc.o, got, tc.want)
		}
		if same := len(got) > 0 && &got[0] == &in[0]; len(in) > 0 && same != tc.inPlace {
			t.Errorf("SetXMPOrientation(%q, %d): in place %v, want %v", tc.in, tc.o, same, tc.inPlace)
		}
		if o, ok := XMPOrientation(got); tc.want != tc.in && (!ok || o != tc.o) {
			t.Errorf("XMPOrientation(%q) = %d, %v", got, o, ok)
		}
	}
}

func ExampleSetExifOrientation() {
	// A big-endian TIFF structure with IFD0 holding Orientation = 6.
	tiff := []byte("MM\x00*\x00\x00\x00\x08" +
		"\x00\x01" + "\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00" + "\x00\x00\x00\x00")
	o, ok := ExifOrientation(tiff)
	fmt.Println(o, ok)
	// The pixels have been turned upright: the tag must say so.
	fmt.Println(SetExifOrientation(tiff, 1))
	o, ok = ExifOrientation(tiff)
	fmt.Println(o, ok)
	// Output:
	// 6 true
	// true
	// 1 true
}

func TestSetXMPDimensions(t *testing.T) {
	in := `<rdf:Description exif:PixelXDimension="4000" exif:PixelYDimension="3000">` +
		`<tiff:ImageWidth>4000</tiff:ImageWidth><tiff:ImageLength> 3000 </tiff:ImageLength>` +
		`<tiff:ImageWidthX>7</tiff:ImageWidthX></rdf:Description>`
	want := `<rdf:Description exif:PixelXDimension="3000" exif:PixelYDimension="4000">` +
		`<tiff:ImageWidth>3000</tiff:ImageWidth><tiff:ImageLength> 4000 </tiff:ImageLength>` +
		`<tiff:ImageWidthX>7</tiff:ImageWidthX></rdf:Description>`
	b := []byte(in)
	got := SetXMPDimensions(b, 3000, 4000)
	if string(got) != want || &got[0] != &b[0] {
		t.Errorf("SetXMPDimensions = %s", got)
	}
	if got := SetXMPDimensions([]byte(in), 800, 60000); !strings.Contains(string(got), `exif:PixelXDimension="800"`) ||
		!strings.Contains(string(got), "<tiff:ImageLength> 60000 </tiff:ImageLength>") {
		t.Errorf("SetXMPDimensions with new lengths = %s", got)
	}
	if got := SetXMPDimensions([]byte(in), 0, 5); string(got) != in {
		t.Error("a zero width changed the packet")
	}
}

func TestStrip(t *testing.T) {
	srgb := uint8(0)
	m := &Metadata{EXIF: []byte("x"), ICC: []byte("icc"), XMP: []byte("x"), IPTC: []byte("x"), Comments: []string{"c"},
		Text: []Text{{Keyword: "Author"}}, SRGB: &srgb, Resolution: &Resolution{72, 72, UnitInch}}
	m.Strip()
	want := &Metadata{ICC: []byte("icc"), SRGB: &srgb, Resolution: &Resolution{72, 72, UnitInch}}
	if d := diffModels(want, m); d != "" {
		t.Error(d)
	}
}
