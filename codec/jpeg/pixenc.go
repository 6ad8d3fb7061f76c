package jpeg

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/pixview/pixview/codec/codecerr"
	"github.com/pixview/pixview/pixbuf"
)

// Sampling gives the sampling factors of the components the pixel encoder
// writes: H[i] and V[i] for Y, Cb and Cr in that order, each 1 to 4, as
// cjpeg's -sample H0xV0,H1xV1,H2xV2 gives them. The zero value means
// [Sampling420], cjpeg's default. Every factor must divide the largest of
// its axis (libjpeg does no fractional downsampling either).
type Sampling struct {
	H, V [3]int
}

// The named samplings: chroma at full resolution (4:4:4), halved
// horizontally (4:2:2), halved on both axes (4:2:0, cjpeg's default),
// halved vertically (4:4:0) and quartered horizontally (4:1:1).
var (
	Sampling444 = Sampling{H: [3]int{1, 1, 1}, V: [3]int{1, 1, 1}}
	Sampling422 = Sampling{H: [3]int{2, 1, 1}, V: [3]int{1, 1, 1}}
	Sampling420 = Sampling{H: [3]int{2, 1, 1}, V: [3]int{2, 1, 1}}
	Sampling440 = Sampling{H: [3]int{1, 1, 1}, V: [3]int{2, 1, 1}}
	Sampling411 = Sampling{H: [3]int{4, 1, 1}, V: [3]int{1, 1, 1}}
)

// ParseSampling reads a sampling as a name, "4:4:4", "4:2:2", "4:2:0",
// "4:4:0" or "4:1:1", or as cjpeg's -sample argument, "HxV[,HxV...]" with
// components left out taking 1x1. Malformed text gives an error wrapping
// codecerr.ErrUnsupported.
func ParseSampling(s string) (Sampling, error) {
	switch s {
	case "4:4:4":
		return Sampling444, nil
	case "4:2:2":
		return Sampling422, nil
	case "4:2:0":
		return Sampling420, nil
	case "4:4:0":
		return Sampling440, nil
	case "4:1:1":
		return Sampling411, nil
	}
	sm := Sampling444
	parts := strings.Split(s, ",")
	if len(parts) > 3 {
		return Sampling{}, fmt.Errorf("jpeg: sampling %q names more than 3 components: %w", s, codecerr.ErrUnsupported)
	}
	for i, p := range parts {
		hs, vs, ok := strings.Cut(strings.ToLower(strings.TrimSpace(p)), "x")
		h, err1 := strconv.Atoi(hs)
		v, err2 := strconv.Atoi(vs)
		if !ok || err1 != nil || err2 != nil || h < 1 || h > 4 || v < 1 || v > 4 {
			return Sampling{}, fmt.Errorf("jpeg: sampling %q: want a name like 4:2:0 or factors like 2x2,1x1,1x1 each 1..4: %w", s, codecerr.ErrUnsupported)
		}
		sm.H[i], sm.V[i] = h, v
	}
	return sm, nil
}

// String returns the sampling in cjpeg's -sample form, "2x2,1x1,1x1".
func (s Sampling) String() string {
	var b strings.Builder
	for i := range 3 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%dx%d", s.H[i], s.V[i])
	}
	return b.String()
}

// PixelEncodeOptions are the choices of [FromPixels] and [EncodePixels].
// The zero value, like nil, is cjpeg's default: quality 75, 4:2:0,
// baseline, no restart markers, a JFIF segment.
type PixelEncodeOptions struct {
	// Quality selects libjpeg's standard tables scaled as cjpeg -quality
	// scales them ([StandardQuantTables]): 1 to 100, 0 for
	// [DefaultQuality]. It must be 0 when Quant is given.
	Quality int
	// Quant, when any entry is set, are the quantization tables to use
	// in place of Quality's, by selector: a source JPEG's Image.Quant to
	// keep its tables. Entries must not be 0; values above 255 make an
	// extended (SOF1) file.
	Quant [4]*QuantTable
	// QuantSelectors are the table selectors of Y, Cb and Cr (of the one
	// gray component: [0]) when Quant is given; nil means Y 0 and chroma 1
	// (0 if Quant[1] is nil), as libjpeg assigns them.
	QuantSelectors []int
	// Sampling gives the components' sampling factors; the zero value is
	// 4:2:0. A gray output uses Sampling.H[0] and V[0] for its one
	// component's declared factors, which do not change its coefficients.
	Sampling Sampling
	// Progressive writes a progressive (SOF2) file with libjpeg's scan
	// script, as cjpeg -progressive does; else one sequential scan.
	Progressive bool
	// RestartInterval puts a restart marker every RestartInterval MCUs
	// (0: none); RestartRows, when above 0, instead puts one every
	// RestartRows MCU rows, as cjpeg -restart N does.
	RestartInterval, RestartRows int
	// Segments are the APPn and COM segments to write, in order (a
	// source's Image.Segments to carry its metadata). Nil writes the JFIF
	// 1.01 segment cjpeg writes; an empty non-nil slice writes none. An
	// Adobe segment that declares a colour transform other than the one
	// written (YCbCr for colour, none for gray) is refused, since a
	// decoder would believe it.
	Segments []Segment
	// Gray writes one luma component, converting RGB as libjpeg's
	// rgb_gray does; a one-channel view is always written gray.
	Gray bool
	// Converted, set by [OptionsFromSource], says for a person how the
	// output's colour space differs from the source's ("CMYK (Adobe)
	// written as YCbCr", say); empty when it does not. The encoder
	// ignores it; a caller records it as a change.
	Converted string
}

// PixelEncodeReport says what [FromPixels] did with the view beyond what
// the options asked for.
type PixelEncodeReport struct {
	// AlphaDropped is set when the view had an alpha channel (2 or 4
	// channels), which JPEG cannot hold and the encoder left out.
	AlphaDropped bool
	// Gray is set when the output has one component.
	Gray bool
}

// OptionsFromSource returns the options that re-encode pixels decoded
// from src with src's choices: its quantization tables and their
// selectors, its sampling factors, its process (progressive stays
// progressive), its restart interval and its APPn/COM segments. The pixel
// encoder writes gray or YCbCr: a CMYK, YCCK or RGB (Adobe, no
// transform) source, whose pixels the decoder gives as RGB, is written as
// YCbCr with the tables and sampling of its first three components (Y
// takes the first's table, Cb and Cr the second's and third's), and
// Converted says so. A source whose sampling the encoder cannot write (a
// factor that does not divide the largest of its axis) gives an error
// wrapping codecerr.ErrUnsupported; the caller then falls back to its own
// options and says so. The options share src's tables and segments.
func OptionsFromSource(src *Image) (*PixelEncodeOptions, error) {
	if src == nil {
		return nil, errFormat("OptionsFromSource: nil Image")
	}
	cs := src.ColorSpace()
	o := &PixelEncodeOptions{
		Quant:           src.Quant,
		Progressive:     src.Process == Progressive,
		RestartInterval: src.RestartInterval,
		Segments:        src.Segments,
		Gray:            cs == ColorGray,
	}
	switch cs {
	case ColorCMYK:
		o.Converted = "CMYK (Adobe) written as YCbCr from the RGB pixels the decoder gives"
	case ColorYCCK:
		o.Converted = "YCCK (Adobe) written as YCbCr from the RGB pixels the decoder gives"
	case ColorRGB:
		o.Converted = "RGB (Adobe, no transform) written as YCbCr"
	}
	if o.Converted != "" {
		// The Adobe segment would declare the source's transform.
		o.Segments = withoutAdobe(o.Segments)
	}
	if o.Segments == nil {
		o.Segments = []Segment{}
	}
	o.Sampling = Sampling444
	n := min(len(src.Components), 3)
	for i := range src.Components[:n] {
		c := &src.Components[i]
		o.Sampling.H[i], o.Sampling.V[i] = c.H, c.V
		o.QuantSelectors = append(o.QuantSelectors, c.Quant)
	}
	if !o.Gray {
		if err := o.Sampling.check(); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// isAdobe reports whether s is an Adobe APP14 segment with its transform
// flag.
func isAdobe(s Segment) bool {
	return s.Marker == 0xEE && len(s.Data) >= 12 && bytes.HasPrefix(s.Data, []byte("Adobe"))
}

// withoutAdobe returns segs without its Adobe APP14 segments, in a new
// slice when it had one.
func withoutAdobe(segs []Segment) []Segment {
	var out []Segment
	for i, s := range segs {
		if isAdobe(s) {
			if out == nil {
				out = append([]Segment{}, segs[:i]...)
			}
			continue
		}
		if out != nil {
			out = append(out, s)
		}
	}
	if out == nil {
		return segs
	}
	return out
}

// check refuses factors outside 1..4 and fractional ratios.
func (s Sampling) check() error {
	hmax, vmax := max(s.H[0], s.H[1], s.H[2]), max(s.V[0], s.V[1], s.V[2])
	for i := range 3 {
		h, v := s.H[i], s.V[i]
		if h < 1 || h > 4 || v < 1 || v > 4 {
			return fmt.Errorf("jpeg: sampling %v: factors must be 1..4: %w", s, codecerr.ErrUnsupported)
		}
		if hmax%h != 0 || vmax%v != 0 {
			return fmt.Errorf("jpeg: sampling %v: component %d's factors do not divide the largest, a fractional downsampling libjpeg does not do either: %w", s, i, codecerr.ErrUnsupported)
		}
	}
	return nil
}

// jfifSegment is the APP0 segment cjpeg writes: JFIF 1.01, no density
// unit, aspect 1:1, no thumbnail.
var jfifSegment = [...]byte{'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0}

// EncodePixels writes the pixels of v to w as a JPEG file: [FromPixels]
// with opts, then [Encode] with optimized Huffman tables, as
// cjpeg -optimize writes them. See FromPixels for what v may be.
func EncodePixels(w io.Writer, v pixbuf.View[uint8], opts *PixelEncodeOptions) (PixelEncodeReport, error) {
	var o PixelEncodeOptions
	if opts != nil {
		o = *opts
	}
	rep, err := o.check(v)
	if err != nil {
		return rep, err
	}
	h, wd, _ := v.Shape()
	m, err := o.frame(wd, h, false)
	if err != nil {
		return rep, err
	}
	if e := pixelEncoder(m, &o, nil); e.compactable() {
		if err := seqCompact(e, newEncPlan(m, v)); err != nil {
			return rep, err
		}
		_, err := w.Write(e.out.buf)
		return rep, err
	}
	m, rep, err = FromPixels(v, opts)
	if err != nil {
		return rep, err
	}
	var eo EncodeOptions
	if opts != nil {
		eo.RestartRows = opts.RestartRows
	}
	return rep, Encode(w, m, &eo)
}

// FromPixels converts the pixels of v into quantized DCT coefficients as
// libjpeg's compressor does with cjpeg's defaults and -dct int: colour
// conversion to YCbCr (rgb2ycc.go), downsampling without smoothing
// (downsample.go), edges expanded to whole blocks by repeating the last
// column and row, the accurate integer FDCT and quantization rounding
// half away from zero (fdct.go); blocks of the MCU padding beyond the
// edge have no AC and the DC of their neighbour, as libjpeg writes them.
// For the same pixels, tables and sampling the coefficients equal
// cjpeg's.
//
// v holds 8-bit samples with 1 channel (gray), 3 (RGB), 2 or 4 (gray or
// RGB with alpha, which is left out and reported), in any layout: strides
// may be negative, zero or transposed, so flipped, cropped and rotated
// views encode as they look. Its size must be 1 to 65535 on each axis.
// Bad options or shapes give an error wrapping codecerr.ErrUnsupported
// (pixbuf.ErrShape for an unusable shape) and nothing is built.
func FromPixels(v pixbuf.View[uint8], opts *PixelEncodeOptions) (*Image, PixelEncodeReport, error) {
	var o PixelEncodeOptions
	if opts != nil {
		o = *opts
	}
	rep, err := o.check(v)
	if err != nil {
		return nil, rep, err
	}
	h, w, _ := v.Shape()
	m, err := o.frame(w, h, true)
	if err != nil {
		return nil, rep, err
	}
	p := newEncPlan(m, v)
	p.parallel(func(_, y0, y1 int) { p.rows(y0, y1) })
	return m, rep, nil
}

// check refuses a view without a JPEG form and notes in o.Gray whether
// the output is gray.
func (o *PixelEncodeOptions) check(v pixbuf.View[uint8]) (PixelEncodeReport, error) {
	return o.checkShape(v.Shape())
}

// checkShape is check for a view of h rows of w pixels of ch channels.
func (o *PixelEncodeOptions) checkShape(h, w, ch int) (PixelEncodeReport, error) {
	var rep PixelEncodeReport
	if w < 1 || h < 1 || w > 65535 || h > 65535 {
		return rep, fmt.Errorf("jpeg: view size %dx%d is outside 1..65535: %w", w, h, pixbuf.ErrShape)
	}
	switch ch {
	case 1:
		o.Gray = true
	case 2:
		o.Gray = true
		rep.AlphaDropped = true
	case 3:
	case 4:
		rep.AlphaDropped = true
	default:
		return rep, fmt.Errorf("jpeg: a view of %d channels has no JPEG form (want 1 to 4): %w", ch, codecerr.ErrUnsupported)
	}
	rep.Gray = o.Gray
	return rep, nil
}

// frame checks the options and builds the Image's header for a w x h
// picture, with empty coefficient grids when blocks is set (else the
// grids' sizes alone).
func (o *PixelEncodeOptions) frame(w, h int, blocks bool) (*Image, error) {
	m := &Image{Width: w, Height: h, RestartInterval: o.RestartInterval}
	if o.Progressive {
		m.Process = Progressive
	}
	if o.RestartInterval < 0 || o.RestartInterval > 65535 || o.RestartRows < 0 {
		return nil, fmt.Errorf("jpeg: restart interval %d (rows %d) is outside 0..65535: %w", o.RestartInterval, o.RestartRows, codecerr.ErrUnsupported)
	}
	sm := o.Sampling
	if sm == (Sampling{}) {
		sm = Sampling420
	}
	n := 3
	if o.Gray {
		n = 1
		sm.H[1], sm.V[1], sm.H[2], sm.V[2] = sm.H[0], sm.V[0], sm.H[0], sm.V[0]
	}
	if err := sm.check(); err != nil {
		return nil, err
	}
	sel := []int{0, 1, 1}
	custom := o.Quant != [4]*QuantTable{}
	switch {
	case custom && o.Quality != 0:
		return nil, fmt.Errorf("jpeg: both Quality %d and quantization tables given: %w", o.Quality, codecerr.ErrUnsupported)
	case custom:
		for t, q := range o.Quant {
			if q == nil {
				continue
			}
			c := *q
			for _, e := range c {
				if e == 0 {
					return nil, fmt.Errorf("jpeg: quantization table %d has a 0 entry: %w", t, codecerr.ErrUnsupported)
				}
			}
			m.Quant[t] = &c
		}
		if o.QuantSelectors != nil {
			if len(o.QuantSelectors) < n {
				return nil, fmt.Errorf("jpeg: %d quantization table selectors for %d components: %w", len(o.QuantSelectors), n, codecerr.ErrUnsupported)
			}
			sel = o.QuantSelectors
		} else if m.Quant[1] == nil {
			sel = []int{0, 0, 0}
		}
		for i := range n {
			if s := sel[i]; s < 0 || s > 3 || m.Quant[s] == nil {
				return nil, fmt.Errorf("jpeg: component %d: quantization table %d is not given: %w", i, s, codecerr.ErrUnsupported)
			}
		}
	default:
		q := o.Quality
		if q == 0 {
			q = DefaultQuality
		}
		luma, chroma, err := StandardQuantTables(q)
		if err != nil {
			return nil, err
		}
		m.Quant[0] = luma
		if !o.Gray {
			m.Quant[1] = chroma
		}
	}
	m.Segments = o.Segments
	if m.Segments == nil {
		m.Segments = []Segment{{Marker: 0xE0, Data: jfifSegment[:]}}
	}
	for _, s := range m.Segments {
		if isAdobe(s) {
			want := byte(1) // YCbCr
			if o.Gray {
				want = 0
			}
			if s.Data[11] != want {
				return nil, fmt.Errorf("jpeg: an Adobe segment declares colour transform %d, the encoder writes %d: %w", s.Data[11], want, codecerr.ErrUnsupported)
			}
		}
	}
	m.Components = make([]Component, n)
	for i := range n {
		m.Components[i] = Component{ID: uint8(i + 1), H: sm.H[i], V: sm.V[i], Quant: sel[i]}
	}
	mw, mh := m.MCUs()
	for i := range m.Components {
		c := &m.Components[i]
		c.BlocksW, c.BlocksH = mw*c.H, mh*c.V
		if n == 1 {
			c.BlocksW, c.BlocksH = mw, mh
		}
		if blocks {
			c.Blocks = make([]Block, c.BlocksW*c.BlocksH)
		}
	}
	return m, nil
}

// encPlan is the geometry the pixel encoder works with: iMCU rows of
// rowsPer full-resolution pixel rows, padW pixels wide.
type encPlan struct {
	m             *Image
	v             pixbuf.View[uint8]
	hmax, vmax    int
	padW, rowsPer int
	mcusW, mcusH  int
	comps         []encComp
}

// encComp is one component's part of the plan.
type encComp struct {
	c              *Component
	hexp, vexp     int // downsampling ratios
	codedW, codedH int // blocks that hold pixels
	mcuW, mcuH     int // blocks of an MCU: H by V, 1 by 1 in a gray frame
	cols           int // samples per downsampled row: BlocksW*8
	div            *quantDivisors
}

// newEncPlan prepares the encoding of v's pixels into m's components.
func newEncPlan(m *Image, v pixbuf.View[uint8]) *encPlan {
	p := &encPlan{m: m, v: v}
	p.hmax, p.vmax = m.MaxSampling()
	if len(m.Components) == 1 {
		p.hmax, p.vmax = 1, 1
	}
	mw, mh := m.MCUs()
	p.mcusW, p.mcusH = mw, mh
	p.padW, p.rowsPer = mw*8*p.hmax, 8*p.vmax
	divs := map[int]*quantDivisors{}
	for i := range m.Components {
		c := &m.Components[i]
		pc := encComp{c: c, hexp: 1, vexp: 1, cols: c.BlocksW * 8, mcuW: 1, mcuH: 1}
		if len(m.Components) > 1 {
			pc.hexp, pc.vexp = p.hmax/c.H, p.vmax/c.V
			pc.mcuW, pc.mcuH = c.H, c.V
		}
		pc.codedW, pc.codedH = ceilDiv(ceilDiv(m.Width, pc.hexp), 8), ceilDiv(ceilDiv(m.Height, pc.vexp), 8)
		if divs[c.Quant] == nil {
			divs[c.Quant] = newQuantDivisors(m.Quant[c.Quant])
		}
		pc.div = divs[c.Quant]
		p.comps = append(p.comps, pc)
	}
	return p
}

// workers is the number of bands parallel runs in: one per 256 Ki
// pixels, at most one per iMCU row and GOMAXPROCS.
func (p *encPlan) workers() int {
	return max(1, min(runtime.GOMAXPROCS(0), p.mcusH, 1+p.m.Width*p.m.Height/(1<<18)))
}

// parallel calls band for each of p.workers() bands, k from 0, with its
// iMCU rows y0 to y1-1, concurrently when there are several.
func (p *encPlan) parallel(band func(k, y0, y1 int)) {
	n, mh := p.workers(), p.mcusH
	if n == 1 {
		band(0, 0, mh)
		return
	}
	var wg sync.WaitGroup
	for k := range n {
		wg.Go(func() { band(k, k*mh/n, (k+1)*mh/n) })
	}
	wg.Wait()
}

// rowWork is one worker's buffers for iMCU rows: full[c][i] is row i of
// the iMCU row at full resolution in component c; down[c][i] the same row
// downsampled, when c is subsampled; plane[c] holds down[c]'s rows,
// stride[c] bytes apart.
type rowWork struct {
	full, down [][][]uint8
	plane      [][]uint8
	stride     []int
	tmp        []uint8 // a source row gathered into R, G, B order
	work       [64]int32
}

// newRowWork allocates the buffers of one iMCU row.
func (p *encPlan) newRowWork() *rowWork {
	nc := len(p.comps)
	rw := &rowWork{
		full:   make([][][]uint8, nc),
		down:   make([][][]uint8, nc),
		plane:  make([][]uint8, nc),
		stride: make([]int, nc),
	}
	fbuf := make([]uint8, nc*p.rowsPer*p.padW)
	for c := range nc {
		rw.full[c] = make([][]uint8, p.rowsPer)
		for i := range rw.full[c] {
			k := (c*p.rowsPer + i) * p.padW
			rw.full[c][i] = fbuf[k : k+p.padW : k+p.padW]
		}
		pc := &p.comps[c]
		if pc.hexp == 1 && pc.vexp == 1 {
			rw.down[c] = rw.full[c]
			rw.plane[c], rw.stride[c] = fbuf[c*p.rowsPer*p.padW:(c+1)*p.rowsPer*p.padW], p.padW
			continue
		}
		rows := 8 * pc.c.V
		dbuf := make([]uint8, rows*pc.cols)
		rw.down[c] = make([][]uint8, rows)
		rw.plane[c], rw.stride[c] = dbuf, pc.cols
		for i := range rows {
			rw.down[c][i] = dbuf[i*pc.cols : (i+1)*pc.cols : (i+1)*pc.cols]
		}
	}
	return rw
}

// rows computes iMCU rows y0 to y1-1 into the Image's blocks, with its
// own working buffers.
func (p *encPlan) rows(y0, y1 int) {
	rw := p.newRowWork()
	dst := make([][]Block, len(p.comps))
	for iy := y0; iy < y1; iy++ {
		n := p.convertIMCU(rw, p.v, iy, iy*p.rowsPer)
		for c := range p.comps {
			pc := &p.comps[c]
			k := iy * pc.mcuH * pc.c.BlocksW
			dst[c] = pc.c.Blocks[k : k+pc.mcuH*pc.c.BlocksW]
		}
		p.finishIMCU(rw, iy, n, dst)
	}
}

// convertIMCU converts the rows of iMCU row iy that the picture has from
// v, whose row y0 is the iMCU row's first, and returns how many there
// were.
func (p *encPlan) convertIMCU(rw *rowWork, v pixbuf.View[uint8], iy, y0 int) int {
	n := min(p.rowsPer, p.m.Height-iy*p.rowsPer)
	for i := range n {
		p.convertRow(rw, v, y0+i, i)
	}
	return n
}

// finishIMCU completes iMCU row iy, whose first n rows are converted:
// the last row is repeated below the picture's edge, then each component
// is downsampled, transformed and quantized into dst[c], its mcuH rows of
// BlocksW blocks in this iMCU row.
func (p *encPlan) finishIMCU(rw *rowWork, iy, n int, dst [][]Block) {
	for i := n; i < p.rowsPer; i++ {
		for c := range rw.full {
			copy(rw.full[c][i], rw.full[c][i-1])
		}
	}
	for c := range p.comps {
		pc := &p.comps[c]
		if pc.hexp != 1 || pc.vexp != 1 {
			pc.downsample(rw.down[c], rw.full[c])
		}
		pc.blocks(dst[c], rw.plane[c], rw.stride[c], iy, &rw.work)
	}
}

// convertRow converts row y of v into row i of the full planes, through
// rw.tmp when the row's samples are not packed, and expands it to the
// padded width by repeating its last sample.
func (p *encPlan) convertRow(rw *rowWork, v pixbuf.View[uint8], y, i int) {
	full := rw.full
	_, w, ch := v.Shape()
	buf, off := v.Raw()
	sy, sx, sc := v.Strides()
	base := off + y*sy
	var src []uint8
	step := ch
	if sc == 1 && sx == ch {
		src = buf[base : base+w*ch]
	} else {
		// Gather the first three channels (or one) into tmp.
		k := min(ch, 3)
		if ch == 2 {
			k = 1
		}
		if cap(rw.tmp) < w*k {
			rw.tmp = make([]uint8, w*k)
		}
		tmp := rw.tmp[:w*k]
		for x := range w {
			q := base + x*sx
			for c := range k {
				tmp[x*k+c] = buf[q+c*sc]
			}
		}
		src, step = tmp, k
	}
	switch {
	case len(full) == 3:
		rgbToYCC(full[0][i][:w], full[1][i][:w], full[2][i][:w], src, step)
	case ch >= 3:
		rgbToGray(full[0][i][:w], src, step)
	case step == 1:
		copy(full[0][i][:w], src)
	default:
		dst := full[0][i][:w]
		for x := range dst {
			dst[x] = src[x*step]
		}
	}
	for c := range full {
		r := full[c][i]
		last := r[w-1]
		for x := w; x < len(r); x++ {
			r[x] = last
		}
	}
}

// downsample reduces one iMCU row of the component from full resolution.
func (pc *encComp) downsample(down, full [][]uint8) {
	for i := range down {
		rows := full[i*pc.vexp : (i+1)*pc.vexp]
		n := pc.cols
		switch {
		case pc.hexp == 2 && pc.vexp == 1:
			downH2V1(down[i][:n], rows[0][:2*n])
		case pc.hexp == 2 && pc.vexp == 2:
			downH2V2(down[i][:n], rows[0][:2*n], rows[1][:2*n])
		default:
			downBox(down[i][:n], rows, pc.hexp)
		}
	}
}

// blocks transforms and quantizes the component's blocks of iMCU row iy
// from its samples, rows of plane stride bytes apart, into dst (mcuH rows
// of BlocksW blocks), and fills the padding blocks as libjpeg does
// (jccoefct.c): past the right edge, no AC and the DC of the block to the
// left; below the bottom edge, no AC and the DC of the last block of the
// MCU in the row above, which is in the same iMCU row (a component's
// coded rows reach into every iMCU row).
func (pc *encComp) blocks(dst []Block, plane []uint8, stride, iy int, work *[64]int32) {
	c := pc.c
	vb, h := pc.mcuH, pc.mcuW
	for by := range vb {
		gy := iy*vb + by
		row := dst[by*c.BlocksW : (by+1)*c.BlocksW]
		if gy >= pc.codedH {
			above := dst[(by-1)*c.BlocksW : by*c.BlocksW]
			for bx := range row {
				row[bx] = Block{}
				row[bx][0] = above[(bx/h)*h+h-1][0]
			}
			continue
		}
		for bx := range pc.codedW {
			fdctSamples(work, plane, by*8*stride+bx*8, stride)
			quantize(&row[bx], work, pc.div)
		}
		for bx := pc.codedW; bx < len(row); bx++ {
			row[bx] = Block{}
			row[bx][0] = row[bx-1][0]
		}
	}
}
