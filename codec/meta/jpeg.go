package meta

import (
	"fmt"

	"github.com/pixview/pixview/codec/codecerr"
)

// Segment is one JPEG marker segment: the marker's second byte (0xE0-0xEF
// for APP0-APP15, 0xFE for COM) and its payload, without the marker and
// the two length bytes.
type Segment struct {
	Marker byte
	Data   []byte
}

// JPEG markers this package reads or writes.
const (
	markerSOI   = 0xd8
	markerEOI   = 0xd9
	markerSOS   = 0xda
	markerAPP0  = 0xe0
	markerAPP1  = 0xe1
	markerAPP2  = 0xe2
	markerAPP13 = 0xed
	markerCOM   = 0xfe
)

// maxSegment is the largest payload a JPEG marker segment can hold: its
// 16-bit length counts itself.
const maxSegment = 0xffff - 2

// ScanJPEG returns the APPn and COM segments of JPEG data that come before
// its first scan, in file order, with their Data aliasing b, so a segment
// patched in place patches b. It returns an error wrapping
// codecerr.ErrFormat when b is not JPEG or a segment runs past its end.
func ScanJPEG(b []byte) ([]Segment, error) {
	if len(b) < 2 || b[0] != 0xff || b[1] != markerSOI {
		return nil, fmt.Errorf("meta: not a JPEG stream: %w", codecerr.ErrFormat)
	}
	var segs []Segment
	for i := 2; ; {
		if i+2 > len(b) {
			return segs, fmt.Errorf("meta: JPEG ends before its first scan: %w", codecerr.ErrFormat)
		}
		if b[i] != 0xff {
			return segs, fmt.Errorf("meta: JPEG marker expected at offset %d: %w", i, codecerr.ErrFormat)
		}
		m := b[i+1]
		switch {
		case m == 0xff: // fill byte before a marker
			i++
			continue
		case m == 0x01 || (0xd0 <= m && m <= markerSOI): // no payload
			i += 2
			continue
		case m == markerSOS || m == markerEOI:
			return segs, nil
		}
		if i+4 > len(b) {
			return segs, fmt.Errorf("meta: JPEG segment header truncated at offset %d: %w", i, codecerr.ErrFormat)
		}
		n := int(b[i+2])<<8 | int(b[i+3])
		if n < 2 || i+2+n > len(b) {
			return segs, fmt.Errorf("meta: JPEG segment at offset %d runs past the data: %w", i, codecerr.ErrFormat)
		}
		if (m >= markerAPP0 && m <= 0xef) || m == markerCOM {
			segs = append(segs, Segment{m, b[i+4 : i+2+n : i+2+n]})
		}
		i += 2 + n
	}
}
