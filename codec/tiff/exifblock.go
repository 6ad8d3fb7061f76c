package tiff

import (
	"bytes"
	"encoding/binary"
	"io"
	"slices"
)

// ExifBlock returns the EXIF of page (0-based) of the TIFF file r as a
// compact little-endian EXIF block ("II*", no "Exif\0\0" prefix) that
// [Page.EXIF] takes: an IFD0 with the page's tags that are not image
// structure (Make, Model, DateTime, Artist, Copyright, ...), and the EXIF,
// GPS and Interoperability IFDs it points at, every value copied. It
// returns nil when the page has no such tag. A big-endian file's values
// are converted to little-endian by their types, as [LittleEndianEXIF]
// converts them; malformed IFDs wrap codecerr.ErrFormat.
func ExifBlock(r io.ReaderAt, size int64, page int) ([]byte, error) {
	return exifBlock(r, size, page, false)
}

// LittleEndianEXIF returns an EXIF block (the TIFF structure of a JPEG
// APP1 segment after "Exif\0\0", or of a PNG eXIf chunk) in either byte
// order as a compact little-endian block that [Page.EXIF] takes: IFD0's
// tags that are not image structure, its resolution, and the EXIF, GPS
// and Interoperability IFDs. Values are converted by their TIFF types
// (SHORT, LONG, RATIONAL, ...); BYTE, ASCII and UNDEFINED values are
// copied as they are, so a MakerNote written in the camera's byte order
// stays in it, as exiftool expects of a MakerNote that says its order.
// The thumbnail (IFD1) is not part of the block. It returns nil when IFD0
// has no such tag, and an error wrapping codecerr.ErrFormat when the
// block does not parse.
func LittleEndianEXIF(exif []byte) ([]byte, error) {
	return exifBlock(bytes.NewReader(exif), int64(len(exif)), 0, true)
}

// exifBlock is ExifBlock, keeping IFD0's resolution tags when keepRes
// (a TIFF page writes its own; an EXIF block from JPEG or PNG may be
// the only place the resolution is said).
func exifBlock(r io.ReaderAt, size int64, page int, keepRes bool) ([]byte, error) {
	rd := &reader{r: r, size: size, budget: maxEntries}
	es, seen, err := rd.pageEntries(page)
	if err != nil {
		return nil, err
	}
	var keep []ifdEntry
	for _, e := range es {
		res := e.tag == tagXResolution || e.tag == tagYResolution || e.tag == tagResolutionUnit
		if !structural[e.tag] && (keepRes || !res) {
			keep = append(keep, e)
		}
	}
	if len(keep) == 0 {
		return nil, nil
	}
	b := &exifBuilder{rd: rd, seen: seen, out: []byte("II*\x00\x08\x00\x00\x00")}
	if _, err := b.ifd(keep); err != nil {
		return nil, err
	}
	return b.out, nil
}

// toLittleEndian converts n values of TIFF type typ in b, in order bo, to
// little-endian in place.
func toLittleEndian(b []byte, typ uint16, bo binary.ByteOrder) {
	if bo == binary.LittleEndian {
		return
	}
	var w int // the width of one number
	switch typ {
	case 3, 8: // SHORT, SSHORT
		w = 2
	case 4, 5, 9, 10, 11, 13: // LONG, RATIONAL, SLONG, SRATIONAL, FLOAT, IFD: 4-byte numbers
		w = 4
	case 12: // DOUBLE
		w = 8
	default: // BYTE, ASCII, SBYTE, UNDEFINED
		return
	}
	for i := 0; i+w <= len(b); i += w {
		slices.Reverse(b[i : i+w])
	}
}

type exifBuilder struct {
	rd   *reader
	seen map[int64]bool
	out  []byte
}

// ifd appends an IFD of es, then their values and sub-IFDs, and returns
// its offset in the block.
func (b *exifBuilder) ifd(es []ifdEntry) (int, error) {
	if len(b.out)%2 == 1 {
		b.out = append(b.out, 0)
	}
	pos := len(b.out)
	b.out = append(b.out, make([]byte, 2+12*len(es)+4)...)
	binary.LittleEndian.PutUint16(b.out[pos:], uint16(len(es)))
	for i, e := range es {
		switch e.tag {
		case tagExifIFD, tagGPSIFD, tagInteropIFD:
			sub := int64(b.rd.bo.Uint32(e.val[:]))
			if b.seen[sub] {
				return 0, errFormat("EXIF IFD loop at offset %d", sub)
			}
			b.seen[sub] = true
			ses, _, err := b.rd.ifd(sub)
			if err != nil {
				return 0, err
			}
			at, err := b.ifd(ses)
			if err != nil {
				return 0, err
			}
			e.typ, e.count = 4, 1
			binary.LittleEndian.PutUint32(e.val[:], uint32(at))
		default:
			sz := sizeOfType(e.typ)
			n := int64(e.count) * int64(sz)
			if sz == 0 || n > b.rd.size {
				return 0, errFormat("tag %d: type %d count %d", e.tag, e.typ, e.count)
			}
			if n > 4 {
				data, err := b.rd.at(int64(b.rd.bo.Uint32(e.val[:])), int(n))
				if err != nil {
					return 0, err
				}
				toLittleEndian(data, e.typ, b.rd.bo)
				if len(b.out)%2 == 1 {
					b.out = append(b.out, 0)
				}
				binary.LittleEndian.PutUint32(e.val[:], uint32(len(b.out)))
				b.out = append(b.out, data...)
			} else {
				toLittleEndian(e.val[:n], e.typ, b.rd.bo)
			}
		}
		p := b.out[pos+2+12*i:]
		binary.LittleEndian.PutUint16(p, e.tag)
		binary.LittleEndian.PutUint16(p[2:], e.typ)
		binary.LittleEndian.PutUint32(p[4:], e.count)
		copy(p[8:12], e.val[:])
	}
	return pos, nil
}

// exifHasThumbnail reports whether an EXIF block (either byte order, with
// or without "Exif\0\0") links an IFD after IFD0: the thumbnail's IFD1.
func exifHasThumbnail(ex []byte) bool {
	ex = bytes.TrimPrefix(ex, []byte("Exif\x00\x00"))
	if len(ex) < 8 {
		return false
	}
	rd := &reader{r: bytes.NewReader(ex), size: int64(len(ex)), bo: binary.LittleEndian, budget: maxEntries}
	if ex[0] == 'M' {
		rd.bo = binary.BigEndian
	}
	_, next, err := rd.ifd(int64(rd.bo.Uint32(ex[4:])))
	return err == nil && next != 0 && next < int64(len(ex))
}
