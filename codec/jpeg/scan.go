package jpeg

import (
	"fmt"
	"math"

	"github.com/pixview/pixview/codec/codecerr"
)

// scanState is the entropy decoder's state within a scan.
type scanState struct {
	rows    int      // MCU rows in the scan (block rows when not interleaved)
	cols    int      // MCUs per row (blocks when not interleaved)
	row     int      // next row to decode
	pred    [4]int32 // DC predictions of the scan's components
	eobrun  int      // progressive AC: blocks left in an end-of-band run
	rstLeft int      // MCUs before the next restart marker
	rstNext int      // number of the next RSTn marker, 0-7
}

// startScan sets up decoding of the scan whose header was just read.
func (d *reader) startScan() {
	sc := &d.sc
	m := d.img
	st := &d.st
	*st = scanState{rstLeft: m.RestartInterval}
	if sc.n == 1 {
		c := &m.Components[sc.comp[0]]
		hmax, vmax := d.hmax, d.vmax
		if len(m.Components) == 1 {
			hmax, vmax = c.H, c.V
		}
		st.cols, st.rows = c.CodedBlocks(m.Width, m.Height, hmax, vmax)
	} else {
		st.cols, st.rows = d.mcusW, d.mcusH
	}
	d.br.reset()
}

// scanRow decodes the next row of the current scan. dst[i] holds the
// blocks of the scan's i-th component from the row's first block row on,
// stride[i] blocks per block row.
func (d *reader) scanRow(dst *[4][]Block, stride *[4]int) error {
	sc := &d.sc
	st := &d.st
	m := d.img
	br := &d.br
	ri := m.RestartInterval
	kind := sc.kind(m.Process)
	if kind == kindSeq {
		return d.seqRow(dst, stride)
	}
	for mx := range st.cols {
		if ri > 0 {
			if st.rstLeft == 0 {
				if err := d.restart(); err != nil {
					return err
				}
			}
			st.rstLeft--
		}
		if sc.n == 1 {
			if err := d.block(kind, 0, &dst[0][mx]); err != nil {
				return err
			}
			continue
		}
		for i := range sc.n {
			c := &m.Components[sc.comp[i]]
			row := dst[i]
			for v := range c.V {
				base := v*stride[i] + mx*c.H
				for h := range c.H {
					if err := d.block(kind, i, &row[base+h]); err != nil {
						return err
					}
				}
			}
		}
	}
	st.row++
	return br.overrun()
}

// seqRow is scanRow for a sequential scan: the blocks go straight to
// decodeBlock, or to skipBlock for a component marked dcOnly. The MCU's
// blocks are laid out once as a flat list, so that each block costs one
// turn of one loop.
func (d *reader) seqRow(dst *[4][]Block, stride *[4]int) error {
	sc := &d.sc
	st := &d.st
	m := d.img
	ri := m.RestartInterval
	var h [4]int
	var comp, off [maxMCUBlocks]int // component, and offset from its MCU's first block
	var skip [maxMCUBlocks]bool
	var dcs, acs [maxMCUBlocks]*huffTable
	nb := 0
	for i := range sc.n {
		c := &m.Components[sc.comp[i]]
		hi, vi := c.H, c.V
		if sc.n == 1 {
			hi, vi = 1, 1
		}
		h[i] = hi
		for y := range vi {
			for x := range hi {
				if nb == maxMCUBlocks { // the scan header refuses more
					return fmt.Errorf("jpeg: over %d blocks in an MCU: %w", maxMCUBlocks, codecerr.ErrFormat)
				}
				comp[nb], off[nb] = i, y*stride[i]+x
				skip[nb] = d.dcOnly[sc.comp[i]]
				dcs[nb], acs[nb] = sc.dc[i], sc.ac[i]
				nb++
			}
		}
	}
	for mx := range st.cols {
		if ri > 0 {
			if st.rstLeft == 0 {
				if err := d.restart(); err != nil {
					return err
				}
			}
			st.rstLeft--
		}
		for j := range nb {
			i := comp[j] & 3
			b := &dst[i][mx*h[i]+off[j]]
			var err error
			if skip[j] {
				err = skipBlock(&d.br, b, dcs[j], acs[j], &st.pred[i])
			} else {
				err = decodeBlock(&d.br, b, dcs[j], acs[j], &st.pred[i])
			}
			if err != nil {
				return err
			}
		}
	}
	st.row++
	return d.br.overrun()
}

// maxMCUBlocks is the most blocks an interleaved MCU may have (JPEG
// B.2.3); the scan header's reader refuses more.
const maxMCUBlocks = 10

// Kinds of scan, each with its own block decoder.
const (
	kindSeq = iota
	kindDCFirst
	kindDCRefine
	kindACFirst
	kindACRefine
)

func (sc *scanHeader) kind(p Process) int {
	switch {
	case p != Progressive:
		return kindSeq
	case sc.ss == 0 && sc.ah == 0:
		return kindDCFirst
	case sc.ss == 0:
		return kindDCRefine
	case sc.ah == 0:
		return kindACFirst
	}
	return kindACRefine
}

// block decodes one block of the scan's i-th component.
func (d *reader) block(kind, i int, b *Block) error {
	switch kind {
	case kindSeq:
		return decodeBlock(&d.br, b, d.sc.dc[i], d.sc.ac[i], &d.st.pred[i])
	case kindDCFirst:
		return d.dcFirst(i, b)
	case kindDCRefine:
		if d.br.bit() {
			b[0] |= 1 << d.sc.al
		}
		return nil
	case kindACFirst:
		return d.acFirst(b)
	}
	return d.acRefine(b)
}

var (
	errDCRange = fmt.Errorf("jpeg: DC coefficient out of range: %w", codecerr.ErrFormat)
	errACRange = fmt.Errorf("jpeg: AC coefficient out of range: %w", codecerr.ErrFormat)
	errRun     = fmt.Errorf("jpeg: run of zeros past the end of a block: %w", codecerr.ErrFormat)
)

// decodeBlock decodes one block of a sequential scan (JPEG F.2.2) into b,
// which must be zero (a fresh plane, or a row the Decoder cleared), with
// the bit reader's state in locals: this is the loop that sets the
// reader's speed. Nearly every code and its extra bits are one lookup in
// the table's fast entries, taken in an inner loop that holds no call
// (so the compiler keeps k, acc and n in registers) for as long as the
// accumulator holds fastBits bits; the other codes, and refills, are in
// the outer loop, which refills to at least 32 bits, as many as the
// longest code (16) and its extra bits (15) need. Shift counts are masked
// to 63 (they are at most 31) so that the compiler emits plain shifts.
func decodeBlock(br *bitReader, b *Block, dc, ac *huffTable, pred *int32) error {
	acc, n, err := decodeDC(br, dc, pred)
	if err != nil {
		return err
	}
	b[0] = int16(*pred)
	fast := &ac.fast
	for k := 1; k < 64; {
		if n < 32 {
			br.acc, br.n = acc, n
			br.refill()
			acc, n = br.acc, br.n
		}
		f := fast[acc>>(64-fastBits)]
		if f == 0 {
			var rs int
			if acc, n, rs = slowAC(br, ac, acc, n); rs < 0 {
				return errBadCode
			}
			r, s := rs>>4, rs&15
			if s == 0 {
				if r != 15 {
					break // EOB
				}
				k += 16 // ZRL: sixteen zeros
				continue
			}
			k += r
			if k > 63 {
				return errRun
			}
			v := int32(acc >> ((64 - uint(s)) & 63))
			acc <<= uint(s) & 63
			n -= s
			b[unzig[k&63]&63] = int16(extend(v, s))
			k++
			continue
		}
		for {
			l := uint(f) & 0xFF
			acc <<= l & 63
			n -= int(l)
			k += int(f >> 8 & 0xFF)
			if k > 63 {
				if f>>16 == 0 {
					k = 64 // EOB, or ZRL up to the end
					break
				}
				return errRun
			}
			b[unzig[k&63]&63] = int16(f >> 16) // masks: no bounds checks
			k++
			if k > 63 || n < fastBits {
				break
			}
			if f = fast[acc>>(64-fastBits)]; f == 0 {
				break
			}
		}
	}
	br.acc, br.n = acc, n
	return nil
}

// skipBlock decodes one block of a sequential scan as decodeBlock does,
// checking it as strictly, but keeps only its DC coefficient (in b[0];
// the rest of b is left as it is): at 1/8 scale a component whose block
// becomes one sample needs no more, but every code must still be read to
// find the next block. libjpeg-turbo's decode_mcu skips them likewise
// when a component's scaled block is 1x1.
func skipBlock(br *bitReader, b *Block, dc, ac *huffTable, pred *int32) error {
	acc, n, err := decodeDC(br, dc, pred)
	if err != nil {
		return err
	}
	b[0] = int16(*pred)
	fast := &ac.fast
	skip := ac.skipTable()
	for k := 1; k < 64; {
		if n < 32 {
			br.acc, br.n = acc, n
			br.refill()
			acc, n = br.acc, br.n
		}
		// Several codes at once while they stay within the block (an
		// end of block only when read before position 64), else one
		// at a time below, which checks them as decodeBlock does.
		for n >= skipBits {
			e := skip[acc>>(64-skipBits)]
			nk := k + int(e>>4&0x7F)
			if e == 0 || nk > 64-int(e>>11) {
				break
			}
			l := uint(e & 15)
			acc <<= l
			n -= int(l)
			k = nk
			if e&skipEOB != 0 {
				k = 64
			}
			if k == 64 {
				break
			}
		}
		if k == 64 {
			break
		}
		if n < 32 {
			br.acc, br.n = acc, n
			br.refill()
			acc, n = br.acc, br.n
		}
		f := fast[acc>>(64-fastBits)]
		if f == 0 {
			var rs int
			if acc, n, rs = slowAC(br, ac, acc, n); rs < 0 {
				return errBadCode
			}
			r, s := rs>>4, rs&15
			if s == 0 {
				if r != 15 {
					break // EOB
				}
				k += 16 // ZRL: sixteen zeros
				continue
			}
			k += r
			if k > 63 {
				return errRun
			}
			acc <<= uint(s) & 63
			n -= s
			k++
			continue
		}
		for {
			l := uint(f) & 0xFF
			acc <<= l & 63
			n -= int(l)
			k += int(f >> 8 & 0xFF)
			if k > 63 {
				if f>>16 == 0 {
					k = 64 // EOB, or ZRL up to the end
					break
				}
				return errRun
			}
			k++
			if k > 63 || n < fastBits {
				break
			}
			if f = fast[acc>>(64-fastBits)]; f == 0 {
				break
			}
		}
	}
	br.acc, br.n = acc, n
	return nil
}

// decodeDC decodes a block's DC difference into *pred, refilling first,
// and returns the accumulator and its bit count for the AC codes.
func decodeDC(br *bitReader, dc *huffTable, pred *int32) (uint64, int, error) {
	if br.n < 32 {
		br.refill()
	}
	acc, n := br.acc, br.n
	dcv := *pred
	if f := dc.fast[acc>>(64-fastBits)]; f != 0 {
		l := uint(f) & 0xFF
		acc <<= l & 63
		n -= int(l)
		dcv += int32(f) >> 16
	} else {
		var s int
		if acc, n, s = slowAC(br, dc, acc, n); s < 0 {
			return acc, n, errBadCode
		}
		if s != 0 {
			v := int32(acc >> ((64 - uint(s)) & 63))
			acc <<= uint(s) & 63
			n -= s
			dcv += extend(v, s)
		}
	}
	if dcv < math.MinInt16 || dcv > math.MaxInt16 {
		return acc, n, errDCRange
	}
	*pred = dcv
	return acc, n, nil
}

// slowAC decodes a code that has no fast entry (its extra bits do not fit
// in fastBits, or it is longer) from acc, which holds n >= 16 bits,
// returning the symbol, or -1 for a code the table does not have.
func slowAC(br *bitReader, t *huffTable, acc uint64, n int) (uint64, int, int) {
	if v := t.lut[acc>>(64-lutBits)]; v != 0 {
		l := uint(v >> 8)
		return acc << (l & 63), n - int(l), int(v & 0xFF)
	}
	br.acc, br.n = acc, n
	rs := br.decodeSlow(t)
	return br.acc, br.n, rs
}

// dcFirst decodes the DC coefficient's first bits in a progressive scan
// (JPEG G.1.2.1).
func (d *reader) dcFirst(i int, b *Block) error {
	br := &d.br
	if br.n < 32 {
		br.refill()
	}
	var s int
	if v := d.sc.dc[i].lut[br.acc>>(64-lutBits)]; v != 0 { // decode, inlined
		l := int(v >> 8)
		br.acc <<= l
		br.n -= l
		s = int(v & 0xFF)
	} else if s = br.decodeSlow(d.sc.dc[i]); s < 0 {
		return errBadCode
	}
	dcv := d.st.pred[i]
	if s != 0 {
		dcv += extend(br.bits(s), s)
	}
	d.st.pred[i] = dcv
	v := dcv << d.sc.al
	if v>>d.sc.al != dcv || v < math.MinInt16 || v > math.MaxInt16 {
		return errDCRange
	}
	b[0] = int16(v)
	return nil
}

// acFirst decodes the first bits of a band of AC coefficients in a
// progressive scan (JPEG G.1.2.2), with end-of-band runs.
func (d *reader) acFirst(b *Block) error {
	st := &d.st
	if st.eobrun > 0 {
		st.eobrun--
		return nil
	}
	br := &d.br
	ac := d.sc.ac[0]
	al := d.sc.al
	for k := d.sc.ss; k <= d.sc.se; k++ {
		if br.n < 32 {
			br.refill()
		}
		var rs int
		if v := ac.lut[br.acc>>(64-lutBits)]; v != 0 { // decode, inlined
			l := int(v >> 8)
			br.acc <<= l
			br.n -= l
			rs = int(v & 0xFF)
		} else if rs = br.decodeSlow(ac); rs < 0 {
			return errBadCode
		}
		r, s := rs>>4, rs&15
		if s == 0 {
			if r < 15 {
				st.eobrun = 1<<r - 1
				if r > 0 {
					st.eobrun += int(br.bits(r))
				}
				break
			}
			k += 15
			continue
		}
		k += r
		if k > d.sc.se {
			return errRun
		}
		v := extend(br.bits(s), s) << al
		if v < math.MinInt16 || v > math.MaxInt16 {
			return errACRange
		}
		b[unzig[k]] = int16(v)
	}
	return nil
}

// acRefine decodes one more bit of a band of AC coefficients (JPEG
// G.1.2.3): a correction bit for each coefficient already nonzero, and
// new coefficients of magnitude 1 among the zeros.
func (d *reader) acRefine(b *Block) error {
	st := &d.st
	br := &d.br
	ac := d.sc.ac[0]
	se := d.sc.se
	p1 := int32(1) << d.sc.al
	k := d.sc.ss
	if st.eobrun == 0 {
		for ; k <= se; k++ {
			if br.n < 32 {
				br.refill()
			}
			var rs int
			if v := ac.lut[br.acc>>(64-lutBits)]; v != 0 { // decode, inlined
				l := int(v >> 8)
				br.acc <<= l
				br.n -= l
				rs = int(v & 0xFF)
			} else if rs = br.decodeSlow(ac); rs < 0 {
				return errBadCode
			}
			r, s := rs>>4, rs&15
			var nv int32
			if s != 0 {
				if s != 1 {
					return fmt.Errorf("jpeg: refinement coefficient of size %d: %w", s, codecerr.ErrFormat)
				}
				nv = -p1
				if br.bit() {
					nv = p1
				}
			} else if r != 15 {
				st.eobrun = 1 << r
				if r > 0 {
					st.eobrun += int(br.bits(r))
				}
				break
			}
			// Skip r zero coefficients, refining the nonzero ones
			// met on the way, then place the new one.
			for ; k <= se; k++ {
				z := unzig[k&63] & 63
				if b[z] != 0 {
					if err := refine(br, &b[z], p1); err != nil {
						return err
					}
				} else {
					if r == 0 {
						break
					}
					r--
				}
			}
			if nv != 0 {
				if k > se {
					return errRun
				}
				b[unzig[k&63]&63] = int16(nv)
			}
		}
	}
	if st.eobrun > 0 {
		// In an end-of-band run: only correction bits, for the
		// nonzero coefficients. Most blocks of a refinement scan are
		// here, so the bit reader's state is kept in locals.
		acc, n := br.acc, br.n
		for ; k <= se; k++ {
			z := unzig[k&63] & 63
			c := int32(b[z])
			if c == 0 {
				continue
			}
			if n < 1 {
				br.acc, br.n = acc, n
				br.refill()
				acc, n = br.acc, br.n
			}
			bit := acc >> 63
			acc <<= 1
			n--
			if bit == 0 || c&p1 != 0 {
				continue
			}
			if c >= 0 {
				c += p1
			} else {
				c -= p1
			}
			if c < math.MinInt16 || c > math.MaxInt16 {
				return errACRange
			}
			b[z] = int16(c)
		}
		br.acc, br.n = acc, n
		st.eobrun--
	}
	return nil
}

// refine applies a correction bit to a nonzero coefficient.
func refine(br *bitReader, c *int16, p1 int32) error {
	if !br.bit() {
		return nil
	}
	v := int32(*c)
	if v&p1 != 0 {
		return nil
	}
	if v >= 0 {
		v += p1
	} else {
		v -= p1
	}
	if v < math.MinInt16 || v > math.MaxInt16 {
		return errACRange
	}
	*c = int16(v)
	return nil
}

// restart ends a restart interval: the rest of the bits are padding, and
// the next marker must be the expected RSTn.
func (d *reader) restart() error {
	if err := d.br.overrun(); err != nil {
		return err
	}
	if err := d.skipToMarker(); err != nil {
		return err
	}
	m, err := d.src.nextMarker()
	if err != nil {
		return err
	}
	if m != byte(mRST0+d.st.rstNext) {
		return fmt.Errorf("jpeg: marker %#02x where RST%d should be: %w", m, d.st.rstNext, codecerr.ErrFormat)
	}
	d.st.rstNext = (d.st.rstNext + 1) & 7
	d.st.rstLeft = d.img.RestartInterval
	d.st.pred = [4]int32{}
	d.st.eobrun = 0
	d.br.reset()
	return nil
}

// skipToMarker drops the bits left in the reader and any bytes before the
// next marker: jdmarker.c's next_marker skips such extraneous bytes with a
// warning; the decoder never used them.
func (d *reader) skipToMarker() error {
	d.br.reset()
	s := &d.src
	for {
		if !s.more(2) {
			return s.short("entropy-coded data")
		}
		if s.buf[s.pos] == 0xFF && s.buf[s.pos+1] != 0 && s.buf[s.pos+1] != 0xFF {
			return nil
		}
		if s.buf[s.pos] == 0xFF && s.buf[s.pos+1] == 0xFF {
			// Fill bytes: nextMarker skips them; but FF FF 00 is
			// a stuffed FF, which is data.
			q := 1
			for s.more(q+1) && s.buf[s.pos+q] == 0xFF {
				q++
			}
			if s.more(q+1) && s.buf[s.pos+q] != 0 {
				return nil
			}
		}
		s.pos++
	}
}

// finishScan checks the scan's data was all there and moves to the marker
// after it.
func (d *reader) finishScan() error {
	if err := d.br.overrun(); err != nil {
		return err
	}
	return d.skipToMarker()
}
