package jpeg

import (
	"math/bits"
	"slices"
)

// scanComp is one component of a scan as the block loops see it.
type scanComp struct {
	blocks   []Block
	stride   int // BlocksW
	h, v     int // blocks per MCU across and down (1 and 1 when alone)
	tbl      int // Huffman table selector
	pred     int32
	predFull int32 // unshifted DC predictor of a progressive scan
	dc, ac   *huffCode
	dcF      *[256]int64
	acF      *[256]int64
	compIdx  int
}

// scanComps prepares the components of s; with st it points each at its
// frequency counters, with codes at its code tables.
func (e *encoder) scanComps(s *scan, st *scanStats, codes *scanCodes) []scanComp {
	sc := make([]scanComp, len(s.comps))
	for i, ci := range s.comps {
		c := &e.m.Components[ci]
		t := e.tbl[ci]
		sc[i] = scanComp{blocks: c.Blocks, stride: c.BlocksW, h: c.H, v: c.V, tbl: t, compIdx: ci}
		if len(s.comps) == 1 {
			sc[i].h, sc[i].v = 1, 1
		}
		if st != nil {
			sc[i].dcF, sc[i].acF = &st.freq[0][t], &st.freq[1][t]
		}
		if codes != nil {
			sc[i].dc, sc[i].ac = codes.h[0][t], codes.h[1][t]
		}
	}
	return sc
}

// seqScan runs a sequential scan of w x h MCUs with restart interval ri:
// with st it counts symbols and notes each block's nonzero coefficients
// in e.masks, with codes it writes the entropy-coded data from them.
func (e *encoder) seqScan(s *scan, w, h, ri int, st *scanStats, codes *scanCodes) error {
	sc := e.scanComps(s, st, codes)
	if st != nil {
		n := 0
		for i := range sc {
			st.used[0][sc[i].tbl] = true
			st.used[1][sc[i].tbl] = true
			n += sc[i].h * sc[i].v
		}
		e.masks = slices.Grow(e.masks[:0], n*w*h)[:n*w*h]
	}
	masks := e.masks
	var acOr int32 // every AC magnitude ORed, to check the range once
	var dcBits uint
	var nbits int64
	mcu, rst, bi := 0, 0, 0
	for my := range h {
		for mx := range w {
			if ri > 0 && mcu == ri {
				mcu = 0
				for i := range sc {
					sc[i].pred = 0
				}
				if codes != nil {
					e.restart(rst)
				}
				rst++
			}
			mcu++
			for i := range sc {
				c := &sc[i]
				for v := range c.v {
					row := c.blocks[(my*c.v+v)*c.stride+mx*c.h:]
					for u := range c.h {
						b := &row[u]
						if st != nil {
							mask := nonzero(b) &^ 1
							masks[bi] = mask
							n, o, bb := countBlock(b, mask, c.pred, c.dcF, c.acF)
							dcBits = max(dcBits, n)
							acOr |= o
							nbits += bb
						} else {
							e.out.encodeBlock(b, masks[bi], c.pred, c.dc, c.ac)
						}
						bi++
						c.pred = int32(b[0])
					}
				}
			}
		}
	}
	if codes != nil {
		e.out.flush()
		return nil
	}
	if dcBits > 11 {
		return errFormat("component %d: a DC difference needs %d bits, beyond the 11 of 8-bit JPEG", sc[0].compIdx, dcBits)
	}
	if acOr >= 1024 {
		return errFormat("an AC coefficient of magnitude %d or more is beyond the range of 8-bit JPEG", 1<<(bits.Len32(uint32(acOr))-1))
	}
	st.bits += nbits
	return nil
}

// countBlock counts the symbols of block b, whose nonzero AC coefficients
// mask marks in zigzag order and whose DC is predicted from pred. It
// returns the DC difference's size, the OR of the AC magnitudes and the
// number of bits the block's extra bits take.
func countBlock(b *Block, mask uint64, pred int32, dcF, acF *[256]int64) (uint, int32, int64) {
	n, _ := magnitude(int32(b[0]) - pred)
	dcF[n&255]++
	extra := int64(n)
	var or int32
	last := 0
	for mask != 0 {
		k := bits.TrailingZeros64(mask)
		mask &= mask - 1
		r := k - last - 1
		last = k
		for r >= 16 {
			acF[0xF0]++
			r -= 16
		}
		v := int32(b[zigzag[k&63]&63])
		m := v >> 31
		a := (v ^ m) - m
		or |= a
		nb := bits.Len32(uint32(a))
		acF[(r<<4|nb)&255]++
		extra += int64(nb)
	}
	if last != 63 {
		acF[0]++
	}
	return n, or, extra
}

// encodeBlock writes block b, whose nonzero AC coefficients mask marks in
// zigzag order and whose DC is predicted from pred, with tables dc and ac.
// The bit accumulator lives in locals for the block's duration.
func (w *bitWriter) encodeBlock(b *Block, mask uint64, pred int32, dc, ac *huffCode) {
	acc, n, buf := w.acc, w.n, w.buf
	nb, x := magnitude(int32(b[0]) - pred)
	t := dc.packed[nb&255]
	l := uint(t&31) + nb
	acc = acc<<l | uint64(t>>8<<nb|x)
	n += l
	if n >= 32 {
		n -= 32
		buf = appendWord(buf, uint32(acc>>n))
	}
	last := 0
	for mask != 0 {
		k := bits.TrailingZeros64(mask)
		mask &= mask - 1
		r := k - last - 1
		last = k
		for r >= 16 {
			t := ac.packed[0xF0]
			l := uint(t & 31)
			acc = acc<<l | uint64(t>>8)
			n += l
			if n >= 32 {
				n -= 32
				buf = appendWord(buf, uint32(acc>>n))
			}
			r -= 16
		}
		nb, x := magnitude(int32(b[zigzag[k&63]&63]))
		t := ac.packed[(r<<4|int(nb))&255]
		l := uint(t&31) + nb
		acc = acc<<l | uint64(t>>8<<nb|x)
		n += l
		if n >= 32 {
			n -= 32
			buf = appendWord(buf, uint32(acc>>n))
		}
	}
	if last != 63 {
		t := ac.packed[0]
		l := uint(t & 31)
		acc = acc<<l | uint64(t>>8)
		n += l
		if n >= 32 {
			n -= 32
			buf = appendWord(buf, uint32(acc>>n))
		}
	}
	w.acc, w.n, w.buf = acc, n, buf
}
