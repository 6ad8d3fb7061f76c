package meta

import "encoding/binary"

// The prefixes that mark metadata payloads inside JPEG APPn segments.
const (
	// ExifPrefix starts the payload of a JPEG APP1 segment holding EXIF;
	// the TIFF structure follows it.
	ExifPrefix = "Exif\x00\x00"
	// XMPPrefix starts the payload of a JPEG APP1 segment holding the main
	// XMP packet.
	XMPPrefix = "http://ns.adobe.com/xap/1.0/\x00"
	// ExtendedXMPPrefix starts the payload of a JPEG APP1 segment holding a
	// part of the extended XMP packet.
	ExtendedXMPPrefix = "http://ns.adobe.com/xmp/extension/\x00"
	// ICCPrefix starts the payload of a JPEG APP2 segment holding a part of
	// an ICC profile.
	ICCPrefix = "ICC_PROFILE\x00"
)

// TIFF tags this package reads or patches.
const (
	tagImageWidth      = 0x0100
	tagImageLength     = 0x0101
	tagMake            = 0x010f
	tagModel           = 0x0110
	tagOrientation     = 0x0112
	tagXResolution     = 0x011a
	tagYResolution     = 0x011b
	tagResolutionUnit  = 0x0128
	tagDateTime        = 0x0132
	tagThumbOffset     = 0x0201 // JPEGInterchangeFormat
	tagThumbLength     = 0x0202 // JPEGInterchangeFormatLength
	tagExifIFD         = 0x8769
	tagGPSIFD          = 0x8825
	tagICCProfile      = 0x8773 // InterColorProfile
	tagXMP             = 0x02bc // XMLPacket
	tagIPTC            = 0x83bb // IPTC-NAA
	tagPhotoshop       = 0x8649 // Photoshop image resources
	tagDateTimeOrig    = 0x9003
	tagPixelXDimension = 0xa002
	tagPixelYDimension = 0xa003
)

// TIFF field types.
const (
	typeByte      = 1
	typeASCII     = 2
	typeShort     = 3
	typeLong      = 4
	typeRational  = 5
	typeUndefined = 7
	typeIFD       = 13
)

// typeSize returns the size in bytes of one value of a TIFF field type,
// and 0 for an unknown type.
func typeSize(typ uint16) int {
	switch typ {
	case 1, 2, 6, 7: // BYTE, ASCII, SBYTE, UNDEFINED
		return 1
	case 3, 8: // SHORT, SSHORT
		return 2
	case 4, 9, 11, 13: // LONG, SLONG, FLOAT, IFD
		return 4
	case 5, 10, 12: // RATIONAL, SRATIONAL, DOUBLE
		return 8
	}
	return 0
}

// tiffData is TIFF-structured bytes with their byte order. Every method
// checks its reads against len(b), so any input is safe.
type tiffData struct {
	b  []byte
	bo binary.ByteOrder
}

// parseTIFF returns the TIFF structure of b and the offset of its IFD0, and
// false when b does not start with a TIFF header.
func parseTIFF(b []byte) (tiffData, int, bool) {
	if len(b) < 8 {
		return tiffData{}, 0, false
	}
	var bo binary.ByteOrder
	switch string(b[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return tiffData{}, 0, false
	}
	t := tiffData{b, bo}
	off, ok := t.offset(bo.Uint32(b[4:8]))
	return t, off, ok
}

// offset converts an offset read from the data to an int, and reports
// whether it lies inside the data.
func (t tiffData) offset(v uint32) (int, bool) {
	if uint64(v) >= uint64(len(t.b)) {
		return 0, false
	}
	return int(v), true
}

// ifd returns the number of entries of the IFD at off, and false when its
// entries and next-IFD offset do not fit in the data.
func (t tiffData) ifd(off int) (int, bool) {
	if off < 0 || off+2 > len(t.b) {
		return 0, false
	}
	n := int(t.bo.Uint16(t.b[off:]))
	if off+2+12*n+4 > len(t.b) {
		return 0, false
	}
	return n, true
}

// entry is one decoded IFD entry: pos is the offset of its 12 bytes.
type entry struct {
	pos   int
	tag   uint16
	typ   uint16
	count uint32
}

// find returns the entry of tag in the IFD at off.
func (t tiffData) find(off int, tag uint16) (entry, bool) {
	n, ok := t.ifd(off)
	if !ok {
		return entry{}, false
	}
	for i := range n {
		p := off + 2 + 12*i
		if t.bo.Uint16(t.b[p:]) == tag {
			return entry{p, tag, t.bo.Uint16(t.b[p+2:]), t.bo.Uint32(t.b[p+4:])}, true
		}
	}
	return entry{}, false
}

// next returns the offset of the IFD that follows the IFD at off, and
// false when there is none or it does not lie in the data.
func (t tiffData) next(off int) (int, bool) {
	n, ok := t.ifd(off)
	if !ok {
		return 0, false
	}
	v := t.bo.Uint32(t.b[off+2+12*n:])
	if v == 0 {
		return 0, false
	}
	return t.offset(v)
}

// value returns the bytes of an entry's values, inline or at the offset its
// value field holds, and false when they do not fit in the data or the type
// is unknown.
func (t tiffData) value(e entry) ([]byte, bool) {
	ts := typeSize(e.typ)
	if ts == 0 {
		return nil, false
	}
	size := uint64(e.count) * uint64(ts)
	if size <= 4 {
		return t.b[e.pos+8 : e.pos+8+int(size)], true
	}
	off := uint64(t.bo.Uint32(t.b[e.pos+8:]))
	if off+size > uint64(len(t.b)) {
		return nil, false
	}
	return t.b[off : off+size], true
}

// uint returns the single SHORT or LONG value of an entry.
func (t tiffData) uint(e entry) (uint32, bool) {
	switch {
	case e.typ == typeShort && e.count == 1:
		return uint32(t.bo.Uint16(t.b[e.pos+8:])), true
	case e.typ == typeLong && e.count == 1:
		return t.bo.Uint32(t.b[e.pos+8:]), true
	}
	return 0, false
}

// setUint writes v as the single SHORT or LONG value of an entry, and
// reports false when the entry is neither or a SHORT cannot hold v.
func (t tiffData) setUint(e entry, v uint32) bool {
	switch {
	case e.typ == typeShort && e.count == 1 && v <= 0xffff:
		t.bo.PutUint16(t.b[e.pos+8:], uint16(v))
		return true
	case e.typ == typeLong && e.count == 1:
		t.bo.PutUint32(t.b[e.pos+8:], v)
		return true
	}
	return false
}

// canSet reports whether setUint(e, v) would succeed.
func (t tiffData) canSet(e entry, v uint32) bool {
	return (e.typ == typeShort && e.count == 1 && v <= 0xffff) || (e.typ == typeLong && e.count == 1)
}

// subIFD returns the offset of the IFD that the pointer tag in the IFD at
// off names.
func (t tiffData) subIFD(off int, tag uint16) (int, bool) {
	e, ok := t.find(off, tag)
	if !ok {
		return 0, false
	}
	v, ok := t.uint(e)
	if e.typ == typeIFD && e.count == 1 {
		v, ok = t.bo.Uint32(t.b[e.pos+8:]), true
	}
	if !ok {
		return 0, false
	}
	sub, ok := t.offset(v)
	if !ok {
		return 0, false
	}
	if _, ok := t.ifd(sub); !ok {
		return 0, false
	}
	return sub, true
}

// ExifOrientation returns the orientation tag (0x0112) of IFD0 of
// TIFF-structured data: the body of a JPEG APP1 segment after
// [ExifPrefix], a PNG eXIf chunk, or a whole TIFF file. ok is false when
// the data is not TIFF, IFD0 does not fit in it, the tag is absent or not
// one SHORT or LONG, or its value is outside 1-8. Every read is
// bounds-checked: no input panics.
func ExifOrientation(tiff []byte) (o int, ok bool) {
	t, ifd0, ok := parseTIFF(tiff)
	if !ok {
		return 0, false
	}
	e, ok := t.find(ifd0, tagOrientation)
	if !ok {
		return 0, false
	}
	v, ok := t.uint(e)
	if !ok || v < 1 || v > 8 {
		return 0, false
	}
	return int(v), true
}

// SetExifOrientation writes o into the orientation tag of IFD0 of tiff, in
// place, and reports whether it did: false when o is outside 1-8 or there
// is no orientation tag of one SHORT or LONG to patch (the structure would
// have to be rebuilt to add one, which is left to the caller).
func SetExifOrientation(tiff []byte, o int) bool {
	if o < 1 || o > 8 {
		return false
	}
	t, ifd0, ok := parseTIFF(tiff)
	if !ok {
		return false
	}
	e, ok := t.find(ifd0, tagOrientation)
	if !ok {
		return false
	}
	return t.setUint(e, uint32(o))
}

// SetExifDimensions writes the pixel dimensions w x h, in place, into
// PixelXDimension and PixelYDimension (0xA002, 0xA003) of the Exif sub-IFD
// and into ImageWidth and ImageLength (0x0100, 0x0101) of IFD0, where
// those tags are present as one SHORT or LONG. It reports whether it
// patched any tag. It patches nothing and returns false when w or h is
// not positive or beyond 32 bits, or when one of those present tags is a
// SHORT that cannot hold the new value, so that the tags never disagree.
func SetExifDimensions(tiff []byte, w, h int) bool {
	if w <= 0 || h <= 0 || uint64(w) > 0xffffffff || uint64(h) > 0xffffffff {
		return false
	}
	t, ifd0, ok := parseTIFF(tiff)
	if !ok {
		return false
	}
	type patch struct {
		e entry
		v uint32
	}
	var patches []patch
	add := func(ifd int, tag uint16, v uint32) bool {
		e, ok := t.find(ifd, tag)
		if !ok {
			return true
		}
		if _, isUint := t.uint(e); !isUint {
			return true // a malformed tag is not ours to judge
		}
		if !t.canSet(e, v) {
			return false
		}
		patches = append(patches, patch{e, v})
		return true
	}
	if !add(ifd0, tagImageWidth, uint32(w)) || !add(ifd0, tagImageLength, uint32(h)) {
		return false
	}
	if exif, ok := t.subIFD(ifd0, tagExifIFD); ok {
		if !add(exif, tagPixelXDimension, uint32(w)) || !add(exif, tagPixelYDimension, uint32(h)) {
			return false
		}
	}
	for _, p := range patches {
		t.setUint(p.e, p.v)
	}
	return len(patches) > 0
}

// DropExifThumbnail unlinks IFD1, where EXIF keeps its thumbnail, by
// setting the next-IFD offset of IFD0 to 0, in place. The thumbnail's
// bytes stay in the data, unreferenced. It reports whether IFD0 linked to
// a next IFD before the call.
func DropExifThumbnail(tiff []byte) bool {
	t, ifd0, ok := parseTIFF(tiff)
	if !ok {
		return false
	}
	n, ok := t.ifd(ifd0)
	if !ok {
		return false
	}
	p := tiff[ifd0+2+12*n : ifd0+2+12*n+4]
	if t.bo.Uint32(p) == 0 {
		return false
	}
	t.bo.PutUint32(p, 0)
	return true
}

// ExifThumbnail returns where the JPEG thumbnail that IFD1 names
// (JPEGInterchangeFormat and JPEGInterchangeFormatLength) lies in tiff:
// tiff[off:off+n]. ok is false when there is no IFD1, either tag is
// missing, or the range does not fit in tiff.
func ExifThumbnail(tiff []byte) (off, n int, ok bool) {
	t, ifd0, ok := parseTIFF(tiff)
	if !ok {
		return 0, 0, false
	}
	ifd1, ok := t.next(ifd0)
	if !ok {
		return 0, 0, false
	}
	eo, ok1 := t.find(ifd1, tagThumbOffset)
	en, ok2 := t.find(ifd1, tagThumbLength)
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	o, ok1 := t.uint(eo)
	l, ok2 := t.uint(en)
	if !ok1 || !ok2 || l == 0 || uint64(o)+uint64(l) > uint64(len(tiff)) {
		return 0, 0, false
	}
	return int(o), int(l), true
}
