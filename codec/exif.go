package codec

import (
	"bytes"
	"encoding/binary"

	"github.com/pixview/pixview/codec/meta"
	"github.com/pixview/pixview/pixbuf"
)

// Orientation metadata is parsed by codec/meta, the one place for image
// metadata; this file only finds the segment or chunk that holds it.

// ExifOrientation returns the orientation tag (1-8) of the first IFD of
// TIFF-structured data: the body of a JPEG APP1 "Exif" segment after its
// 6-byte "Exif\0\0" header, a PNG eXIf chunk, or a whole TIFF file. It
// returns 1, the identity, when the data is not TIFF, the IFD offset or
// entry count points outside the data, the tag is absent or malformed, or
// its value is outside 1-8. Every read is bounds-checked: no input panics.
//
// Deprecated: use meta.ExifOrientation, which says whether the tag is
// there, and pixbuf.OrientationFromEXIF.
func ExifOrientation(tiff []byte) int {
	if o, ok := meta.ExifOrientation(tiff); ok {
		return o
	}
	return 1
}

// tiffTag returns the value of a tag of the first IFD of TIFF-structured
// data when it is one SHORT or LONG, and whether it is. An IFD that does
// not fit in the data is ignored. (Only the alpha declaration of a TIFF
// file is read this way.)
func tiffTag(b []byte, tag uint16) (uint32, bool) {
	if len(b) < 8 {
		return 0, false
	}
	var bo binary.ByteOrder
	switch string(b[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return 0, false
	}
	ifd := uint64(bo.Uint32(b[4:8]))
	if ifd+2 > uint64(len(b)) {
		return 0, false
	}
	n := uint64(bo.Uint16(b[ifd:]))
	if ifd+2+12*n > uint64(len(b)) {
		return 0, false
	}
	for i := range n {
		e := b[ifd+2+12*i : ifd+2+12*i+12]
		if bo.Uint16(e[0:2]) != tag {
			continue
		}
		switch typ, count := bo.Uint16(e[2:4]), bo.Uint32(e[4:8]); {
		case typ == 3 && count == 1: // SHORT
			return uint32(bo.Uint16(e[8:10])), true
		case typ == 4 && count == 1: // LONG
			return bo.Uint32(e[8:12]), true
		}
		return 0, false
	}
	return 0, false
}

// exifHeader starts the payload of a JPEG APP1 segment holding EXIF.
var exifHeader = []byte("Exif\x00\x00")

// jpegOrientation returns the orientation tag in the first APP1 Exif
// segment of JPEG data before its first scan, or 1. Truncated data gives
// 1.
func jpegOrientation(b []byte) int {
	if len(b) < 2 || b[0] != 0xff || b[1] != 0xd8 {
		return 1
	}
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xff {
			return 1
		}
		m := b[i+1]
		switch {
		case m == 0xff: // fill byte
			i++
			continue
		case m == 0x01 || (0xd0 <= m && m <= 0xd8): // no payload
			i += 2
			continue
		case m == 0xda || m == 0xd9: // start of scan, end of image
			return 1
		}
		n := int(b[i+2])<<8 | int(b[i+3])
		if n < 2 || i+2+n > len(b) {
			return 1
		}
		seg := b[i+4 : i+2+n]
		if m == 0xe1 && bytes.HasPrefix(seg, exifHeader) {
			return ExifOrientation(seg[len(exifHeader):])
		}
		i += 2 + n
	}
	return 1
}

// pngOrientation returns the orientation tag in the eXIf chunk of PNG data
// before its first IDAT chunk, or 1.
func pngOrientation(b []byte) int {
	data, ok := pngChunkData(b, "eXIf")
	if !ok {
		return 1
	}
	// Some writers keep the JPEG "Exif\0\0" header.
	return ExifOrientation(bytes.TrimPrefix(data, exifHeader))
}

// pngChunkData returns the data of the first chunk of type typ before the
// first IDAT chunk of PNG data, and whether there is one in b.
func pngChunkData(b []byte, typ string) ([]byte, bool) {
	for i := 8; i+8 <= len(b); {
		n := uint64(binary.BigEndian.Uint32(b[i:]))
		t := string(b[i+4 : i+8])
		if t == "IDAT" || uint64(i)+12+n > uint64(len(b)) {
			return nil, false
		}
		if t == typ {
			return b[i+8 : i+8+int(n)], true
		}
		i += 12 + int(n)
	}
	return nil, false
}

// Orient returns v as displayed under EXIF orientation tag value o, an
// O(1) view; any o outside 1-8 returns v unchanged.
//
// Deprecated: use v.Orient with a pixbuf.Orientation (from
// pixbuf.OrientationFromEXIF for a tag value).
func Orient[T pixbuf.Sample](v pixbuf.View[T], o int) pixbuf.View[T] {
	return v.Orient(orientation(o))
}
