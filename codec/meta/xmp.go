package meta

import (
	"bytes"
	"strconv"
)

// SetXMPOrientation sets tiff:Orientation in an XMP packet to o (1-8), in
// both forms XMP writers use: the attribute tiff:Orientation="6" (either
// quote, blanks around '=') and the element
// <tiff:Orientation>6</tiff:Orientation>. Every occurrence is set. When
// the new value has the length of the old one the packet is patched in
// place and returned; otherwise a new packet is returned. A packet without
// the property, or an o outside 1-8, is returned unchanged. The prefix
// "tiff" is the one every known writer binds to the TIFF namespace; a
// packet binding another prefix to it is left alone.
func SetXMPOrientation(xmp []byte, o int) []byte {
	if o < 1 || o > 8 {
		return xmp
	}
	return setXMPInt(xmp, "tiff:Orientation", o)
}

// SetXMPDimensions sets the dimension properties of an XMP packet that
// are present to w x h: exif:PixelXDimension and exif:PixelYDimension,
// tiff:ImageWidth and tiff:ImageLength, in the forms and with the in-place
// rule of [SetXMPOrientation]. Sizes that are not positive leave the
// packet unchanged.
func SetXMPDimensions(xmp []byte, w, h int) []byte {
	if w <= 0 || h <= 0 {
		return xmp
	}
	xmp = setXMPInt(xmp, "exif:PixelXDimension", w)
	xmp = setXMPInt(xmp, "exif:PixelYDimension", h)
	xmp = setXMPInt(xmp, "tiff:ImageWidth", w)
	return setXMPInt(xmp, "tiff:ImageLength", h)
}

// setXMPInt sets every value of the simple property name (a prefixed
// name) that is a decimal number to v: in place when every old value has
// the length of the new one, else in a new packet.
func setXMPInt(xmp []byte, name string, v int) []byte {
	val := []byte(strconv.Itoa(v))
	spans := xmpIntSpans(xmp, name)
	if len(spans) == 0 {
		return xmp
	}
	same := true
	for _, s := range spans {
		if s[1]-s[0] != len(val) {
			same = false
		}
	}
	if same {
		for _, s := range spans {
			copy(xmp[s[0]:s[1]], val)
		}
		return xmp
	}
	out := make([]byte, 0, len(xmp)+len(spans)*len(val))
	prev := 0
	for _, s := range spans {
		out = append(out, xmp[prev:s[0]]...)
		out = append(out, val...)
		prev = s[1]
	}
	return append(out, xmp[prev:]...)
}

// xmpAttrValue reads an attribute's value after its name ends at p:
// blanks, '=', blanks, a quoted value. It returns the value's range
// without the quotes.
func xmpAttrValue(b []byte, p int) (lo, hi int, ok bool) {
	p = skipXMLSpace(b, p)
	if p >= len(b) || b[p] != '=' {
		return 0, 0, false
	}
	p = skipXMLSpace(b, p+1)
	if p >= len(b) || (b[p] != '"' && b[p] != '\'') {
		return 0, 0, false
	}
	q := bytes.IndexByte(b[p+1:], b[p])
	if q < 0 {
		return 0, 0, false
	}
	return trimXMLSpace(b, p+1, p+1+q)
}

// xmpElemValue reads an element's text after its name ends at p, when the
// name starts at start just after a '<': '>', the text, "</" and the name.
// It returns the text's range without surrounding blanks.
func xmpElemValue(b []byte, p, start int) (lo, hi int, ok bool) {
	name := b[start:p]
	if start < 1 || b[start-1] != '<' {
		return 0, 0, false
	}
	p = skipXMLSpace(b, p)
	if p >= len(b) || b[p] != '>' {
		return 0, 0, false
	}
	p++
	q := bytes.IndexByte(b[p:], '<')
	if q < 0 || !bytes.HasPrefix(b[p+q:], []byte("</")) || !bytes.HasPrefix(b[p+q+2:], name) {
		return 0, 0, false
	}
	return trimXMLSpace(b, p, p+q)
}

// trimXMLSpace narrows b[lo:hi] to its non-blank part, which must be a
// non-empty run of decimal digits.
func trimXMLSpace(b []byte, lo, hi int) (int, int, bool) {
	for lo < hi && isXMLSpace(b[lo]) {
		lo++
	}
	for hi > lo && isXMLSpace(b[hi-1]) {
		hi--
	}
	if lo == hi {
		return 0, 0, false
	}
	for _, c := range b[lo:hi] {
		if c < '0' || c > '9' {
			return 0, 0, false
		}
	}
	return lo, hi, true
}

func skipXMLSpace(b []byte, p int) int {
	for p < len(b) && isXMLSpace(b[p]) {
		p++
	}
	return p
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// xmpOrientationSpans returns the ranges of the values of
// tiff:Orientation in an XMP packet, in order.
func xmpOrientationSpans(xmp []byte) [][2]int {
	return xmpIntSpans(xmp, "tiff:Orientation")
}

// xmpIntSpans returns the ranges of the decimal values of a simple
// property in an XMP packet, in attribute or element form, in order.
func xmpIntSpans(xmp []byte, name string) [][2]int {
	var spans [][2]int
	for i := 0; ; {
		j := bytes.Index(xmp[i:], []byte(name))
		if j < 0 {
			return spans
		}
		start := i + j
		p := start + len(name)
		i = p
		lo, hi, ok := xmpAttrValue(xmp, p)
		if !ok || start == 0 || !isXMLSpace(xmp[start-1]) {
			lo, hi, ok = xmpElemValue(xmp, p, start)
		}
		if ok {
			spans = append(spans, [2]int{lo, hi})
			i = hi
		}
	}
}

// XMPOrientation returns the first value of tiff:Orientation in an XMP
// packet, in attribute or element form, and false when it has none or the
// value is outside 1-8.
func XMPOrientation(xmp []byte) (int, bool) {
	spans := xmpOrientationSpans(xmp)
	if len(spans) == 0 {
		return 0, false
	}
	v, err := strconv.Atoi(string(xmp[spans[0][0]:spans[0][1]]))
	if err != nil || v < 1 || v > 8 {
		return 0, false
	}
	return v, true
}
