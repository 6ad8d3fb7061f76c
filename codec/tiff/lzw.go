package tiff

// lzwEncode compresses src with TIFF's LZW (compression 5): codes MSB
// first, 9 to 12 bits, clear code 256, end code 257, and TIFF's "early
// change" — the code width grows one code before the standard algorithm
// would, as libtiff and golang.org/x/image/tiff/lzw expect.
func lzwEncode(dst, src []byte) []byte {
	const (
		clearCode = 256
		eoi       = 257
		first     = 258
		limit     = 4094 // the code at which the table restarts
	)
	var (
		bits  uint64
		nbits uint
		width uint = 9
		next       = first
		table      = make(map[uint32]uint16, 4096)
	)
	emit := func(code int) {
		bits = bits<<width | uint64(code)
		nbits += width
		for nbits >= 8 {
			nbits -= 8
			dst = append(dst, byte(bits>>nbits))
		}
	}
	emit(clearCode)
	if len(src) == 0 {
		emit(eoi)
		if nbits > 0 {
			dst = append(dst, byte(bits<<(8-nbits)))
		}
		return dst
	}
	w := int(src[0])
	for _, k := range src[1:] {
		key := uint32(w)<<8 | uint32(k)
		if c, ok := table[key]; ok {
			w = int(c)
			continue
		}
		emit(w)
		if next == limit {
			emit(clearCode)
			clear(table)
			width, next = 9, first
		} else {
			table[key] = uint16(next)
			if next == 1<<width-1 {
				width++
			}
			next++
		}
		w = int(k)
	}
	emit(w)
	// The decoder adds an entry for this last code too, and may widen
	// before it reads the end code.
	if next == 1<<width-1 && width < 12 {
		width++
	}
	emit(eoi)
	if nbits > 0 {
		dst = append(dst, byte(bits<<(8-nbits)))
	}
	return dst
}
