package jpeg

import (
	"encoding/binary"
	"math/bits"
	"unsafe"
)

// zigzag maps the position of a coefficient in the entropy-coded (zigzag)
// order to its index in natural order, as in Figure A.6 of ITU T.81.
var zigzag = [64]uint8{
	0, 1, 8, 16, 9, 2, 3, 10,
	17, 24, 32, 25, 18, 11, 4, 5,
	12, 19, 26, 33, 40, 48, 41, 34,
	27, 20, 13, 6, 7, 14, 21, 28,
	35, 42, 49, 56, 57, 50, 43, 36,
	29, 22, 15, 23, 30, 37, 44, 51,
	58, 59, 52, 45, 38, 31, 39, 46,
	53, 60, 61, 54, 47, 55, 62, 63,
}

// huffSpec is a Huffman table as a DHT segment states it: counts[i] codes
// of length i+1, then the symbols in order of increasing code length.
type huffSpec struct {
	counts [16]uint8
	values []uint8
}

// huffCode is the encoder's view of a table: for each symbol its code
// (right-aligned) and length; a length of 0 marks a symbol the table lacks.
// packed holds both in one word, code<<8 | length, for the block loops.
type huffCode struct {
	code   [256]uint16
	size   [256]uint8
	packed [256]uint32
}

// optimalTable builds the Huffman table for the symbol frequencies freq as
// JPEG Annex K.2 does, and exactly as libjpeg's jpeg_gen_optimal_table:
// a pseudo-symbol 256 with frequency 1 takes part in the construction so
// that, once it is removed from the longest code length, no real symbol
// has a code of all one bits (which T.81 C reserves); code lengths beyond
// 16 are then folded back by the K.3 adjustment. A table with no symbol
// used gets symbol 0, so that it is still a valid table.
func optimalTable(freq *[256]int64) huffSpec {
	var f [257]int64
	copy(f[:256], freq[:])
	used := false
	for _, v := range freq {
		if v != 0 {
			used = true
			break
		}
	}
	if !used {
		f[0] = 1
	}
	f[256] = 1

	// Code sizes can reach 256 for 257 symbols with pathological
	// frequencies (more than libjpeg's MAX_CLEN of 32), so count up to that.
	var codesize [257]int
	var others [257]int
	for i := range others {
		others[i] = -1
	}
	for {
		// The smallest nonzero frequency, ties to the larger symbol; then
		// the next smallest, likewise (libjpeg's order, so the tables match).
		c1, c2 := -1, -1
		var v1, v2 int64 = 1<<63 - 1, 1<<63 - 1
		for i := range f {
			if f[i] != 0 && f[i] <= v1 {
				v1, c1 = f[i], i
			}
		}
		for i := range f {
			if f[i] != 0 && f[i] <= v2 && i != c1 {
				v2, c2 = f[i], i
			}
		}
		if c2 < 0 {
			break
		}
		f[c1] += f[c2]
		f[c2] = 0
		codesize[c1]++
		for others[c1] >= 0 {
			c1 = others[c1]
			codesize[c1]++
		}
		others[c1] = c2
		codesize[c2]++
		for others[c2] >= 0 {
			c2 = others[c2]
			codesize[c2]++
		}
	}

	var nbits [258]int
	for _, s := range codesize {
		if s != 0 {
			nbits[s]++
		}
	}
	// K.3: lengths above 16 move to shorter ones, two at a time: the pair
	// of longest codes shares a prefix; one takes the prefix's place, the
	// other joins a code from a shorter length j that becomes two of j+1.
	i := len(nbits) - 1
	for ; i > 16; i-- {
		for nbits[i] > 0 {
			j := i - 2
			for nbits[j] == 0 {
				j--
			}
			nbits[i] -= 2
			nbits[i-1]++
			nbits[j+1] += 2
			nbits[j]--
		}
	}
	// Drop the pseudo-symbol from the longest length: the all-ones code
	// point stays unused.
	for nbits[i] == 0 {
		i--
	}
	nbits[i]--

	var spec huffSpec
	for l := 1; l <= 16; l++ {
		spec.counts[l-1] = uint8(nbits[l])
	}
	// Symbols in order of their unadjusted code length, then value: the
	// adjustment keeps that order, only the lengths move.
	spec.values = make([]uint8, 0, 256)
	for l := 1; l < len(nbits); l++ {
		for s := 0; s < 256; s++ {
			if codesize[s] == l {
				spec.values = append(spec.values, uint8(s))
			}
		}
	}
	return spec
}

// codes assigns the canonical codes of T.81 Annex C to spec's symbols.
func (spec *huffSpec) codes() *huffCode {
	h := new(huffCode)
	code, k := 0, 0
	for l := 1; l <= 16; l++ {
		for range spec.counts[l-1] {
			s := spec.values[k]
			h.code[s] = uint16(code)
			h.size[s] = uint8(l)
			h.packed[s] = uint32(code)<<8 | uint32(l)
			code++
			k++
		}
		code <<= 1
	}
	return h
}

// bitWriter appends entropy-coded bits to buf, stuffing a zero byte after
// every 0xFF. Bits gather in a 64-bit accumulator and leave it 32 at a
// time.
type bitWriter struct {
	buf []byte
	acc uint64
	n   uint // bits pending in the low end of acc, below 32 between calls
}

// put appends the low n bits of v (n <= 32, the bits above n zero).
func (w *bitWriter) put(v uint32, n uint) {
	w.acc = w.acc<<n | uint64(v)
	w.n += n
	if w.n >= 32 {
		w.spill()
	}
}

// spill moves 32 bits from the accumulator to buf; apart from put, so
// that put inlines.
//
//go:noinline
func (w *bitWriter) spill() {
	w.n -= 32
	w.buf = appendWord(w.buf, uint32(w.acc>>w.n))
}

// appendWord appends 32 bits of entropy-coded data to buf, stuffing a
// zero byte after each 0xFF byte.
func appendWord(buf []byte, v uint32) []byte {
	if x := ^v; (x-0x01010101)&^x&0x80808080 != 0 { // a byte of v is 0xFF
		return appendStuffed(buf, v)
	}
	return binary.BigEndian.AppendUint32(buf, v)
}

func appendStuffed(buf []byte, v uint32) []byte {
	for sh := 24; sh >= 0; sh -= 8 {
		b := byte(v >> sh)
		buf = append(buf, b)
		if b == 0xFF {
			buf = append(buf, 0)
		}
	}
	return buf
}

// flush pads the pending bits to a whole byte with one bits (T.81 F.1.2.3)
// and appends them.
func (w *bitWriter) flush() {
	if pad := (8 - w.n%8) % 8; pad != 0 {
		w.acc = w.acc<<pad | (1<<pad - 1)
		w.n += pad
	}
	for w.n >= 8 {
		w.n -= 8
		b := byte(w.acc >> w.n)
		w.buf = append(w.buf, b)
		if b == 0xFF {
			w.buf = append(w.buf, 0)
		}
	}
	w.acc = 0
}

// magnitude returns the size category of v (T.81 F.1.2.1: the number of
// bits of |v|) and the bits that follow the Huffman code for it: v itself
// when positive, v-1 when negative, both cut to that many bits.
func magnitude(v int32) (uint, uint32) {
	m := v >> 31 // 0 or -1
	a := (v ^ m) - m
	n := uint(bits.Len32(uint32(a)))
	return n, uint32(v+m) & (1<<n - 1)
}

// zzMask[r][b] has bit k set for each zigzag position k whose natural
// position r*8+j has bit j set in b: it turns a row's nonzero pattern in
// natural order into zigzag order with one lookup.
var zzMask = func() (t [8][256]uint64) {
	var unzig [64]int
	for k, z := range zigzag {
		unzig[z] = k
	}
	for r := range 8 {
		for b := range 256 {
			for j := range 8 {
				if b&(1<<j) != 0 {
					t[r][b] |= 1 << unzig[r*8+j]
				}
			}
		}
	}
	return t
}()

// nonzero returns the zigzag-order mask of b's nonzero coefficients: bit k
// is set when b[zigzag[k]] != 0.
func nonzero(b *Block) uint64 {
	if uintptr(unsafe.Pointer(b))&7 != 0 {
		// Not aligned for 64-bit words (never for Go-allocated blocks):
		// one coefficient at a time.
		var m uint64
		for k, z := range zigzag {
			v := uint16(b[z&63])
			m |= uint64((v|-v)>>15) << k
		}
		return m
	}
	// Four coefficients per word: a lane's top bit after adding 0x7FFF to
	// its low 15 bits, ORed with the lane, says it is nonzero; a multiply
	// gathers the four top bits into a nibble.
	p := (*[16]uint64)(unsafe.Pointer(b))
	const lo15, top = 0x7FFF7FFF7FFF7FFF, 0x8000800080008000
	const gather = 1<<48 | 1<<33 | 1<<18 | 1<<3
	var m uint64
	for r := range 8 {
		a, c := p[2*r&15], p[(2*r+1)&15]
		ya := ((a&lo15 + lo15) | a) & top
		yc := ((c&lo15 + lo15) | c) & top
		row := (ya>>15*gather)>>48 | (yc>>15*gather)>>48<<4
		m |= zzMask[r][row&255]
	}
	return m
}
