package tiff

import (
	"encoding/binary"
	"fmt"
	"io"
)

// Extras are the tags of a page that [Page] carries to a new file, as the
// source holds them.
type Extras struct {
	ICC, XMP, IPTC []byte // nil when absent
	XResolution    Rational
	YResolution    Rational
	ResolutionUnit int // 0 when the file has no resolution tags
	Orientation    int // 0 when absent
}

// ReadExtras reads the ICC profile, XMP, IPTC, resolution and orientation
// of page (0-based) of the TIFF file r of the given size, so that a
// rewrite can carry them (codec copies them into [Page]). EXIF is not
// extracted: it lives in the file's own IFDs. Errors wrap
// codecerr.ErrFormat; a page past the last is an error too.
func ReadExtras(r io.ReaderAt, size int64, page int) (*Extras, error) {
	rd := &reader{r: r, size: size, budget: maxEntries}
	es, _, err := rd.pageEntries(page)
	if err != nil {
		return nil, err
	}
	x := &Extras{}
	bytesOf := func(e ifdEntry) ([]byte, error) {
		sz := sizeOfType(e.typ)
		if sz == 0 {
			return nil, errFormat("tag %d has type %d", e.tag, e.typ)
		}
		n := int64(e.count) * int64(sz)
		if n <= 4 {
			return append([]byte(nil), e.val[:n]...), nil
		}
		if n > size {
			return nil, errFormat("tag %d claims %d bytes", e.tag, n)
		}
		return rd.at(int64(rd.bo.Uint32(e.val[:])), int(n))
	}
	rational := func(e ifdEntry) (Rational, error) {
		if e.typ != 5 || e.count < 1 {
			return Rational{}, errFormat("tag %d is not a rational", e.tag)
		}
		b, err := rd.at(int64(rd.bo.Uint32(e.val[:])), 8)
		if err != nil {
			return Rational{}, err
		}
		return Rational{rd.bo.Uint32(b), rd.bo.Uint32(b[4:])}, nil
	}
	for _, e := range es {
		switch e.tag {
		case tagICC:
			x.ICC, err = bytesOf(e)
		case tagXMP:
			x.XMP, err = bytesOf(e)
		case tagIPTC:
			// A byte stream whatever its declared type (often LONG):
			// read as it lies in the file.
			x.IPTC, err = bytesOf(e)
		case tagXResolution:
			x.XResolution, err = rational(e)
		case tagYResolution:
			x.YResolution, err = rational(e)
		case tagResolutionUnit:
			x.ResolutionUnit, err = rd.first(e)
		case tagOrientation:
			x.Orientation, err = rd.first(e)
		}
		if err != nil {
			return nil, fmt.Errorf("tiff: page %d: %w", page+1, err)
		}
	}
	if x.ResolutionUnit == 0 && (x.XResolution != Rational{} || x.YResolution != Rational{}) {
		x.ResolutionUnit = 2 // TIFF's default unit
	}
	return x, nil
}

// pageEntries reads the byte order from the file's header and returns the
// entries of page's IFD (0-based), following the IFD chain with a guard
// against loops, and the offsets of the IFDs it read (for a caller that
// follows more links). Errors wrap codecerr.ErrFormat.
func (rd *reader) pageEntries(page int) ([]ifdEntry, map[int64]bool, error) {
	hdr, err := rd.at(0, 8)
	if err != nil {
		return nil, nil, errFormat("not a TIFF file")
	}
	switch string(hdr[:4]) {
	case "II*\x00":
		rd.bo = binary.LittleEndian
	case "MM\x00*":
		rd.bo = binary.BigEndian
	default:
		return nil, nil, errFormat("not a TIFF file")
	}
	seen := map[int64]bool{}
	off := int64(rd.bo.Uint32(hdr[4:]))
	for i := 0; ; i++ {
		if off == 0 {
			return nil, nil, errFormat("no page %d", page+1)
		}
		if seen[off] {
			return nil, nil, errFormat("IFD chain loops at offset %d", off)
		}
		seen[off] = true
		es, next, err := rd.ifd(off)
		if err != nil {
			return nil, nil, err
		}
		if i == page {
			return es, seen, nil
		}
		off = next
	}
}
