package tiff

import (
	"encoding/binary"
	"fmt"
	"io"

	"github.com/pixview/pixview/codec/codecerr"
)

// ExifBlock returns the EXIF of page (0-based) of the TIFF file r as a
// compact little-endian EXIF block ("II*", no "Exif\0\0" prefix) that
// [Page.EXIF] takes: an IFD0 with the page's tags that are not image
// structure (Make, Model, DateTime, Artist, Copyright, ...), and the EXIF,
// GPS and Interoperability IFDs it points at, every value copied. It
// returns nil when the page has no such tag. A big-endian file gives an
// error wrapping codecerr.ErrUnsupported (the block would need every
// value's byte order converted); malformed IFDs wrap codecerr.ErrFormat.
func ExifBlock(r io.ReaderAt, size int64, page int) ([]byte, error) {
	rd := &reader{r: r, size: size, budget: maxEntries}
	hdr, err := rd.at(0, 8)
	if err != nil || (string(hdr[:4]) != "II*\x00" && string(hdr[:4]) != "MM\x00*") {
		return nil, errFormat("not a TIFF file")
	}
	if hdr[0] == 'M' {
		return nil, fmt.Errorf("tiff: EXIF of a big-endian file: %w", codecerr.ErrUnsupported)
	}
	rd.bo = binary.LittleEndian
	seen := map[int64]bool{}
	off := int64(rd.bo.Uint32(hdr[4:]))
	var es []ifdEntry
	for i := 0; ; i++ {
		if off == 0 {
			return nil, errFormat("no page %d", page+1)
		}
		if seen[off] {
			return nil, errFormat("IFD chain loops at offset %d", off)
		}
		seen[off] = true
		var next int64
		if es, next, err = rd.ifd(off); err != nil {
			return nil, err
		}
		if i == page {
			break
		}
		off = next
	}
	var keep []ifdEntry
	for _, e := range es {
		if !structural[e.tag] && e.tag != tagXResolution && e.tag != tagYResolution && e.tag != tagResolutionUnit {
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
			sub := int64(binary.LittleEndian.Uint32(e.val[:]))
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
				data, err := b.rd.at(int64(binary.LittleEndian.Uint32(e.val[:])), int(n))
				if err != nil {
					return 0, err
				}
				if len(b.out)%2 == 1 {
					b.out = append(b.out, 0)
				}
				binary.LittleEndian.PutUint32(e.val[:], uint32(len(b.out)))
				b.out = append(b.out, data...)
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
