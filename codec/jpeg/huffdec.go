package jpeg

import (
	"fmt"
	"io"

	"github.com/pixview/pixview/codec/codecerr"
)

// lutBits is the number of bits of lookahead in a Huffman table's fast
// lookup, as in libjpeg-turbo's jdhuff.c (HUFF_LOOKAHEAD): nearly every
// code in a photo's tables is 9 bits or shorter.
const lutBits = 9

// huffTable is a Huffman decoding table built from a DHT segment
// (JPEG Annex C and F.2.2.3).
type huffTable struct {
	// lut maps the next lutBits bits to length<<8 | symbol for codes of
	// at most lutBits bits, and to 0 otherwise.
	lut [1 << lutBits]uint16
	// maxcode[l] is the largest code of length l, -1 when none; maxcode[17]
	// is a sentinel above every 17-bit value so the slow search stops.
	maxcode [18]int32
	// valoff[l] turns a code of length l into an index into vals.
	valoff [17]int32
	vals   [256]uint8
	// fast maps the next fastBits bits to a whole code and its extra
	// bits when both fit in them, 0 otherwise. For a DC table an entry is
	// diff<<16 | bits used, diff the signed difference the code stands
	// for. For an AC table it is value<<16 | advance<<8 | bits used: a
	// coefficient of the value after a run of advance zeros; ZRL as a
	// zero after 15 zeros; an end of block (EOB, or any other size-0
	// code, which jdhuff.c also takes for one) as value 0 and advance
	// fastEOB. stb_image keeps a table like the AC one; the DC one and the
	// EOB entries save the block loop a second lookup and its branches.
	fast [1 << fastBits]uint32
	// skip is an AC table's multi-code lookup for skipBlock, made on
	// first use (see skipTable); build drops it.
	skip *[1 << skipBits]uint16
}

// skipBits is the lookahead of an AC table's skip entries: 12 bits hold
// two of the codes and extra bits of a photo's luma, on average, which
// skipBlock then passes over in one step.
const skipBits = 12

// skipEOB flags a skip entry whose last code is an end of block.
const skipEOB = 1 << 11

// skipTable returns t's skip entries, making them on first use: for each
// value of the next skipBits bits, the codes (with their extra bits) that
// fit whole in them, taken in order up to and including an end of block,
// and while their advance stays within 64, as bits used | advance<<4 |
// skipEOB; 0 when not even the first fits. The advance is the zeros and
// coefficients the codes stand for (r+1 for a coefficient after r zeros,
// 16 for ZRL), not counting the end of block.
func (t *huffTable) skipTable() *[1 << skipBits]uint16 {
	if t.skip != nil {
		return t.skip
	}
	sk := new([1 << skipBits]uint16)
	for w := range sk {
		pos, adv := 0, 0
		eob := false
	codes:
		for pos < skipBits {
			sym, l := -1, 0
			for l = 1; pos+l <= skipBits; l++ {
				code := int32(w>>(skipBits-pos-l)) & (1<<l - 1)
				if code <= t.maxcode[l] {
					sym = int(t.vals[(code+t.valoff[l])&0xFF])
					break
				}
			}
			if sym < 0 {
				break
			}
			r, sz := sym>>4, sym&15
			switch {
			case pos+l+sz > skipBits:
				break codes
			case sz == 0 && r != 15:
				pos += l
				eob = true
				break codes
			}
			step := r + 1
			if sz == 0 {
				step = 16
			}
			if adv+step > 64 {
				break
			}
			adv += step
			pos += l + sz
		}
		if pos > 0 {
			sk[w] = uint16(pos | adv<<4)
			if eob {
				sk[w] |= skipEOB
			}
		}
	}
	t.skip = sk
	return sk
}

// fastBits is the number of bits of lookahead of a table's fast
// entries: 11 bits hold the code and extra bits of 99% of the AC
// coefficients of a q90 photo, against 86% for 9 (the table is then 8
// KiB, two of which, luma's and chroma's, stay in a 32 KiB L1 cache with
// room to spare).
const fastBits = 11

// fastEOB is the advance of an AC table's end-of-block entry: past any
// position, so that the block loop's one bound check catches it.
const fastEOB = 64

// build makes t from the 16 code counts and the symbols of a DHT table,
// refusing a table whose codes overflow their lengths (as jdhuff.c's
// jpeg_make_d_derived_tbl does) or, for a DC table, a symbol above 15.
func (t *huffTable) build(counts *[16]uint8, vals []byte, dc bool) error {
	copy(t.vals[:], vals)
	clear(t.lut[:])
	code, k := int32(0), 0
	for l := 1; l <= 16; l++ {
		n := int(counts[l-1])
		t.valoff[l] = int32(k) - code
		if n == 0 {
			t.maxcode[l] = -1
		} else {
			code += int32(n)
			k += n
			t.maxcode[l] = code - 1
		}
		if code > 1<<l {
			return fmt.Errorf("jpeg: Huffman table's codes overflow: %w", codecerr.ErrFormat)
		}
		code <<= 1
	}
	t.maxcode[17] = 1 << 30
	if dc {
		for _, v := range vals {
			if v > 15 {
				return fmt.Errorf("jpeg: DC Huffman table has symbol %d: %w", v, codecerr.ErrFormat)
			}
		}
	}
	// Fill the lookahead table: each code of length l <= lutBits owns
	// the 1<<(lutBits-l) entries that start with it.
	code, k = 0, 0
	for l := 1; l <= lutBits; l++ {
		for range counts[l-1] {
			first := code << (lutBits - l)
			for j := range int32(1) << (lutBits - l) {
				t.lut[first+j] = uint16(l)<<8 | uint16(t.vals[k])
			}
			code++
			k++
		}
		code <<= 1
	}
	t.fillFast(counts, dc)
	t.skip = nil
	return nil
}

// fillFast fills t.fast from the code counts and t.vals.
func (t *huffTable) fillFast(counts *[16]uint8, dc bool) {
	clear(t.fast[:])
	code, k := 0, 0
	for l := 1; l <= fastBits; l++ {
		for range counts[l-1] {
			sym := int(t.vals[k])
			code++
			k++
			first := (code - 1) << (fastBits - l)
			var r, sz int
			if dc {
				sz = sym
			} else {
				r, sz = sym>>4, sym&15
			}
			if l+sz > fastBits {
				continue
			}
			for j := range 1 << (fastBits - l) {
				extra := int32(j>>(fastBits-l-sz)) & (1<<sz - 1)
				e := uint32(extend(extra, sz))<<16 | uint32(l+sz)
				switch {
				case dc:
				case sz != 0:
					e |= uint32(r) << 8
				case r == 15:
					e |= 15 << 8 // ZRL: a zero after 15 zeros
				default:
					e |= fastEOB << 8
				}
				t.fast[first+j] = e
			}
		}
		code <<= 1
	}
}

// bitReader reads entropy-coded data MSB first from a source, removing
// byte stuffing (0xFF 0x00) as it loads bytes into a 64-bit accumulator.
// When it meets a marker or the end of the input it stops reading and
// supplies zero bits, counting them in pad: bits consumed beyond the real
// ones (n < pad) mean the data ended early, which [bitReader.overrun]
// reports.
type bitReader struct {
	src *source
	acc uint64 // bits MSB-aligned; the n top bits are valid
	n   int
	pad int  // zero bits supplied after the data ended
	end bool // a marker or the end of input was met
	eof bool // ... and it was the end of the input
}

// reset empties the accumulator at the start of a scan or restart
// interval. The bytes it held beyond the last code are padding.
func (br *bitReader) reset() {
	br.acc, br.n, br.pad, br.end, br.eof = 0, 0, 0, false, false
}

// refill loads bytes until more than 56 bits are held, or supplies zero
// bits once the data has ended.
func (br *bitReader) refill() {
	s := br.src
	if !br.end && s.pos+8 <= len(s.buf) {
		// Fast path: eight bytes at once when none of them is 0xFF.
		b := s.buf[s.pos : s.pos+8]
		w := uint64(b[0])<<56 | uint64(b[1])<<48 | uint64(b[2])<<40 | uint64(b[3])<<32 |
			uint64(b[4])<<24 | uint64(b[5])<<16 | uint64(b[6])<<8 | uint64(b[7])
		if x := ^w; (x-0x0101010101010101)&^x&0x8080808080808080 == 0 {
			k := (64 - br.n) >> 3
			br.acc |= w >> (64 - 8*k) << ((64 - br.n) & 7)
			br.n += 8 * k
			s.pos += k
			return
		}
	}
	for br.n <= 56 {
		if br.end {
			br.pad += 64 - br.n
			br.n = 64
			return
		}
		if s.pos+1 >= len(s.buf) && !s.more(2) {
			if s.pos >= len(s.buf) {
				br.end, br.eof = true, true
				continue
			}
			if s.buf[s.pos] == 0xFF {
				// 0xFF as the last byte of the input: a marker
				// cut in two.
				br.end, br.eof = true, true
				continue
			}
		}
		b := s.buf[s.pos]
		if b != 0xFF {
			s.pos++
			br.acc |= uint64(b) << (56 - br.n)
			br.n += 8
			continue
		}
		// 0xFF: stuffed data byte, fill bytes before a marker, or a
		// marker. Like jdhuff.c's fill_bit_buffer, FF FF ... 00 is one
		// data byte 0xFF.
		q := 1 // offset from s.pos of the byte after the 0xFF run
		for {
			if s.pos+q >= len(s.buf) && !s.more(q+1) {
				break
			}
			if s.buf[s.pos+q] != 0xFF {
				break
			}
			q++
		}
		p := s.pos + q
		if p >= len(s.buf) {
			br.end, br.eof = true, true
			continue
		}
		if s.buf[p] != 0 {
			br.end = true // a marker: leave it for the marker reader
			continue
		}
		s.pos = p + 1
		br.acc |= 0xFF << (56 - br.n)
		br.n += 8
	}
}

// overrun reports whether codes were read from beyond the end of the
// data, as an error wrapping ErrFormat (and io.ErrUnexpectedEOF when the
// input ended).
func (br *bitReader) overrun() error {
	if br.n >= br.pad {
		return nil
	}
	if br.eof {
		return fmt.Errorf("jpeg: entropy-coded data truncated: %w (%w)", codecerr.ErrFormat, io.ErrUnexpectedEOF)
	}
	return fmt.Errorf("jpeg: entropy-coded data ends early, at a marker: %w", codecerr.ErrFormat)
}

// decodeSlow decodes a Huffman code longer than lutBits bits from br,
// which holds at least 16 bits (JPEG Figure F.16). It returns -1 for a
// code the table does not have. Callers inline the lookup of shorter
// codes and call it out of line.
//
//go:noinline
func (br *bitReader) decodeSlow(t *huffTable) int {
	l := lutBits + 1
	code := int32(br.acc >> (64 - l))
	for code > t.maxcode[l] {
		l++
		code = int32(br.acc >> (64 - l))
	}
	if l > 16 {
		return -1
	}
	br.acc <<= l
	br.n -= l
	return int(t.vals[(code+t.valoff[l])&0xFF])
}

// bits returns the next s bits, 0 <= s <= 16, which the caller has made
// sure are held.
func (br *bitReader) bits(s int) int32 {
	v := int32(br.acc >> 32 >> (32 - s))
	br.acc <<= s
	br.n -= s
	return v
}

// bit returns the next bit, refilling when none is held.
func (br *bitReader) bit() bool {
	if br.n < 1 {
		br.refill()
	}
	v := br.acc>>63 != 0
	br.acc <<= 1
	br.n--
	return v
}

// extend turns the s-bit magnitude category value v into the signed
// value it stands for (JPEG F.2.2.1, EXTEND).
func extend(v int32, s int) int32 {
	if s == 0 {
		return 0
	}
	if v < 1<<(s-1) {
		return v - (1 << s) + 1
	}
	return v
}

var errBadCode = fmt.Errorf("jpeg: bad Huffman code: %w", codecerr.ErrFormat)
