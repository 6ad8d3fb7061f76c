package codec

import "encoding/binary"

// tagExtraSamples is the TIFF tag that declares an alpha channel.
const tagExtraSamples = 338

// hasAlpha reports whether a file whose color model looks opaque declares
// transparency that its decoder honours: a 32-bit BMP with a V4 or V5
// header (decoded as NRGBA), a TIFF with associated alpha (decoded as
// premultiplied RGBA), or a GIF whose first frame has a transparent index.
// It reads at most maxMetadata bytes ahead, recording them for the decode.
func hasAlpha(format string, rr *rewindReader) bool {
	switch format {
	case BMP:
		b := rr.buf
		return len(b) >= 30 && binary.LittleEndian.Uint32(b[14:18]) > 40 && binary.LittleEndian.Uint16(b[28:30]) == 32
	case TIFF:
		v, ok := tiffTag(rr.buf, tagExtraSamples)
		return ok && v == 1
	case GIF:
		return gifTransparent(rr)
	}
	return false
}

// gifTransparent reports whether a graphic control extension before the
// first image descriptor of a GIF stream sets a transparent index.
func gifTransparent(rr *rewindReader) bool {
	if !rr.fill(13) {
		return false
	}
	i := 13
	if flags := rr.buf[10]; flags&0x80 != 0 {
		i += 3 << (flags&7 + 1)
	}
	transparent := false
	for i < maxMetadata && rr.fill(i+2) {
		if rr.buf[i] != 0x21 { // not an extension: an image descriptor or the end
			return transparent
		}
		label := rr.buf[i+1]
		i += 2
		for first := true; rr.fill(i + 1); first = false {
			n := int(rr.buf[i])
			if n == 0 {
				i++
				break
			}
			if first && label == 0xf9 && n >= 4 && rr.fill(i+2) {
				transparent = rr.buf[i+1]&1 != 0
			}
			i += 1 + n
		}
	}
	return transparent
}
