package jpeg

import (
	"math/bits"
	"slices"
)

// maxCorrBits bounds the correction bits an AC refinement scan holds back
// while an EOB run grows, as libjpeg's MAX_CORR_BITS does; the run is
// ended before one more block could overflow it.
const maxCorrBits = 1000

// progState is the entropy coder of one progressive scan (T.81 G.1.2),
// counting symbols when gather is set and writing them otherwise.
type progState struct {
	gather bool
	w      *bitWriter
	ss, se int
	al     uint
	band   uint64 // mask of the zigzag positions ss..se
	eob    int    // EOBRUN: blocks of the current run of end-of-bands
	// Correction bits of a refinement scan: those of the current block
	// (br, at most 63, the first in the highest of brN bits) and those held
	// back with the EOB run (be, one word per block, beN bits in all).
	br    uint64
	brN   uint
	be    []corrWord
	beN   int
	acF   *[256]int64
	ac    *huffCode
	nbits int64
	bad   int32 // an out-of-range magnitude, 0 when none was met
	nref  int   // refinement blocks coded so far, an index into encoder.ref
}

// symbol counts or writes one AC symbol and its extra bits x of length n.
func (p *progState) symbol(sym int, x uint32, n uint) {
	if p.gather {
		p.acF[sym&255]++
		p.nbits += int64(n)
		return
	}
	t := p.ac.packed[sym&255]
	p.w.put(t>>8<<n|x, uint(t&31)+n)
}

// corrWord is up to 63 correction bits, right-aligned.
type corrWord struct {
	bits uint64
	n    uint
}

// corrBits writes the n correction bits in the low end of v.
func (p *progState) corrBits(v uint64, n uint) {
	if p.gather {
		p.nbits += int64(n)
		return
	}
	if n > 32 {
		p.w.put(uint32(v>>32), n-32)
		n = 32
	}
	p.w.put(uint32(v)&uint32(1<<n-1), n)
}

// flushEOB writes the pending EOB run (symbol EOBn and its low bits) and
// the correction bits that belong to it.
func (p *progState) flushEOB() {
	if p.eob == 0 {
		return
	}
	n := uint(bits.Len(uint(p.eob)) - 1)
	p.symbol(int(n<<4), uint32(p.eob)&(1<<n-1), n)
	p.eob = 0
	if p.gather {
		p.nbits += int64(p.beN)
	}
	for _, c := range p.be {
		p.corrBits(c.bits, c.n)
	}
	p.be, p.beN = p.be[:0], 0
}

// nonzeroMasks returns the zigzag nonzero mask of every block of
// component ci, computed once per Encode: a progressive file's scans all
// visit the same blocks.
func (e *encoder) nonzeroMasks(ci int) []uint64 {
	if e.nz[ci] == nil {
		blocks := e.m.Components[ci].Blocks
		nz := make([]uint64, len(blocks))
		for i := range blocks {
			nz[i] = nonzero(&blocks[i])
		}
		e.nz[ci] = nz
	}
	return e.nz[ci]
}

// visibleMasks returns, for every block of component ci, the zigzag mask
// of the coefficients still nonzero after the point transform by al
// (|v| >> al != 0), computed once per component and al: a first AC
// scan then visits only those (at al 2, a small part of the nonzero
// ones) in both of its passes.
func (e *encoder) visibleMasks(ci, al int) []uint64 {
	nz := e.nonzeroMasks(ci)
	if al == 0 {
		return nz
	}
	if e.vis[ci] == nil || e.visAl[ci] != al {
		blocks := e.m.Components[ci].Blocks
		vis := make([]uint64, len(blocks))
		for i := range blocks {
			b := &blocks[i]
			var out uint64
			for m := nz[i]; m != 0; m &= m - 1 {
				k := bits.TrailingZeros64(m)
				v := int32(b[zigzag[k&63]&63])
				s := v >> 31
				a := uint64(((v ^ s) - s) >> al)
				out |= (a | -a) >> 63 << k
			}
			vis[i] = out
		}
		e.vis[ci], e.visAl[ci] = vis, al
	}
	return e.vis[ci]
}

// progScan runs a progressive scan of w x h MCUs with restart interval
// ri: with st it counts symbols, with codes it writes the data.
func (e *encoder) progScan(s *scan, w, h, ri int, st *scanStats, codes *scanCodes) error {
	sc := e.scanComps(s, st, codes)
	p := &progState{gather: st != nil, w: &e.out, ss: s.ss, se: s.se, al: uint(s.al)}
	p.band = (^uint64(0) >> (63 - s.se)) &^ (1<<s.ss - 1)
	if st != nil && s.ss > 0 && s.ah > 0 {
		e.ref = slices.Grow(e.ref[:0], w*h)
	}
	masks := make([][]uint64, len(sc))
	for i := range sc {
		if s.ss > 0 && s.ah == 0 {
			masks[i] = e.visibleMasks(sc[i].compIdx, s.al)
		} else {
			masks[i] = e.nonzeroMasks(sc[i].compIdx)
		}
	}
	if s.ss > 0 {
		p.acF, p.ac = sc[0].acF, sc[0].ac
		if st != nil {
			st.used[1][sc[0].tbl] = true
		}
	} else if s.ah == 0 && st != nil {
		for i := range sc {
			st.used[0][sc[i].tbl] = true
		}
	}
	var dcBits uint
	mcu, rst := 0, 0
	for my := range h {
		for mx := range w {
			if ri > 0 && mcu == ri {
				mcu = 0
				if p.eob != 0 {
					p.flushEOB()
				}
				for i := range sc {
					sc[i].pred, sc[i].predFull = 0, 0
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
					at := (my*c.v+v)*c.stride + mx*c.h
					row := c.blocks[at : at+c.h]
					for u := range row {
						b := &row[u]
						switch {
						case s.ss == 0 && s.ah == 0:
							// The range is that of the unshifted
							// difference, as a sequential scan needs it.
							full, _ := magnitude(int32(b[0]) - c.predFull)
							dcBits = max(dcBits, full)
							c.predFull = int32(b[0])
							dc := int32(b[0]) >> s.al
							n, x := magnitude(dc - c.pred)
							c.pred = dc
							if p.gather {
								c.dcF[n&255]++
								p.nbits += int64(n)
							} else {
								t := c.dc.packed[n&255]
								p.w.put(t>>8<<n|x, uint(t&31)+n)
							}
						case s.ss == 0:
							if p.gather {
								p.nbits++
							} else {
								p.w.put(uint32(b[0]>>s.al)&1, 1)
							}
						case s.ah == 0:
							p.acFirst(b, masks[i][at+u])
						default:
							// The masks, computed while gathering, serve
							// the writing pass too.
							if p.gather {
								e.ref = append(e.ref, p.refineMask(b, masks[i][at+u]))
							}
							p.acRefine(e.ref[p.nref])
							p.nref++
						}
					}
				}
			}
		}
	}
	p.flushEOB()
	if codes != nil {
		e.out.flush()
		return nil
	}
	if dcBits > 11 {
		return errFormat("component %d: a DC difference needs %d bits, beyond the 11 of 8-bit JPEG", sc[0].compIdx, dcBits)
	}
	if p.bad != 0 {
		return errFormat("an AC coefficient of magnitude %d is beyond the range of 8-bit JPEG", p.bad)
	}
	st.bits += p.nbits
	return nil
}

// acFirst codes the band Ss..Se of b in a first AC scan (G.1.2.2): each
// coefficient divided by 2^Al rounding toward zero, runs of zero bands
// gathered into EOB runs. mask marks b's coefficients that are nonzero
// at this precision, in zigzag order; only those are visited.
func (p *progState) acFirst(b *Block, mask uint64) {
	last := p.ss - 1 // the last coefficient coded
	for m := mask & p.band; m != 0; m &= m - 1 {
		k := bits.TrailingZeros64(m)
		v := int32(b[zigzag[k&63]&63])
		s := v >> 31
		full := (v ^ s) - s
		a := full >> p.al
		if a == 0 {
			continue // zero at this precision: part of the run
		}
		if full >= 1024 {
			p.bad = full
		}
		if p.eob != 0 {
			p.flushEOB()
		}
		r := k - last - 1
		for r > 15 {
			p.symbol(0xF0, 0, 0)
			r -= 16
		}
		n := uint(bits.Len32(uint32(a)))
		// The extra bits are the magnitude, or its ones' complement when
		// negative.
		sym := (r<<4 | int(n)) & 255
		if p.gather {
			p.acF[sym]++
			p.nbits += int64(n)
		} else {
			t := p.ac.packed[sym]
			p.w.put(t>>8<<n|uint32(a^s)&(1<<n-1), uint(t&31)+n)
		}
		last = k
	}
	if last < p.se {
		p.eob++
		if p.eob == 0x7FFF {
			p.flushEOB()
		}
	}
}

// refMask describes a block's band for a refinement scan at bit Al, as
// masks over zigzag positions: nz where |v|>>Al is nonzero, nw where it is
// 1 (newly nonzero), corr where bit Al of |v| is set (the correction bit
// of the others), neg where v is negative (the sign of the new ones).
type refMask struct {
	nz, nw, corr, neg uint64
}

// refineMask computes b's refMask for the band and Al of p from mask, the
// block's nonzero coefficients, without a branch per coefficient.
func (p *progState) refineMask(b *Block, mask uint64) refMask {
	var rm refMask
	for m := mask & p.band; m != 0; m &= m - 1 {
		k := bits.TrailingZeros64(m)
		v := int32(b[zigzag[k&63]&63])
		s := v >> 31
		a := uint64(((v ^ s) - s) >> p.al)
		nz := (a | -a) >> 63
		ne1 := ((a ^ 1) | -(a ^ 1)) >> 63
		rm.nz |= nz << k
		rm.nw |= (nz &^ ne1) << k
		rm.corr |= (a & 1) << k
		rm.neg |= uint64(s&1) << k
	}
	return rm
}

// acRefine codes the band Ss..Se of a block in an AC refinement scan
// (G.1.2.3) from its refMask, as libjpeg's encode_mcu_AC_refine does: a
// correction bit for every coefficient that was already nonzero, and a
// run/size-1 symbol with a sign bit for every one that becomes nonzero.
// Correction bits wait for the next symbol, and ride along with the EOB
// run when the block ends in one. Runs count only the zeros; the
// coefficients with correction bits inside a run do not break it, and
// runs of 16 are written (ZRL) only before the last new coefficient.
//
// The walk goes from new coefficient to new coefficient, taking the
// correction bits between them from the masks in one go; only where a
// run reaches 16 does it step through the coefficients one by one.
func (p *progState) acRefine(rm refMask) {
	old := rm.nz &^ rm.nw
	r := 0
	prev := p.ss - 1 // the last coefficient nonzero at this precision
	// The correction bits of the block so far, kept in p.br and p.brN
	// (zrl writes them) and in locals between; counting them is enough
	// while gathering.
	var br uint64
	var brN uint
	for m := rm.nw; m != 0; m &= m - 1 {
		k := bits.TrailingZeros64(m)
		between := old & (1<<k - 1) &^ (2<<prev - 1) // old ones in (prev, k)
		n := bits.OnesCount64(between)
		if r+(k-prev-1-n) > 15 {
			// A run of 16 zeros ends somewhere in there: one by one.
			p.br, p.brN = br, brN
			for o := between; o != 0; o &= o - 1 {
				j := bits.TrailingZeros64(o)
				r += j - prev - 1
				prev = j
				for r > 15 {
					p.zrl()
					r -= 16
				}
				p.br = p.br<<1 | (rm.corr>>j)&1
				p.brN++
			}
			r += k - prev - 1
			for r > 15 {
				p.zrl()
				r -= 16
			}
			br, brN = p.br, p.brN
		} else {
			r += k - prev - 1 - n
			if !p.gather {
				for o := between; o != 0; o &= o - 1 {
					br = br<<1 | (rm.corr>>bits.TrailingZeros64(o))&1
				}
			}
			brN += uint(n)
		}
		prev = k
		if p.eob != 0 {
			p.flushEOB()
		}
		if p.gather {
			p.acF[r<<4|1]++
			p.nbits += 1 + int64(brN)
		} else {
			t := p.ac.packed[(r<<4|1)&255]
			p.w.put(t>>8<<1|uint32(^rm.neg>>k)&1, uint(t&31)+1)
			if brN > 0 {
				p.corrBits(br, brN)
			}
		}
		br, brN = 0, 0
		r = 0
	}
	// After the last new coefficient: correction bits, and zeros that end
	// in the EOB.
	after := old &^ (2<<prev - 1)
	n := bits.OnesCount64(after)
	if !p.gather {
		for o := after; o != 0; o &= o - 1 {
			br = br<<1 | (rm.corr>>bits.TrailingZeros64(o))&1
		}
	}
	brN += uint(n)
	r += p.se - prev - n
	if r > 0 || brN > 0 {
		p.eob++
		if brN > 0 {
			if !p.gather {
				p.be = append(p.be, corrWord{br, brN})
			}
			p.beN += int(brN)
		}
		if p.eob == 0x7FFF || p.beN > maxCorrBits-64+1 {
			p.flushEOB()
		}
	}
}

// zrl writes a run of 16 zeros in a refinement scan: the pending EOB run
// first, then ZRL and the correction bits gathered before it.
func (p *progState) zrl() {
	if p.eob != 0 {
		p.flushEOB()
	}
	p.symbol(0xF0, 0, 0)
	p.corrBits(p.br, p.brN)
	p.br, p.brN = 0, 0
}
