package jpeg

import "math/bits"

// maxCorrBits bounds the correction bits an AC refinement scan holds back
// while an EOB run grows, as libjpeg's MAX_CORR_BITS does; the run is
// ended before one more block could overflow it.
const maxCorrBits = 1000

// progState is the entropy coder of one progressive scan (T.81 G.1.2),
// counting symbols when st is set and writing them otherwise.
type progState struct {
	e     *encoder
	st    *scanStats
	s     *scan
	eob   int    // EOBRUN: blocks of the current run of end-of-bands
	be    []byte // correction bits held back with the EOB run (refinement)
	br    []byte // correction bits of the current block (refinement)
	acF   *[256]int64
	ac    *huffCode
	nbits int64
	bad   int32 // an out-of-range magnitude, 0 when none was met
}

// symbol counts or writes one Huffman symbol and its extra bits x of
// length n.
func (p *progState) symbol(f *[256]int64, h *huffCode, sym int, x uint32, n uint) {
	if p.st != nil {
		f[sym&255]++
		p.nbits += int64(n)
		return
	}
	p.e.out.put(uint32(h.code[sym&255])<<n|x, uint(h.size[sym&255])+n)
}

// corrBits writes held-back correction bits.
func (p *progState) corrBits(b []byte) {
	if p.st != nil {
		p.nbits += int64(len(b))
		return
	}
	for _, v := range b {
		p.e.out.put(uint32(v), 1)
	}
}

// flushEOB writes the pending EOB run (symbol EOBn and its low bits) and
// the correction bits that belong to it.
func (p *progState) flushEOB() {
	if p.eob == 0 {
		return
	}
	n := uint(bits.Len(uint(p.eob)) - 1)
	p.symbol(p.acF, p.ac, int(n<<4), uint32(p.eob)&(1<<n-1), n)
	p.eob = 0
	p.corrBits(p.be)
	p.be = p.be[:0]
}

// progScan runs a progressive scan of w x h MCUs with restart interval
// ri: with st it counts symbols, with codes it writes the data.
func (e *encoder) progScan(s *scan, w, h, ri int, st *scanStats, codes *scanCodes) error {
	sc := e.scanComps(s, st, codes)
	p := &progState{e: e, st: st, s: s}
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
				p.flushEOB()
				p.be = p.be[:0]
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
					row := c.blocks[(my*c.v+v)*c.stride+mx*c.h:]
					for u := range c.h {
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
							p.symbol(c.dcF, c.dc, int(n), x, n)
						case s.ss == 0:
							p.corrBits([]byte{byte(b[0]>>s.al) & 1})
						case s.ah == 0:
							p.acFirst(b)
						default:
							p.acRefine(b)
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
// gathered into EOB runs.
func (p *progState) acFirst(b *Block) {
	s := p.s
	r := 0
	for k := s.ss; k <= s.se; k++ {
		v := int32(b[zigzag[k&63]&63])
		m := v >> 31
		full := (v ^ m) - m
		a := full >> s.al
		if a == 0 {
			r++
			continue
		}
		if full >= 1024 {
			p.bad = full
		}
		p.flushEOB()
		for r > 15 {
			p.symbol(p.acF, p.ac, 0xF0, 0, 0)
			r -= 16
		}
		n := uint(bits.Len32(uint32(a)))
		// The extra bits are the magnitude, or its ones' complement when
		// negative.
		x := uint32(a^m) & (1<<n - 1)
		p.symbol(p.acF, p.ac, int(r<<4)|int(n), x, n)
		r = 0
	}
	if r > 0 {
		p.eob++
		if p.eob == 0x7FFF {
			p.flushEOB()
		}
	}
}

// acRefine codes the band Ss..Se of b in an AC refinement scan (G.1.2.3):
// a correction bit (bit Al of the magnitude) for every coefficient that
// was already nonzero, and a run/size-1 symbol with a sign bit for every
// one that becomes nonzero. Correction bits wait for the next symbol, and
// ride along with the EOB run when the block ends in one.
func (p *progState) acRefine(b *Block) {
	s := p.s
	var abs [64]int32
	eob := 0 // the last coefficient that becomes nonzero in this scan
	for k := s.ss; k <= s.se; k++ {
		v := int32(b[zigzag[k&63]&63])
		m := v >> 31
		a := ((v ^ m) - m) >> s.al
		abs[k&63] = a
		if a == 1 {
			eob = k
		}
	}
	r := 0
	p.br = p.br[:0]
	for k := s.ss; k <= s.se; k++ {
		a := abs[k&63]
		if a == 0 {
			r++
			continue
		}
		// Runs of 16 zeros are written only before a coefficient that
		// becomes nonzero; after the last one they fold into the EOB.
		for r > 15 && k <= eob {
			p.flushEOB()
			p.symbol(p.acF, p.ac, 0xF0, 0, 0)
			r -= 16
			p.corrBits(p.br)
			p.br = p.br[:0]
		}
		if a > 1 {
			p.br = append(p.br, byte(a&1))
			continue
		}
		p.flushEOB()
		sign := uint32(1)
		if b[zigzag[k&63]&63] < 0 {
			sign = 0
		}
		p.symbol(p.acF, p.ac, r<<4|1, sign, 1)
		p.corrBits(p.br)
		p.br = p.br[:0]
		r = 0
	}
	if r > 0 || len(p.br) > 0 {
		p.eob++
		p.be = append(p.be, p.br...)
		if p.eob == 0x7FFF || len(p.be) > maxCorrBits-64+1 {
			p.flushEOB()
		}
	}
}
