package jpeg

import (
	"fmt"
	"io"
	"slices"

	"github.com/pixview/pixview/codec/codecerr"
)

// Marker codes (JPEG Table B.1).
const (
	mSOF0 = 0xC0
	mSOF1 = 0xC1
	mSOF2 = 0xC2
	mSOF3 = 0xC3
	mDHT  = 0xC4
	mDAC  = 0xCC
	mRST0 = 0xD0
	mRST7 = 0xD7
	mSOI  = 0xD8
	mEOI  = 0xD9
	mSOS  = 0xDA
	mDQT  = 0xDB
	mDNL  = 0xDC
	mDRI  = 0xDD
	mDHP  = 0xDE
	mEXP  = 0xDF
	mAPP0 = 0xE0
	mCOM  = 0xFE
	mTEM  = 0x01
)

// source is the input: a byte slice given whole (r == nil), or a window
// of a reader's bytes that more slides forward.
type source struct {
	r   io.Reader
	buf []byte
	pos int
	err error // the reader's sticky error
}

// sourceBuf is the size of a reader source's window; a marker segment
// (at most 65535 bytes) always fits.
const sourceBuf = 96 << 10

// more makes at least k bytes available at buf[pos:], reading from the
// reader if there is one. It reports false when the input ends first.
// It may move buf's contents: offsets from pos stay valid, slices of buf
// do not.
func (s *source) more(k int) bool {
	if len(s.buf)-s.pos >= k {
		return true
	}
	if s.r == nil || s.err != nil {
		return false
	}
	if s.pos > 0 {
		n := copy(s.buf[:cap(s.buf)], s.buf[s.pos:])
		s.buf, s.pos = s.buf[:n], 0
	}
	if cap(s.buf) < k {
		nb := make([]byte, len(s.buf), max(k, sourceBuf))
		copy(nb, s.buf)
		s.buf = nb
	}
	for zeros := 0; len(s.buf) < k; {
		n, err := s.r.Read(s.buf[len(s.buf):cap(s.buf)])
		s.buf = s.buf[:len(s.buf)+n]
		if err != nil {
			s.err = err
			break
		}
		if n == 0 {
			if zeros++; zeros > 100 {
				s.err = io.ErrNoProgress
				break
			}
		}
	}
	return len(s.buf)-s.pos >= k
}

// readAll reads the rest of the reader into buf, so that buf[pos:] is
// the rest of the input and r is nil.
func (s *source) readAll() error {
	if s.r == nil {
		return nil
	}
	rest := s.buf[s.pos:]
	if s.err == nil {
		more, err := io.ReadAll(s.r)
		if err != nil {
			return fmt.Errorf("jpeg: reading: %w", err)
		}
		rest = append(rest[:len(rest):len(rest)], more...)
	} else if s.err != io.EOF {
		return fmt.Errorf("jpeg: reading: %w", s.err)
	}
	s.buf, s.pos, s.r = rest, 0, nil
	return nil
}

// short returns the error for input that ended too soon: the reader's
// error if it failed, else ErrFormat wrapping io.ErrUnexpectedEOF.
func (s *source) short(what string) error {
	if s.err != nil && s.err != io.EOF {
		return fmt.Errorf("jpeg: reading %s: %w", what, s.err)
	}
	return fmt.Errorf("jpeg: %s truncated: %w (%w)", what, codecerr.ErrFormat, io.ErrUnexpectedEOF)
}

// nextMarker reads a marker: 0xFF, any number of 0xFF fill bytes, and
// the marker code. Like jdmarker.c's next_marker it skips other bytes
// before the 0xFF (libjpeg warns of "extraneous bytes before marker"):
// they belong to no segment and no decoder reads them.
func (s *source) nextMarker() (byte, error) {
	for {
		if !s.more(1) {
			return 0, s.short("marker")
		}
		if s.buf[s.pos] != 0xFF {
			s.pos++
			continue
		}
		// 0xFF, fill bytes, then the code; FF 00 is extraneous data.
		for {
			s.pos++
			if !s.more(1) {
				return 0, s.short("marker")
			}
			if c := s.buf[s.pos]; c != 0xFF {
				s.pos++
				if c != 0 {
					return c, nil
				}
				break
			}
		}
	}
}

// segment reads a marker segment's length and returns its payload, a
// slice of the source's window valid until the next read.
func (s *source) segment(name string) ([]byte, error) {
	if !s.more(2) {
		return nil, s.short(name)
	}
	n := int(s.buf[s.pos])<<8 | int(s.buf[s.pos+1])
	if n < 2 {
		return nil, fmt.Errorf("jpeg: %s length %d: %w", name, n, codecerr.ErrFormat)
	}
	if !s.more(n) {
		return nil, s.short(name)
	}
	p := s.buf[s.pos+2 : s.pos+n : s.pos+n]
	s.pos += n
	return p, nil
}

// reader holds the state of reading one file: the header as far as it
// has been read, the Huffman tables, and the scan in progress.
type reader struct {
	src      source
	br       bitReader
	img      *Image
	maxPix   int
	maxScans int
	scratch  *Scratch // where decodeAll's planes come from; nil allocates them

	frame    bool // SOF seen
	hmax     int  // largest sampling factors, as used for the MCU
	vmax     int
	mcusW    int
	mcusH    int
	huff     [2][4]*huffTable // [0] DC, [1] AC, by table number
	latched  [4]bool          // component's quantization table is in use
	scans    int
	coded    []bool     // sequential: component has been scanned
	coefBits [][64]int8 // progressive: successive-approximation state
	sc       scanHeader
	st       scanState
	eoi      bool
	// dcOnly marks the frame components of which a sequential scan
	// keeps only the DC coefficients (see skipBlock): a pixel decode at
	// 1/8 sets it for those whose scaled block is one sample.
	dcOnly [4]bool
}

// readHeaders processes marker segments up to and including the next SOS
// (returning true) or EOI (returning false).
func (d *reader) readHeaders() (bool, error) {
	for {
		m, err := d.src.nextMarker()
		if err != nil {
			return false, err
		}
		switch {
		case m == mSOI:
			return false, fmt.Errorf("jpeg: second SOI marker: %w", codecerr.ErrFormat)
		case m == mEOI:
			if !d.frame {
				return false, fmt.Errorf("jpeg: EOI before a frame header: %w", codecerr.ErrFormat)
			}
			d.eoi = true
			return false, nil
		case m >= mRST0 && m <= mRST7, m == mTEM:
			// Standalone markers with no payload; jdmarker.c skips
			// stray ones too.
		case m >= mAPP0 && m <= mAPP0+15, m == mCOM:
			p, err := d.src.segment("APPn/COM segment")
			if err != nil {
				return false, err
			}
			d.img.Segments = append(d.img.Segments, Segment{Marker: m, Data: append([]byte(nil), p...)})
		case m == mDQT:
			if err := d.readDQT(); err != nil {
				return false, err
			}
		case m == mDHT:
			if err := d.readDHT(); err != nil {
				return false, err
			}
		case m == mDRI:
			p, err := d.src.segment("DRI segment")
			if err != nil {
				return false, err
			}
			if len(p) != 2 {
				return false, fmt.Errorf("jpeg: DRI length %d: %w", len(p)+2, codecerr.ErrFormat)
			}
			d.img.RestartInterval = int(p[0])<<8 | int(p[1])
		case m == mSOF0, m == mSOF1, m == mSOF2:
			if err := d.readSOF(m); err != nil {
				return false, err
			}
		case m == mSOF3:
			return false, fmt.Errorf("jpeg: lossless JPEG (SOF3): %w", codecerr.ErrUnsupported)
		case m == 0xC5, m == 0xC6, m == 0xC7, m == mDHP, m == mEXP:
			return false, fmt.Errorf("jpeg: hierarchical JPEG (marker %#02x): %w", m, codecerr.ErrUnsupported)
		case m >= 0xC9 && m <= 0xCB, m >= 0xCD && m <= 0xCF:
			return false, fmt.Errorf("jpeg: arithmetic coding (SOF%d): %w", m-0xC0, codecerr.ErrUnsupported)
		case m == mDAC:
			return false, fmt.Errorf("jpeg: arithmetic coding (DAC segment): %w", codecerr.ErrUnsupported)
		case m == 0xF7, m == 0xF8:
			return false, fmt.Errorf("jpeg: JPEG-LS (marker %#02x): %w", m, codecerr.ErrUnsupported)
		case m == mDNL:
			return false, fmt.Errorf("jpeg: DNL marker (height defined after the scan): %w", codecerr.ErrUnsupported)
		case m == mSOS:
			if !d.frame {
				return false, fmt.Errorf("jpeg: SOS before a frame header: %w", codecerr.ErrFormat)
			}
			if err := d.readSOS(); err != nil {
				return false, err
			}
			return true, nil
		default:
			return false, fmt.Errorf("jpeg: unknown marker %#02x: %w", m, codecerr.ErrFormat)
		}
	}
}

func (d *reader) readDQT() error {
	p, err := d.src.segment("DQT segment")
	if err != nil {
		return err
	}
	for len(p) > 0 {
		pq, tq := p[0]>>4, int(p[0]&15)
		p = p[1:]
		if pq > 1 || tq > 3 {
			return fmt.Errorf("jpeg: DQT precision %d table %d: %w", pq, tq, codecerr.ErrFormat)
		}
		size := 64 << pq
		if len(p) < size {
			return fmt.Errorf("jpeg: DQT segment too short: %w", codecerr.ErrFormat)
		}
		var q QuantTable
		for k := range 64 {
			v := uint16(p[k])
			if pq == 1 {
				v = uint16(p[2*k])<<8 | uint16(p[2*k+1])
			}
			q[unzig[k]] = v
		}
		p = p[size:]
		if d.latched[tq] {
			if *d.img.Quant[tq] != q {
				// libjpeg latches each component's table when the
				// component first appears in a scan; a table changed
				// after that cannot be kept in Image.Quant.
				return fmt.Errorf("jpeg: quantization table %d redefined while in use: %w", tq, codecerr.ErrUnsupported)
			}
			continue
		}
		d.img.Quant[tq] = &q
	}
	return nil
}

func (d *reader) readDHT() error {
	p, err := d.src.segment("DHT segment")
	if err != nil {
		return err
	}
	for len(p) > 0 {
		if len(p) < 17 {
			return fmt.Errorf("jpeg: DHT segment too short: %w", codecerr.ErrFormat)
		}
		tc, th := int(p[0]>>4), int(p[0]&15)
		if tc > 1 || th > 3 {
			return fmt.Errorf("jpeg: DHT class %d table %d: %w", tc, th, codecerr.ErrFormat)
		}
		var counts [16]uint8
		total := 0
		for i := range 16 {
			counts[i] = p[1+i]
			total += int(p[1+i])
		}
		p = p[17:]
		if total > 256 || total > len(p) {
			return fmt.Errorf("jpeg: DHT table of %d codes: %w", total, codecerr.ErrFormat)
		}
		t := d.huff[tc][th]
		if t == nil {
			t = new(huffTable)
			d.huff[tc][th] = t
		}
		if err := t.build(&counts, p[:total], tc == 0); err != nil {
			d.huff[tc][th] = nil
			return err
		}
		p = p[total:]
	}
	return nil
}

func (d *reader) readSOF(m byte) error {
	if d.frame {
		return fmt.Errorf("jpeg: second frame header: %w", codecerr.ErrFormat)
	}
	p, err := d.src.segment("SOF segment")
	if err != nil {
		return err
	}
	if len(p) < 6 {
		return fmt.Errorf("jpeg: SOF segment too short: %w", codecerr.ErrFormat)
	}
	if p[0] != 8 {
		return fmt.Errorf("jpeg: %d-bit samples: %w", p[0], codecerr.ErrUnsupported)
	}
	h := int(p[1])<<8 | int(p[2])
	w := int(p[3])<<8 | int(p[4])
	nc := int(p[5])
	if h == 0 {
		return fmt.Errorf("jpeg: height 0 (defined by a DNL marker): %w", codecerr.ErrUnsupported)
	}
	if w == 0 {
		return fmt.Errorf("jpeg: width 0: %w", codecerr.ErrFormat)
	}
	if nc == 0 || len(p) != 6+3*nc {
		return fmt.Errorf("jpeg: SOF segment of %d bytes for %d components: %w", len(p), nc, codecerr.ErrFormat)
	}
	if nc != 1 && nc != 3 && nc != 4 {
		return fmt.Errorf("jpeg: %d components: %w", nc, codecerr.ErrUnsupported)
	}
	m0 := d.img
	m0.Width, m0.Height = w, h
	m0.Process = Process(m - mSOF0)
	m0.Components = make([]Component, nc)
	for i := range nc {
		c := &m0.Components[i]
		c.ID = p[6+3*i]
		c.H, c.V = int(p[7+3*i]>>4), int(p[7+3*i]&15)
		c.Quant = int(p[8+3*i])
		if c.H < 1 || c.H > 4 || c.V < 1 || c.V > 4 || c.Quant > 3 {
			return fmt.Errorf("jpeg: component %d sampling %dx%d table %d: %w", c.ID, c.H, c.V, c.Quant, codecerr.ErrFormat)
		}
		for j := range i {
			if m0.Components[j].ID == c.ID {
				return fmt.Errorf("jpeg: two components with identifier %d: %w", c.ID, codecerr.ErrUnsupported)
			}
		}
	}
	if uint64(w)*uint64(h) > uint64(d.maxPix) {
		return fmt.Errorf("jpeg: %dx%d pixels, over the limit of %d: %w", w, h, d.maxPix, codecerr.ErrTooLarge)
	}
	d.hmax, d.vmax = m0.MaxSampling()
	d.mcusW, d.mcusH = m0.MCUs()
	var coefs int64 // int64: the product overflows a 32-bit int
	for i := range m0.Components {
		c := &m0.Components[i]
		if nc == 1 {
			c.BlocksW, c.BlocksH = d.mcusW, d.mcusH
		} else {
			c.BlocksW, c.BlocksH = d.mcusW*c.H, d.mcusH*c.V
		}
		coefs += 64 * int64(c.BlocksW) * int64(c.BlocksH)
	}
	// Padding to whole iMCUs can multiply a thin image's blocks; hold the
	// coefficients to what four full components at the pixel limit need.
	if coefs > 4*int64(d.maxPix)+(1<<20) {
		return fmt.Errorf("jpeg: %dx%d pixels with sampling needing %d coefficients: %w", w, h, coefs, codecerr.ErrTooLarge)
	}
	d.coded = make([]bool, nc)
	if m0.Process == Progressive {
		d.coefBits = make([][64]int8, nc)
		for i := range d.coefBits {
			for k := range d.coefBits[i] {
				d.coefBits[i][k] = -1
			}
		}
	}
	d.frame = true
	return nil
}

// scanHeader is a parsed SOS segment.
type scanHeader struct {
	n    int    // components in the scan
	comp [4]int // their indexes into Image.Components
	dc   [4]*huffTable
	ac   [4]*huffTable
	ss   int
	se   int
	ah   int
	al   int
}

func (d *reader) readSOS() error {
	p, err := d.src.segment("SOS segment")
	if err != nil {
		return err
	}
	if len(p) < 1 {
		return fmt.Errorf("jpeg: empty SOS segment: %w", codecerr.ErrFormat)
	}
	n := int(p[0])
	if n < 1 || n > 4 || len(p) != 4+2*n {
		return fmt.Errorf("jpeg: SOS segment of %d bytes for %d components: %w", len(p), n, codecerr.ErrFormat)
	}
	d.scans++
	if d.scans > d.maxScans {
		return fmt.Errorf("jpeg: more than %d scans: %w", d.maxScans, codecerr.ErrUnsupported)
	}
	sc := scanHeader{n: n}
	m := d.img
	blocks := 0
	for i := range n {
		id := p[1+2*i]
		ci := -1
		for j := range m.Components {
			if m.Components[j].ID == id {
				ci = j
			}
		}
		if ci < 0 {
			return fmt.Errorf("jpeg: scan names component %d, not in the frame: %w", id, codecerr.ErrFormat)
		}
		// JPEG B.2.3 wants frame order; jdmarker.c only refuses a
		// repeat, and so do we: the MCU follows the scan's order.
		if slices.Contains(sc.comp[:i], ci) {
			return fmt.Errorf("jpeg: component %d twice in a scan: %w", id, codecerr.ErrFormat)
		}
		sc.comp[i] = ci
		td, ta := int(p[2+2*i]>>4), int(p[2+2*i]&15)
		if td > 3 || ta > 3 {
			return fmt.Errorf("jpeg: scan Huffman table selectors %d, %d: %w", td, ta, codecerr.ErrFormat)
		}
		sc.dc[i], sc.ac[i] = d.huff[0][td], d.huff[1][ta]
		c := &m.Components[ci]
		blocks += c.H * c.V
	}
	if n > 1 && blocks > 10 {
		return fmt.Errorf("jpeg: %d blocks in an MCU, over 10: %w", blocks, codecerr.ErrFormat)
	}
	q := p[1+2*n:]
	sc.ss, sc.se, sc.ah, sc.al = int(q[0]), int(q[1]), int(q[2]>>4), int(q[2]&15)
	if m.Process == Progressive {
		if err := d.checkProgression(&sc); err != nil {
			return err
		}
	} else {
		// jdhuff.c only warns about other values (JWRN_NOT_SEQUENTIAL)
		// and decodes the whole block anyway; so do we.
		sc.ss, sc.se, sc.ah, sc.al = 0, 63, 0, 0
		for i := range n {
			if d.coded[sc.comp[i]] {
				return fmt.Errorf("jpeg: component %d in two sequential scans: %w", m.Components[sc.comp[i]].ID, codecerr.ErrFormat)
			}
			d.coded[sc.comp[i]] = true
		}
	}
	for i := range n {
		if sc.ss == 0 && sc.ah == 0 && sc.dc[i] == nil || sc.se > 0 && sc.ac[i] == nil {
			return fmt.Errorf("jpeg: scan uses an undefined Huffman table: %w", codecerr.ErrFormat)
		}
		c := &m.Components[sc.comp[i]]
		if m.Quant[c.Quant] == nil {
			return fmt.Errorf("jpeg: component %d uses undefined quantization table %d: %w", c.ID, c.Quant, codecerr.ErrFormat)
		}
		d.latched[c.Quant] = true
	}
	d.sc = sc
	return nil
}

// checkProgression refuses a progressive scan that JPEG G.1.1.1.1 and
// jdphuff.c forbid, or one that does not follow the scans before it
// (which jdphuff.c only warns about): every coefficient gets one first
// scan and then refinements of one bit each, so no coefficient is in more
// than 14 scans and the work per file is bounded whatever its scan count.
func (d *reader) checkProgression(sc *scanHeader) error {
	bad := false
	if sc.ss == 0 {
		bad = sc.se != 0
	} else {
		bad = sc.se < sc.ss || sc.se > 63 || sc.n != 1
	}
	if sc.ah != 0 && sc.al != sc.ah-1 || sc.al > 13 {
		bad = true
	}
	if bad {
		return fmt.Errorf("jpeg: bad progressive scan Ss=%d Se=%d Ah=%d Al=%d: %w", sc.ss, sc.se, sc.ah, sc.al, codecerr.ErrFormat)
	}
	for i := range sc.n {
		bits := &d.coefBits[sc.comp[i]]
		if sc.ss > 0 && bits[0] < 0 {
			return fmt.Errorf("jpeg: AC scan before the DC scan: %w", codecerr.ErrFormat)
		}
		for k := sc.ss; k <= sc.se; k++ {
			want := int(bits[k])
			if sc.ah == 0 {
				if want >= 0 {
					return fmt.Errorf("jpeg: coefficient %d coded twice: %w", k, codecerr.ErrFormat)
				}
			} else if want != sc.ah {
				return fmt.Errorf("jpeg: refinement scan out of order: %w", codecerr.ErrFormat)
			}
			bits[k] = int8(sc.al)
		}
	}
	return nil
}

// unzig maps zigzag order (as in DQT segments and scans) to natural order.
var unzig = [64]uint8{
	0, 1, 8, 16, 9, 2, 3, 10,
	17, 24, 32, 25, 18, 11, 4, 5,
	12, 19, 26, 33, 40, 48, 41, 34,
	27, 20, 13, 6, 7, 14, 21, 28,
	35, 42, 49, 56, 57, 50, 43, 36,
	29, 22, 15, 23, 30, 37, 44, 51,
	58, 59, 52, 45, 38, 31, 39, 46,
	53, 60, 61, 54, 47, 55, 62, 63,
}
