package jpeg

import (
	"bytes"
	"fmt"
	"io"
	"slices"

	"github.com/pixview/pixview/codec/codecerr"
)

// Coding selects the coding process [Encode] writes.
type Coding uint8

const (
	// CodingAsImage writes the process the Image names: progressive stays
	// progressive, baseline and extended stay sequential.
	CodingAsImage Coding = iota
	// CodingSequential writes one sequential (SOF0 or SOF1) scan.
	CodingSequential
	// CodingProgressive writes a progressive (SOF2) file with libjpeg's
	// default scan script.
	CodingProgressive
)

// EncodeOptions are the choices of [Encode]. The zero value, like a nil
// *EncodeOptions, keeps the Image's process and restart interval.
type EncodeOptions struct {
	// Coding selects sequential or progressive output.
	Coding Coding
	// RestartInterval is the number of MCUs between restart markers: 0
	// keeps Image.RestartInterval, a negative value writes none.
	RestartInterval int
	// RestartRows, when above 0, puts a restart marker after every
	// RestartRows rows of MCUs of each scan, as cjpeg's -restart N does,
	// in place of RestartInterval.
	RestartRows int
}

// Encode writes m to w as a JPEG file: SOI, m's segments verbatim in
// their order, the quantization tables m defines, the frame header,
// Huffman tables optimized for the coefficients (T.81 Annex K.2, built as
// libjpeg builds them, so that jpegtran -optimize writes the same scans),
// the scans, EOI and m's trailer.
//
// Sequential output is SOF0 when every quantization table fits 8 bits and
// SOF1 when one needs 16 (whatever of the two m.Process says); it is one
// interleaved scan, or one scan per component when an MCU would hold more
// than the 10 blocks T.81 allows. Progressive output (SOF2) follows
// libjpeg's jpeg_simple_progression script: its YCbCr script for three
// components, its all-purpose one otherwise. Every scan gets its own
// tables. The Huffman tables are shared like libjpeg's: table 0 for luma
// and for every component of gray, RGB and CMYK files, table 1 for both
// chroma components of YCbCr and YCCK (an Adobe segment with transform 0
// marks RGB, transform 2 YCCK).
//
// Interleaved scans code every block of Component.Blocks, those past the
// image's edge included; non-interleaved scans code the blocks that hold
// pixels ([Component.CodedBlocks]), as T.81 requires. Restart markers
// follow opts; a scan's restart interval counts its own MCUs.
//
// Encode reads m and never changes it; concurrent calls may share it. An
// Image that is not consistent (see [Image]) or whose coefficients do not
// fit the 8-bit process (an AC magnitude above 1023, a DC difference
// beyond 11 bits) yields an error wrapping [codecerr.ErrFormat], and 2
// components or an unknown Coding [codecerr.ErrUnsupported]; nothing is
// written then.
func Encode(w io.Writer, m *Image, opts *EncodeOptions) error {
	buf, err := AppendEncode(nil, m, opts)
	if err != nil {
		return err
	}
	_, err = w.Write(buf)
	return err
}

// AppendEncode appends the JPEG file [Encode] would write to dst and
// returns the extended buffer. On error dst is returned unchanged in
// length.
func AppendEncode(dst []byte, m *Image, opts *EncodeOptions) ([]byte, error) {
	return appendEncode(dst, m, opts, nil)
}

// appendEncode is AppendEncode with the masks of sequential scans kept in
// s (nil allocates them).
func appendEncode(dst []byte, m *Image, opts *EncodeOptions, s *Scratch) ([]byte, error) {
	var o EncodeOptions
	if opts != nil {
		o = *opts
	}
	e := &encoder{m: m, opts: o}
	if err := e.check(); err != nil {
		return dst, err
	}
	if st := s.state(); st != nil {
		e.masks = st.masks
		defer func() { st.masks = e.masks }()
	}
	e.out.buf = dst
	start := len(dst)
	if err := e.encode(); err != nil {
		return e.out.buf[:start], err
	}
	return e.out.buf, nil
}

// encoder holds the state of one Encode call.
type encoder struct {
	m    *Image
	opts EncodeOptions
	out  bitWriter // the whole file, headers included

	hmax, vmax   int
	mcusW, mcusH int
	tbl          [4]int // Huffman table selector of each component
	progressive  bool
	lastDRI      int         // the restart interval the last DRI stated
	masks        []uint64    // nonzero masks of a sequential scan's blocks, in scan order
	nz           [4][]uint64 // nonzero masks of each component's blocks (progressive)
	ref          []refMask   // a refinement scan's block masks, in scan order
	vis          [4][]uint64 // masks of each component's coefficients nonzero at precision visAl
	visAl        [4]int
}

// scan is one scan of a script: the components it covers (indices into
// Image.Components), its spectral band and successive approximation.
type scan struct {
	comps          []int
	ss, se, ah, al int
}

// errFormat is the writer's error for an Image it cannot write: the
// package prefix, the message, and ErrFormat for errors.Is.
func errFormat(format string, args ...any) error {
	return fmt.Errorf("jpeg: "+format+": %w", append(args, codecerr.ErrFormat)...)
}

// check verifies that m can be written: geometry, sampling, tables and
// block grids agree. Coefficient ranges are checked while encoding.
func (e *encoder) check() error {
	m := e.m
	if m == nil {
		return errFormat("Encode: nil Image")
	}
	if m.Width < 1 || m.Height < 1 || m.Width > 65535 || m.Height > 65535 {
		return errFormat("image size %dx%d is outside 1..65535", m.Width, m.Height)
	}
	n := len(m.Components)
	if n != 1 && n != 3 && n != 4 {
		return fmt.Errorf("jpeg: %d components, want 1, 3 or 4: %w", n, codecerr.ErrUnsupported)
	}
	for i := range m.Components {
		c := &m.Components[i]
		if c.H < 1 || c.H > 4 || c.V < 1 || c.V > 4 {
			return errFormat("component %d: sampling factors %dx%d outside 1..4", i, c.H, c.V)
		}
		if c.Quant < 0 || c.Quant > 3 || m.Quant[c.Quant] == nil {
			return errFormat("component %d: quantization table %d is not defined", i, c.Quant)
		}
		for j := range i {
			if m.Components[j].ID == c.ID {
				return errFormat("components %d and %d share the identifier %d", j, i, c.ID)
			}
		}
	}
	e.hmax, e.vmax = m.MaxSampling()
	e.mcusW, e.mcusH = m.MCUs()
	for i := range m.Components {
		c := &m.Components[i]
		w, h := e.mcusW*c.H, e.mcusH*c.V
		if n == 1 {
			w, h = e.mcusW, e.mcusH
		}
		if c.BlocksW != w || c.BlocksH != h || len(c.Blocks) != w*h {
			return errFormat("component %d: %dx%d grid of %d blocks, want %dx%d", i, c.BlocksW, c.BlocksH, len(c.Blocks), w, h)
		}
	}
	for t, q := range m.Quant {
		if q == nil {
			continue
		}
		for k, v := range q {
			if v == 0 {
				return errFormat("quantization table %d: entry %d is 0", t, k)
			}
		}
	}
	for i, s := range m.Segments {
		if !(s.Marker >= 0xE0 && s.Marker <= 0xEF || s.Marker == 0xFE) {
			return errFormat("segment %d: marker 0x%02X is not APPn or COM", i, s.Marker)
		}
		if len(s.Data) > 65533 {
			return errFormat("segment %d (marker 0x%02X): %d bytes exceed the 65533 a segment holds", i, s.Marker, len(s.Data))
		}
	}
	if e.opts.RestartInterval > 65535 {
		return errFormat("EncodeOptions.RestartInterval %d exceeds 65535", e.opts.RestartInterval)
	}
	if m.RestartInterval < 0 || m.RestartInterval > 65535 {
		return errFormat("restart interval %d is outside 0..65535", m.RestartInterval)
	}
	switch e.opts.Coding {
	case CodingAsImage:
		e.progressive = m.Process == Progressive
	case CodingSequential:
	case CodingProgressive:
		e.progressive = true
	default:
		return fmt.Errorf("jpeg: unknown Coding %d: %w", e.opts.Coding, codecerr.ErrUnsupported)
	}
	e.assignTables()
	return nil
}

// assignTables picks each component's Huffman tables as libjpeg's
// jpeg_set_colorspace does for the colour space the file declares: YCbCr
// and YCCK share table 1 between their two chroma components; gray, RGB
// and CMYK code every component with table 0.
func (e *encoder) assignTables() {
	m := e.m
	transform := -1 // the Adobe segment's colour transform, -1 without one
	for _, s := range m.Segments {
		if s.Marker == 0xEE && len(s.Data) >= 12 && bytes.HasPrefix(s.Data, []byte("Adobe")) {
			transform = int(s.Data[11])
			break
		}
	}
	switch len(m.Components) {
	case 3:
		c := m.Components
		rgb := transform == 0 || transform == -1 && c[0].ID == 'R' && c[1].ID == 'G' && c[2].ID == 'B'
		if !rgb {
			e.tbl = [4]int{0, 1, 1, 0}
		}
	case 4:
		if transform == 2 {
			e.tbl = [4]int{0, 1, 1, 0}
		}
	}
}

// restartFor returns the restart interval of a scan with perRow MCUs in a
// row.
func (e *encoder) restartFor(perRow int) int {
	switch {
	case e.opts.RestartRows > 0:
		// Both factors bounded first, so that the product cannot overflow.
		return min(min(e.opts.RestartRows, 65535)*perRow, 65535)
	case e.opts.RestartInterval > 0:
		return e.opts.RestartInterval
	case e.opts.RestartInterval < 0:
		return 0
	}
	return e.m.RestartInterval
}

// encode writes the file after check has passed.
func (e *encoder) encode() error {
	e.appendHeaders()
	var script []scan
	if e.progressive {
		script = e.progressiveScript()
	} else {
		script = e.sequentialScript()
	}
	for i := range script {
		if err := e.writeScan(&script[i]); err != nil {
			return err
		}
	}
	e.appendTrailer()
	return nil
}

// appendTrailer ends the file: EOI, then the Image's trailer.
func (e *encoder) appendTrailer() {
	e.out.buf = append(e.out.buf, 0xFF, 0xD9)
	e.out.buf = append(e.out.buf, e.m.Trailer...)
}

// appendHeaders writes what comes before the first scan: SOI, the
// segments, DQT and the frame header.
func (e *encoder) appendHeaders() {
	m := e.m
	b := append(e.out.buf, 0xFF, 0xD8)
	for _, s := range m.Segments {
		b = append(b, 0xFF, s.Marker, byte((len(s.Data)+2)>>8), byte(len(s.Data)+2))
		b = append(b, s.Data...)
	}
	// DQT, one segment per table the Image defines (used or not, so that
	// a round trip keeps them all), in selector order.
	wide := false
	for t, q := range m.Quant {
		if q == nil {
			continue
		}
		p := 0
		for _, v := range q {
			if v > 255 {
				p = 1
				wide = true
				break
			}
		}
		n := 2 + 1 + 64*(p+1)
		b = append(b, 0xFF, 0xDB, byte(n>>8), byte(n), byte(p<<4|t))
		for _, z := range zigzag {
			if p == 1 {
				b = append(b, byte(q[z]>>8))
			}
			b = append(b, byte(q[z]))
		}
	}
	sof := byte(0xC0)
	switch {
	case e.progressive:
		sof = 0xC2
	case wide:
		sof = 0xC1
	}
	n := 8 + 3*len(m.Components)
	b = append(b, 0xFF, sof, byte(n>>8), byte(n), 8,
		byte(m.Height>>8), byte(m.Height), byte(m.Width>>8), byte(m.Width), byte(len(m.Components)))
	for i := range m.Components {
		c := &m.Components[i]
		b = append(b, c.ID, byte(c.H<<4|c.V), byte(c.Quant))
	}
	e.out.buf = b
}

// sequentialScript is one interleaved scan of every component, or one
// scan per component when an MCU would exceed the 10 blocks T.81 allows.
func (e *encoder) sequentialScript() []scan {
	all := e.allComps()
	if e.mcuBlocks(all) <= 10 {
		return []scan{{comps: all, se: 63}}
	}
	var s []scan
	for _, c := range all {
		s = append(s, scan{comps: []int{c}, se: 63})
	}
	return s
}

func (e *encoder) allComps() []int {
	all := make([]int, len(e.m.Components))
	for i := range all {
		all[i] = i
	}
	return all
}

// mcuBlocks is the number of blocks in an MCU of a scan of comps.
func (e *encoder) mcuBlocks(comps []int) int {
	if len(comps) == 1 {
		return 1
	}
	n := 0
	for _, c := range comps {
		n += e.m.Components[c].H * e.m.Components[c].V
	}
	return n
}

// progressiveScript is libjpeg's jpeg_simple_progression script (jcparam.c):
// the special one for YCbCr, the all-purpose one for other colour spaces.
func (e *encoder) progressiveScript() []scan {
	all := e.allComps()
	var s []scan
	dc := func(ah, al int) {
		if e.mcuBlocks(all) <= 10 {
			s = append(s, scan{comps: all, ah: ah, al: al})
			return
		}
		for _, c := range all {
			s = append(s, scan{comps: []int{c}, ah: ah, al: al})
		}
	}
	ac := func(c, ss, se, ah, al int) {
		s = append(s, scan{comps: []int{c}, ss: ss, se: se, ah: ah, al: al})
	}
	if len(all) == 3 && e.tbl[1] == 1 {
		dc(0, 1)
		ac(0, 1, 5, 0, 2)
		ac(2, 1, 63, 0, 1)
		ac(1, 1, 63, 0, 1)
		ac(0, 6, 63, 0, 2)
		ac(0, 1, 63, 2, 1)
		dc(1, 0)
		ac(2, 1, 63, 1, 0)
		ac(1, 1, 63, 1, 0)
		ac(0, 1, 63, 1, 0)
		return s
	}
	dc(0, 1)
	for _, c := range all {
		ac(c, 1, 5, 0, 2)
	}
	for _, c := range all {
		ac(c, 6, 63, 0, 2)
	}
	for _, c := range all {
		ac(c, 1, 63, 2, 1)
	}
	dc(1, 0)
	for _, c := range all {
		ac(c, 1, 63, 1, 0)
	}
	return s
}

// scanGeometry returns the size of a scan in MCUs: the iMCU grid for an
// interleaved scan, the blocks that hold pixels for a single component.
func (e *encoder) scanGeometry(s *scan) (w, h int) {
	if len(s.comps) > 1 {
		return e.mcusW, e.mcusH
	}
	c := &e.m.Components[s.comps[0]]
	if len(e.m.Components) == 1 {
		return c.BlocksW, c.BlocksH
	}
	return c.CodedBlocks(e.m.Width, e.m.Height, e.hmax, e.vmax)
}

// writeScan gathers the statistics of one scan, writes its Huffman
// tables, DRI when the interval changes, its header and its data.
func (e *encoder) writeScan(s *scan) error {
	w, h := e.scanGeometry(s)
	ri := e.restartFor(w)
	var st scanStats
	var err error
	if e.progressive {
		err = e.progScan(s, w, h, ri, &st, nil)
	} else {
		err = e.seqScan(s, w, h, ri, &st, nil)
	}
	if err != nil {
		return err
	}
	codes := e.appendScanHeader(s, &st, w, h, ri)
	if e.progressive {
		return e.progScan(s, w, h, ri, nil, &codes)
	}
	return e.seqScan(s, w, h, ri, nil, &codes)
}

// appendScanHeader writes the Huffman tables optimized for st, DRI when
// the interval ri changes, and the header of scan s of w x h MCUs; it
// makes room for the scan's data and returns the code tables to write it
// with.
func (e *encoder) appendScanHeader(s *scan, st *scanStats, w, h, ri int) scanCodes {
	var codes scanCodes
	b := e.out.buf
	dht := len(b)
	b = append(b, 0xFF, 0xC4, 0, 0)
	for class := range 2 {
		for t := range 2 {
			if !st.used[class][t] {
				continue
			}
			spec := optimalTable(&st.freq[class][t])
			h := spec.codes()
			codes.h[class][t] = h
			for sym, f := range st.freq[class][t] {
				st.bits += f * int64(h.size[sym])
			}
			b = append(b, byte(class<<4|t))
			b = append(b, spec.counts[:]...)
			b = append(b, spec.values...)
		}
	}
	if n := len(b) - dht - 2; n > 2 {
		b[dht+2], b[dht+3] = byte(n>>8), byte(n)
	} else {
		b = b[:dht] // a DC refinement scan uses no table
	}
	if ri != e.lastDRI {
		b = append(b, 0xFF, 0xDD, 0, 4, byte(ri>>8), byte(ri))
		e.lastDRI = ri
	}
	n := 6 + 2*len(s.comps)
	b = append(b, 0xFF, 0xDA, byte(n>>8), byte(n), byte(len(s.comps)))
	for _, ci := range s.comps {
		t := byte(e.tbl[ci])
		td, ta := t, t
		if e.progressive {
			if s.ss == 0 {
				ta = 0
				if s.ah != 0 {
					td = 0
				}
			} else {
				td = 0
			}
		}
		b = append(b, e.m.Components[ci].ID, td<<4|ta)
	}
	b = append(b, byte(s.ss), byte(s.se), byte(s.ah<<4|s.al))
	// The statistics and the tables give the scan's size in bits but for
	// the stuffed bytes (1/256 of random data) and restart markers; room
	// for them all saves the copies of append's growth.
	e.out.buf = slices.Grow(b, int(st.bits/8)+int(st.bits/8)/128+2*(w*h/max(ri, 1))+64)
	return codes
}

// scanStats gathers what a scan's entropy coding will use: the frequency
// of each symbol per table class (DC, AC) and selector, and roughly how
// many bits the scan takes.
type scanStats struct {
	freq [2][2][256]int64
	used [2][2]bool
	bits int64
}

// scanCodes holds the code tables a scan is written with, by class and
// selector.
type scanCodes struct {
	h [2][2]*huffCode
}

// restart ends a restart interval in the output: the pending bits padded
// to a byte, then RSTn.
func (e *encoder) restart(n int) {
	e.out.flush()
	e.out.buf = append(e.out.buf, 0xFF, byte(0xD0+n%8))
}
