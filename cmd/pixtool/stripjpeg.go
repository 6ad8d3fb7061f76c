package main

import (
	"bytes"
	"fmt"

	"github.com/pixview/pixview/codec"
	"github.com/pixview/pixview/codec/meta"
)

// stripJPEG returns the JPEG file data without the marker segments f
// drops, and the changes that name them, for the lossless path, which
// carries every segment of its input. --strip drops every APPn and COM
// segment but JFIF (APP0: the resolution), the ICC profile (APP2) and
// Adobe's (APP14: the colour transform), as jpegtran -copy icc does, and
// the bytes after EOI (a maker's trailer, a Motion Photo's video);
// --strip-icc drops the ICC profile. Everything else is copied byte for
// byte. The error wraps codec.ErrFormat when data is not a whole JPEG
// stream.
func stripJPEG(data []byte, f metaFilter) ([]byte, []change, error) {
	if len(data) < 2 || data[0] != 0xff || data[1] != 0xd8 {
		return nil, nil, tagged(codec.ErrFormat, "not a JPEG stream")
	}
	out := make([]byte, 0, len(data))
	var order []string
	counts := map[string]int{}
	copied := 0 // data[:copied] is in out, or dropped
	for i := 2; ; {
		if i+1 >= len(data) {
			return nil, nil, tagged(codec.ErrFormat, "JPEG stream without an end (EOI)")
		}
		if data[i] != 0xff {
			i++ // entropy-coded data
			continue
		}
		m := data[i+1]
		switch {
		case m == 0x00 || m == 0xff: // a stuffed byte; a fill byte
			i++
			continue
		case m == 0x01 || 0xd0 <= m && m <= 0xd8: // no length: TEM, RSTn, SOI
			i += 2
			continue
		case m == 0xd9: // EOI
			end := i + 2
			out = append(out, data[copied:end]...)
			if end < len(data) {
				if !f.all {
					out = append(out, data[end:]...)
				} else {
					order = append(order, "trailer")
					counts["trailer"] = len(data) - end
				}
			}
			return out, strippedSegments(order, counts), nil
		}
		if i+4 > len(data) {
			return nil, nil, tagged(codec.ErrFormat, "JPEG segment at offset %d cut short", i)
		}
		n := int(data[i+2])<<8 | int(data[i+3])
		if n < 2 || i+2+n > len(data) {
			return nil, nil, tagged(codec.ErrFormat, "JPEG segment at offset %d runs past the data", i)
		}
		if item := droppedSegment(m, data[i+4:i+2+n], f); item != "" {
			out = append(out, data[copied:i]...)
			copied = i + 2 + n
			if counts[item] == 0 {
				order = append(order, item)
			}
			counts[item]++
		}
		i += 2 + n
	}
}

// droppedSegment returns what the segment of marker m and payload d
// holds when f drops it, and "" when it stays.
func droppedSegment(m byte, d []byte, f metaFilter) string {
	isICC := m == 0xe2 && bytes.HasPrefix(d, []byte(meta.ICCPrefix))
	switch {
	case isICC:
		if f.icc {
			return "ICC"
		}
		return ""
	case !f.all:
		return ""
	case m == 0xfe:
		return "comment"
	case m < 0xe0 || m > 0xef:
		return "" // not metadata: tables, frame and scan headers
	case m == 0xe0 && bytes.HasPrefix(d, []byte("JFIF\x00")), m == 0xee && bytes.HasPrefix(d, []byte("Adobe")):
		return ""
	case m == 0xe1 && bytes.HasPrefix(d, []byte(meta.ExifPrefix)):
		return "EXIF"
	case m == 0xe1 && (bytes.HasPrefix(d, []byte(meta.XMPPrefix)) || bytes.HasPrefix(d, []byte(meta.ExtendedXMPPrefix))):
		return "XMP"
	case m == 0xed:
		return "IPTC"
	}
	return fmt.Sprintf("APP%d", m-0xe0)
}

// strippedSegments turns what stripJPEG dropped into the record's
// changes, one a kind of segment.
func strippedSegments(order []string, counts map[string]int) []change {
	var chs []change
	for _, item := range order {
		detail := "--strip"
		switch {
		case item == "trailer":
			detail = fmt.Sprintf("%d bytes after the end of the image (--strip)", counts[item])
		case item == "ICC":
			detail = "--strip-icc"
		case counts[item] > 1:
			detail = fmt.Sprintf("%d segments (--strip)", counts[item])
		}
		chs = append(chs, change{Kind: codec.Dropped, Item: item, Detail: detail})
	}
	return chs
}
