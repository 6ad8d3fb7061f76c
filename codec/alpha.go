package codec

// gifTransparent reports whether the first frame of a GIF stream has a
// transparent index within its color table, as the decoder honours it: set
// by a graphic control extension before the frame's image descriptor.
func gifTransparent(rr *rewindReader) bool {
	if !rr.fill(13) {
		return false
	}
	i, entries := 13, 0
	if flags := rr.buf[10]; flags&0x80 != 0 {
		entries = 1 << (flags&7 + 1)
		i += 3 * entries
	}
	transparent, index := false, 0
	for i < maxMetadata && rr.fill(i+2) {
		if rr.buf[i] != 0x21 { // not an extension: an image descriptor or the end
			if rr.buf[i] == 0x2c && rr.fill(i+10) {
				if flags := rr.buf[i+9]; flags&0x80 != 0 { // local color table
					entries = 1 << (flags&7 + 1)
				}
			}
			return transparent && index < entries
		}
		label := rr.buf[i+1]
		i += 2
		for first := true; rr.fill(i + 1); first = false {
			n := int(rr.buf[i])
			if n == 0 {
				i++
				break
			}
			if first && label == 0xf9 && n >= 4 && rr.fill(i+5) {
				transparent, index = rr.buf[i+1]&1 != 0, int(rr.buf[i+4])
			}
			i += 1 + n
		}
	}
	return false
}
