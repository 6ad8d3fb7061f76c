package jpeg

import "math/bits"

// The pixel encoder's sequential path. Optimized Huffman tables need the
// statistics of the whole scan before its first code is written, so the
// coefficients must be kept until then; libjpeg keeps every block (128
// bytes). Here each iMCU row's blocks are made in a small buffer that
// stays in cache, and what the scan will code is kept compactly: per
// block its DC, the zigzag mask of its nonzero AC coefficients and those
// coefficients alone (at q90 a photo's block has about ten), with the AC
// symbol statistics counted in the same pass. Memory the picture's size
// is touched once, at a fifth of the blocks' size, and the writing pass
// reads it sequentially.

// storeChunk is the number of AC values in one chunk of a coefStore:
// 128 KiB, so that growing never copies what is stored.
const storeChunk = 1 << 16

// coefStore holds one band of iMCU rows of a sequential scan's blocks, in
// scan order, with their AC statistics.
type coefStore struct {
	masks  []uint64  // each block's nonzero AC coefficients, bit k for zigzag position k
	dc     []int16   // each block's DC coefficient
	chunks [][]int16 // the nonzero AC values in zigzag order, block after block; a block's are never split across chunks
	acF    [2][256]int64
	acOr   int32 // every AC magnitude ORed, to check the range once
	acBits int64 // the extra bits the AC values take
}

// add appends block b, whose AC symbols table tbl will code.
func (s *coefStore) add(b *Block, tbl int) {
	mask := nonzero(b) &^ 1
	s.masks = append(s.masks, mask)
	s.dc = append(s.dc, b[0])
	acF := &s.acF[tbl&1]
	if mask == 0 {
		acF[0]++ // EOB
		return
	}
	n := bits.OnesCount64(mask)
	k := len(s.chunks) - 1
	if k < 0 || len(s.chunks[k])+n > cap(s.chunks[k]) {
		s.chunks = append(s.chunks, make([]int16, 0, storeChunk))
		k++
	}
	cur := s.chunks[k]
	vals := cur[len(cur) : len(cur)+n]
	s.chunks[k] = cur[:len(cur)+n]
	var or int32
	var extra int64
	last, j := 0, 0
	for mask != 0 {
		z := bits.TrailingZeros64(mask)
		mask &= mask - 1
		r := z - last - 1
		last = z
		for r >= 16 {
			acF[0xF0]++
			r -= 16
		}
		v := b[zigzag[z&63]&63]
		vals[j] = v
		j++
		a := int32(v)
		m := a >> 31
		a = (a ^ m) - m
		or |= a
		nb := bits.Len32(uint32(a))
		acF[(r<<4|nb)&255]++
		extra += int64(nb)
	}
	if last != 63 {
		acF[0]++
	}
	s.acOr |= or
	s.acBits += extra
}

// seqCompact encodes m's pixels from p as one interleaved sequential scan
// through coefStores, one per band of p.workers(), and appends the file
// to e.out. e is ready for appendHeaders (m has no blocks).
func seqCompact(e *encoder, p *encPlan) error {
	n := p.workers()
	stores := make([]*coefStore, n)
	tbl := e.tbl
	p.parallel(func(band, y0, y1 int) {
		s := new(coefStore)
		rw := p.newRowWork()
		blk := p.rowBlocks()
		for iy := y0; iy < y1; iy++ {
			k := p.convertIMCU(rw, p.v, iy, iy*p.rowsPer)
			p.finishIMCU(rw, iy, k, blk)
			p.compactIMCU(s, blk, &tbl)
		}
		stores[band] = s
	})
	return e.writeCompact(stores)
}

// rowBlocks allocates a block buffer for one iMCU row of each component.
func (p *encPlan) rowBlocks() [][]Block {
	blk := make([][]Block, len(p.comps))
	for c := range p.comps {
		pc := &p.comps[c]
		blk[c] = make([]Block, pc.mcuH*pc.c.BlocksW)
	}
	return blk
}

// compactIMCU adds one iMCU row's blocks, blk[c] for component c, to s in
// the order of an interleaved scan (one row of blocks for gray); tbl
// gives each component's Huffman table.
func (p *encPlan) compactIMCU(s *coefStore, blk [][]Block, tbl *[4]int) {
	for mx := range p.mcusW {
		for c := range p.comps {
			pc := &p.comps[c]
			t := tbl[c&3]
			for v := range pc.mcuH {
				row := blk[c][v*pc.c.BlocksW+mx*pc.mcuW:]
				for u := range pc.mcuW {
					s.add(&row[u], t)
				}
			}
		}
	}
}

// writeCompact writes the headers, the one scan of every component from
// stores (the bands in order), and the trailer.
func (e *encoder) writeCompact(stores []*coefStore) error {
	m := e.m
	all := e.allComps()
	sc := scan{comps: all, se: 63}
	w, h := e.scanGeometry(&sc)
	ri := e.restartFor(w)
	// The components of an MCU's blocks, in order.
	var seq []int
	for c := range m.Components {
		if len(m.Components) == 1 {
			seq = append(seq, c)
			break
		}
		for range m.Components[c].H * m.Components[c].V {
			seq = append(seq, c)
		}
	}
	var st scanStats
	var acOr int32
	for _, c := range all {
		t := e.tbl[c]
		st.used[0][t], st.used[1][t] = true, true
	}
	for _, s := range stores {
		for t := range 2 {
			for k, f := range s.acF[t] {
				st.freq[1][t][k] += f
			}
		}
		acOr |= s.acOr
		st.bits += s.acBits
	}
	if acOr >= 1024 {
		return errFormat("an AC coefficient of magnitude %d or more is beyond the range of 8-bit JPEG", 1<<(bits.Len32(uint32(acOr))-1))
	}
	// DC statistics: the differences depend on the restart intervals and
	// cross the bands, so they are counted here, in scan order.
	var pred [4]int32
	mcu := 0
	for _, s := range stores {
		for bi := 0; bi < len(s.dc); {
			if ri > 0 && mcu == ri {
				mcu = 0
				pred = [4]int32{}
			}
			mcu++
			for _, c := range seq {
				d := int32(s.dc[bi]) - pred[c&3]
				pred[c&3] = int32(s.dc[bi])
				bi++
				nb, _ := magnitude(d)
				if nb > 11 {
					return errFormat("component %d: a DC difference needs %d bits, beyond the 11 of 8-bit JPEG", c, nb)
				}
				st.freq[0][e.tbl[c&3]&1][nb]++
				st.bits += int64(nb)
			}
		}
	}

	e.appendHeaders()
	codes := e.appendScanHeader(&sc, &st, w, h, ri)
	var dcT, acT [4]*huffCode
	for c := range m.Components {
		dcT[c&3], acT[c&3] = codes.h[0][e.tbl[c]&1], codes.h[1][e.tbl[c]&1]
	}
	pred = [4]int32{}
	mcu, rst := 0, 0
	for _, s := range stores {
		ci, pos := 0, 0
		var cur []int16
		if len(s.chunks) > 0 {
			cur = s.chunks[0]
		}
		for bi := 0; bi < len(s.dc); {
			if ri > 0 && mcu == ri {
				mcu = 0
				pred = [4]int32{}
				e.restart(rst)
				rst++
			}
			mcu++
			for _, c := range seq {
				c &= 3
				mask := s.masks[bi]
				dc := int32(s.dc[bi])
				bi++
				n := bits.OnesCount64(mask)
				if pos+n > len(cur) {
					ci++
					cur, pos = s.chunks[ci], 0
				}
				e.out.encodeCompact(mask, dc-pred[c], cur[pos:pos+n], dcT[c], acT[c])
				pos += n
				pred[c] = dc
			}
		}
	}
	e.out.flush()
	e.appendTrailer()
	return nil
}

// encodeCompact writes one block: the DC difference diff, then the AC
// values vals at the zigzag positions mask marks, with tables dc and ac.
func (w *bitWriter) encodeCompact(mask uint64, diff int32, vals []int16, dc, ac *huffCode) {
	acc, n, buf := w.acc, w.n, w.buf
	nb, x := magnitude(diff)
	t := dc.packed[nb&255]
	l := uint(t&31) + nb
	acc = acc<<l | uint64(t>>8<<nb|x)
	n += l
	if n >= 32 {
		n -= 32
		buf = appendWord(buf, uint32(acc>>n))
	}
	last := 0
	for j := range vals {
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
		nb, x := magnitude(int32(vals[j]))
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

// compactable reports whether the sequential compact path writes m: one
// interleaved scan (an MCU of at most 10 blocks) that is not progressive.
func (e *encoder) compactable() bool {
	return !e.progressive && e.mcuBlocks(e.allComps()) <= 10
}

// pixelEncoder returns the encoder of m's header, built by frame without
// blocks, as Encode would set it up for opts' restart rows.
func pixelEncoder(m *Image, o *PixelEncodeOptions, dst []byte) *encoder {
	e := &encoder{m: m, opts: EncodeOptions{RestartRows: o.RestartRows}}
	e.hmax, e.vmax = m.MaxSampling()
	e.mcusW, e.mcusH = m.MCUs()
	e.progressive = o.Progressive
	e.assignTables()
	e.out.buf = dst
	return e
}
