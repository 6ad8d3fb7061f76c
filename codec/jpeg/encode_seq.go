package jpeg

import (
	"math/bits"
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
// with st it counts symbols, with codes it writes the entropy-coded data.
func (e *encoder) seqScan(s *scan, w, h, ri int, st *scanStats, codes *scanCodes) error {
	sc := e.scanComps(s, st, codes)
	if st != nil {
		for i := range sc {
			st.used[0][sc[i].tbl] = true
			st.used[1][sc[i].tbl] = true
		}
	}
	var acOr int32 // every AC magnitude ORed, to check the range once
	var dcBits uint
	var nbits int64
	mcu, rst := 0, 0
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
							n, o, bb := countBlock(b, c.pred, c.dcF, c.acF)
							dcBits = max(dcBits, n)
							acOr |= o
							nbits += bb
						} else {
							e.out.encodeBlock(b, c.pred, c.dc, c.ac)
						}
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

// countBlock counts the symbols of block b (its DC predicted from pred)
// and returns the DC difference's size, the OR of the AC magnitudes and
// the number of bits the block's extra bits take.
func countBlock(b *Block, pred int32, dcF, acF *[256]int64) (uint, int32, int64) {
	n, _ := magnitude(int32(b[0]) - pred)
	dcF[n&255]++
	extra := int64(n)
	var or int32
	r := 0
	for k := 1; k < 64; k++ {
		v := int32(b[zigzag[k]&63])
		if v == 0 {
			r++
			continue
		}
		for r >= 16 {
			acF[0xF0]++
			r -= 16
		}
		m := v >> 31
		a := (v ^ m) - m
		or |= a
		nb := bits.Len32(uint32(a))
		acF[(r<<4|nb)&255]++
		extra += int64(nb)
		r = 0
	}
	if r > 0 {
		acF[0]++
	}
	return n, or, extra
}

// encodeBlock writes block b, its DC predicted from pred, with tables dc
// and ac.
func (w *bitWriter) encodeBlock(b *Block, pred int32, dc, ac *huffCode) {
	n, x := magnitude(int32(b[0]) - pred)
	w.put(uint32(dc.code[n&255])<<n|x, uint(dc.size[n&255])+n)

	// Gather the AC coefficients in zigzag order with a mask of the
	// nonzero ones, then visit only those.
	var z [64]int16
	var mask uint64
	for k := 1; k < 64; k++ {
		v := b[zigzag[k]&63]
		z[k] = v
		if v != 0 {
			mask |= 1 << k
		}
	}
	last := 0
	for mask != 0 {
		k := bits.TrailingZeros64(mask)
		mask &= mask - 1
		r := k - last - 1
		last = k
		for r >= 16 {
			w.put(uint32(ac.code[0xF0]), uint(ac.size[0xF0]))
			r -= 16
		}
		nb, x := magnitude(int32(z[k&63]))
		s := (r<<4 | int(nb)) & 255
		w.put(uint32(ac.code[s])<<nb|x, uint(ac.size[s])+nb)
	}
	if last != 63 {
		w.put(uint32(ac.code[0]), uint(ac.size[0]))
	}
}
