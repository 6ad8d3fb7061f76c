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
		table lzwTable
	)
	table.gen = 1
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
		slot := table.find(key)
		if e := &table.e[slot]; e.gen == table.gen && e.key == key {
			w = int(e.code)
			continue
		}
		emit(w)
		if next == limit {
			emit(clearCode)
			table.reset()
			width, next = 9, first
		} else {
			table.e[slot] = lzwEntry{key: key, gen: table.gen, code: uint16(next)}
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

// lzwTable maps a (prefix code, byte) key to its code: open addressing
// with linear probing, twice as many slots as a table can hold codes. An
// entry counts only when its generation is the table's, so a restart is
// one increment rather than a clear.
type lzwTable struct {
	e   [8192]lzwEntry
	gen uint32
}

type lzwEntry struct {
	key, gen uint32
	code     uint16
}

// find returns key's slot, or the empty (stale) slot where it belongs.
func (t *lzwTable) find(key uint32) int {
	i := int((key * 0x9E3779B1) >> 19) // the top 13 bits
	for {
		e := &t.e[i]
		if e.gen != t.gen || e.key == key {
			return i
		}
		i = (i + 1) & (len(t.e) - 1)
	}
}

func (t *lzwTable) reset() { t.gen++ }
