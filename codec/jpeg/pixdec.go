package jpeg

import (
	"errors"
	"fmt"
	"image"
	"io"

	"github.com/pixview/pixview/codec/codecerr"
	"github.com/pixview/pixview/pixbuf"
)

// Upsampling chooses how chroma stored at a lower resolution than luma is
// brought to the output's resolution.
type Upsampling uint8

const (
	// UpsampleFancy is libjpeg's default (djpeg without -nosmooth):
	// triangular interpolation where libjpeg-turbo has it (chroma halved
	// horizontally, vertically or both: 4:2:2, 4:4:0, 4:2:0) and
	// replication elsewhere (4:1:1, 4:1:0 and other ratios), and at scale
	// 1/8, where libjpeg-turbo does not interpolate either.
	UpsampleFancy Upsampling = iota
	// UpsampleReplicate repeats each chroma sample, as djpeg -nosmooth
	// does. For 4:2:2 and 4:2:0 YCbCr at full size djpeg takes its merged
	// upsampler (replication and colour conversion in one pass), whose
	// arithmetic is the same: the samples are equal (see the package
	// tests, which compare every sampling with djpeg -nosmooth).
	UpsampleReplicate
)

// PixelOptions are the choices of a pixel decode. A nil *PixelOptions
// means the whole image at full size, fancy upsampling and the default
// limits.
type PixelOptions struct {
	// Scale is the denominator of the output size: 1 (or 0) for full
	// size, 2, 4 or 8 for 1/2, 1/4 and 1/8 as djpeg -scale 1/N gives them
	// (ceil(width/N) x ceil(height/N), libjpeg-turbo's reduced inverse
	// DCTs). See [ScaleFor].
	Scale int
	// Region is the rectangle to decode, in the coordinates of the
	// scaled, stored (not EXIF-oriented) image; the empty rectangle means
	// all of it. Only the iMCU rows and block columns the region needs
	// (and one row or column of chroma context around it, for fancy
	// upsampling) are transformed; every sample equals the same sample of
	// a whole decode.
	Region image.Rectangle
	// Upsampling is the chroma upsampling method.
	Upsampling Upsampling
	// Limits are the reader's limits; nil means the defaults.
	Limits *DecodeOptions
}

// PixelSize returns the shape of the view that [Decoder.DecodeInto] fills
// with opts: the region's (or the scaled image's) height and width, and 1
// channel for a gray frame or 3 (RGB) for every other one.
func (dec *Decoder) PixelSize(opts *PixelOptions) (h, w, channels int, err error) {
	p, err := dec.plan(opts)
	if err != nil {
		return 0, 0, 0, err
	}
	return p.region.Dy(), p.region.Dx(), p.channels, nil
}

// DecodePixels reads a JPEG file from r and decodes its pixels into a new
// view of the shape [Decoder.PixelSize] gives, in the stored orientation
// (apply the Image's EXIF orientation with View.Orient). The Image is the
// file's header and segments; it has no coefficient blocks when the file
// was streamed (see [Decoder]), and when opts asks for a region its
// segments after the scans and its trailer are not read.
func DecodePixels(r io.Reader, opts *PixelOptions) (pixbuf.View[uint8], *Image, error) {
	var lim *DecodeOptions
	if opts != nil {
		lim = opts.Limits
	}
	dec, err := NewDecoder(r, lim)
	if err != nil {
		return pixbuf.View[uint8]{}, nil, err
	}
	return decodePixels(dec, opts)
}

// DecodePixelsBytes is DecodePixels reading from data.
func DecodePixelsBytes(data []byte, opts *PixelOptions) (pixbuf.View[uint8], *Image, error) {
	var lim *DecodeOptions
	if opts != nil {
		lim = opts.Limits
	}
	dec, err := NewDecoderBytes(data, lim)
	if err != nil {
		return pixbuf.View[uint8]{}, nil, err
	}
	return decodePixels(dec, opts)
}

func decodePixels(dec *Decoder, opts *PixelOptions) (pixbuf.View[uint8], *Image, error) {
	h, w, c, err := dec.PixelSize(opts)
	if err != nil {
		return pixbuf.View[uint8]{}, nil, err
	}
	v := pixbuf.New[uint8](h, w, c)
	if err := dec.DecodeInto(v, opts); err != nil {
		return pixbuf.View[uint8]{}, nil, err
	}
	return v, dec.Header(), nil
}

// DecodeInto decodes the image's pixels into dst, which must have the
// shape [Decoder.PixelSize] gives for opts and be writable; it may be a
// crop of a larger buffer, with any strides. It allocates no pixels: a
// sequential file streams through one iMCU row of coefficient blocks and
// three iMCU rows of component samples (O(width)); a progressive file
// holds its coefficients, 2 bytes per component sample (3 bytes a pixel
// for 4:2:0), as the reader does. Pixels are in the stored orientation,
// RGB or gray:
//
//   - YCbCr is converted as libjpeg-turbo converts it; RGB (an Adobe
//     segment with transform 0, or 'R','G','B' identifiers) is copied;
//   - CMYK and YCCK (Adobe, stored inverted) are converted to RGB as
//     djpeg -pnm writes them: YCCK to CMYK as libjpeg does, then each of
//     C, M, Y times K over 255. Raw CMYK is available only through the
//     coefficients ([DecodeBytes]).
//
// The samples equal those of libjpeg-turbo's djpeg -dct int (with
// -scale 1/N for a scale, -nosmooth for UpsampleReplicate) for every
// file libjpeg-turbo built with SIMD decodes the same way as its C code;
// see the package tests.
// DecodeInto must be called before any row is read, and once. With a
// Region, rows below it are not read, so the file's tail is not checked.
func (dec *Decoder) DecodeInto(dst pixbuf.View[uint8], opts *PixelOptions) error {
	p, err := dec.plan(opts)
	if err != nil {
		return err
	}
	if h, w, c := dst.Shape(); h != p.region.Dy() || w != p.region.Dx() || c != p.channels {
		return fmt.Errorf("jpeg: DecodeInto a %dx%dx%d view, the decode gives %dx%dx%d: %w",
			h, w, c, p.region.Dy(), p.region.Dx(), p.channels, pixbuf.ErrShape)
	}
	if dst.ReadOnly() {
		return fmt.Errorf("jpeg: DecodeInto a read-only view: %w", pixbuf.ErrReadOnly)
	}
	if dec.row != 0 || dec.err != nil {
		return errors.New("jpeg: DecodeInto after rows were read")
	}
	if p.region.Empty() {
		return nil
	}
	return p.run(dec, dst, nil)
}

// compPlan is one component's part of a pixel decode.
type compPlan struct {
	ss         int      // scaled block size: 8, 4, 2 or 1
	method     upMethod // how it reaches the output's resolution
	hexp, vexp int      // expansion for upRep
	dw, dh     int      // valid samples (libjpeg's downsampled size)
	blockRows  int      // block rows per iMCU row
	rows       int      // sample rows per iMCU row
	bw         int      // blocks per block row
	stride     int      // bytes per sample row
	bx0, bx1   int      // block columns transformed
	lo, hi     int      // sample columns the region needs (inclusive)
	q          dequant
	slots      [3][]byte // the samples of three iMCU rows, by row mod 3
	up         []byte    // one upsampled row
	tmp        []byte
	cs         []int32
}

type pixPlan struct {
	img      *Image
	cs       ColorSpace
	channels int
	minS     int // the luma block's scaled size
	outW     int
	outH     int
	rowsIMCU int // output rows per iMCU row
	region   image.Rectangle
	ctx      int // 1 when a component needs the rows above and below
	comps    []compPlan
}

// plan works out the output geometry and each component's method by
// libjpeg-turbo's rules (jdmaster.c, jpeg_calc_output_dimensions, and
// jdsample.c, jinit_upsampler). It allocates nothing large.
func (dec *Decoder) plan(opts *PixelOptions) (*pixPlan, error) {
	var o PixelOptions
	if opts != nil {
		o = *opts
	}
	m := dec.d.img
	p := &pixPlan{img: m, cs: m.ColorSpace(), channels: 3}
	if p.cs == ColorGray {
		p.channels = 1
	}
	switch o.Scale {
	case 0, 1:
		p.minS = 8
	case 2, 4, 8:
		p.minS = 8 / o.Scale
	default:
		return nil, fmt.Errorf("jpeg: scale 1/%d (want 1, 2, 4 or 8): %w", o.Scale, codecerr.ErrUnsupported)
	}
	if o.Upsampling > UpsampleReplicate {
		return nil, fmt.Errorf("jpeg: unknown upsampling %d: %w", o.Upsampling, codecerr.ErrUnsupported)
	}
	p.outW = ceilDiv(m.Width*p.minS, 8)
	p.outH = ceilDiv(m.Height*p.minS, 8)
	full := image.Rect(0, 0, p.outW, p.outH)
	p.region = full
	if !o.Region.Empty() {
		if !o.Region.In(full) {
			return nil, fmt.Errorf("jpeg: region %v outside the %dx%d image: %w", o.Region, p.outW, p.outH, pixbuf.ErrBounds)
		}
		p.region = o.Region
	}
	hmax, vmax := m.MaxSampling()
	gray := len(m.Components) == 1
	if gray {
		hmax, vmax = 1, 1
	}
	p.rowsIMCU = vmax * p.minS
	fancy := o.Upsampling == UpsampleFancy && p.minS > 1
	p.comps = make([]compPlan, len(m.Components))
	for i := range m.Components {
		c := &m.Components[i]
		cp := &p.comps[i]
		h, v := c.H, c.V
		if gray {
			h, v = 1, 1
		}
		// libjpeg-turbo lets a subsampled component use a larger block
		// than luma's when that leaves a whole ratio (4:2:0 at 1/2 is
		// chroma through the 8x8 transform, not upsampled).
		ss := p.minS
		for ss < 8 && (hmax*p.minS)%(h*ss*2) == 0 && (vmax*p.minS)%(v*ss*2) == 0 {
			ss *= 2
		}
		cp.ss = ss
		cp.dw = ceilDiv(m.Width*h*ss, hmax*8)
		cp.dh = ceilDiv(m.Height*v*ss, vmax*8)
		cp.blockRows = m.IMCUBlockRows(i)
		cp.rows = cp.blockRows * ss
		cp.bw = c.BlocksW
		cp.stride = cp.bw * ss
		hin, vin := h*ss/p.minS, v*ss/p.minS
		switch {
		case hin == hmax && vin == vmax:
			cp.method = upFull
		case hin*2 == hmax && vin == vmax && fancy && cp.dw > 2:
			cp.method = upH2V1
		case hin == hmax && vin*2 == vmax && fancy:
			cp.method = upH1V2
			p.ctx = 1
		case hin*2 == hmax && vin*2 == vmax && fancy && cp.dw > 2:
			cp.method = upH2V2
			p.ctx = 1
		case hmax%hin == 0 && vmax%vin == 0:
			cp.method = upRep
			cp.hexp, cp.vexp = hmax/hin, vmax/vin
		default:
			return nil, fmt.Errorf("jpeg: sampling %dx%d of component %d against %dx%d (not a whole ratio): %w",
				c.H, c.V, c.ID, hmax, vmax, codecerr.ErrUnsupported)
		}
		if c.Quant < 0 || c.Quant > 3 || m.Quant[c.Quant] == nil {
			return nil, fmt.Errorf("jpeg: component %d has no quantization table: %w", c.ID, codecerr.ErrFormat)
		}
		for k, qv := range m.Quant[c.Quant] {
			// libjpeg-turbo built with SIMD keeps the table as 16-bit
			// signed values (MULTIPLIER is short); only a 16-bit DQT
			// entry above 32767 notices.
			cp.q[k] = int32(int16(qv))
		}
		// The component's sample columns the region needs.
		x0, x1 := p.region.Min.X, p.region.Max.X-1
		switch cp.method {
		case upFull, upH1V2:
			cp.lo, cp.hi = x0, x1
		case upRep:
			cp.lo, cp.hi = x0/cp.hexp, x1/cp.hexp
		default:
			cp.lo, cp.hi = max(x0/2-1, 0), min(x1/2+1, cp.dw-1)
		}
		cp.bx0, cp.bx1 = cp.lo/ss, min(cp.hi/ss+1, cp.bw)
	}
	return p, nil
}

// run decodes the planned region into dst. With band set, dst holds one
// iMCU row of output rows at a time, and band is called with the first
// (region-relative) and the number of each iMCU row's rows once they are
// in dst.
func (p *pixPlan) run(dec *Decoder, dst pixbuf.View[uint8], band func(y, n int) error) error {
	m := p.img
	n := p.region.Dx()
	for i := range p.comps {
		cp := &p.comps[i]
		for s := range cp.slots {
			cp.slots[s] = make([]byte, cp.rows*cp.stride)
		}
		cp.up = make([]byte, n+2)
		cp.tmp = make([]byte, n+4)
		if cp.method == upH2V2 {
			cp.cs = make([]int32, cp.dw)
		}
	}
	var rowBuf []byte
	if _, ok := dst.RowSlice(0); !ok {
		rowBuf = make([]byte, n*p.channels)
	}
	rlo := p.region.Min.Y / p.rowsIMCU
	rhi := (p.region.Max.Y - 1) / p.rowsIMCU
	rA := max(rlo-p.ctx, 0)
	rB := min(rhi+p.ctx, dec.rows-1)

	var blocks [][]Block
	if dec.streaming {
		blocks = make([][]Block, len(m.Components))
		for i := range m.Components {
			blocks[i] = make([]Block, m.Components[i].BlocksW*m.IMCUBlockRows(i))
			// A block that becomes one sample needs its DC
			// coefficient alone: the reader skips the rest. Only
			// when streaming, where the blocks are this decode's.
			dec.d.dcOnly[i] = p.comps[i].ss == 1
		}
	} else if !dec.done {
		if err := dec.d.decodeAll(); err != nil {
			dec.err = err
			return err
		}
		dec.done = true
	}
	emit := func(e int) error {
		y0 := max(e*p.rowsIMCU, p.region.Min.Y)
		y1 := min((e+1)*p.rowsIMCU, p.region.Max.Y)
		base := p.region.Min.Y // the output row that is dst's row 0
		if band != nil {
			base = y0
		}
		for y := y0; y < y1; y++ {
			p.outputRow(dst, y, y-base, rowBuf)
		}
		if band != nil {
			return band(y0-p.region.Min.Y, y1-y0)
		}
		return nil
	}
	for r := 0; r <= rB; r++ {
		if dec.streaming {
			if err := dec.ReadIMCURow(blocks); err != nil {
				return err
			}
		}
		if r >= rA {
			for i := range p.comps {
				cp := &p.comps[i]
				var src []Block
				if dec.streaming {
					src = blocks[i]
				} else {
					n := cp.bw * cp.blockRows
					src = m.Components[i].Blocks[r*n : (r+1)*n]
				}
				cp.transform(src, cp.slots[r%3])
			}
		}
		if e := r - p.ctx; e >= rlo && e <= rhi {
			if err := emit(e); err != nil {
				return err
			}
		}
	}
	for e := max(rB-p.ctx+1, rlo); e <= rhi; e++ {
		if err := emit(e); err != nil {
			return err
		}
	}
	if !dec.streaming {
		dec.row = dec.rows
	}
	return nil
}

// transform runs the inverse DCT over the planned block columns of one
// iMCU row of blocks into its sample slot.
func (cp *compPlan) transform(src []Block, slot []byte) {
	ss, stride := cp.ss, cp.stride
	for br := range cp.blockRows {
		row := src[br*cp.bw : (br+1)*cp.bw]
		out := slot[br*ss*stride:]
		switch ss {
		case 8:
			idct8Row(row[cp.bx0:cp.bx1], &cp.q, out[cp.bx0*8:], stride)
		case 4:
			for bx := cp.bx0; bx < cp.bx1; bx++ {
				idct4(&row[bx], &cp.q, out[bx*4:], stride)
			}
		case 2:
			for bx := cp.bx0; bx < cp.bx1; bx++ {
				idct2(&row[bx], &cp.q, out[bx*2:], stride)
			}
		default:
			for bx := cp.bx0; bx < cp.bx1; bx++ {
				idct1(&row[bx], &cp.q, out[bx:], stride)
			}
		}
	}
}

// sampleRow returns the component's sample row y, clamped to its valid
// rows; the iMCU row holding it must be in its slot.
func (cp *compPlan) sampleRow(y int) []byte {
	y = min(max(y, 0), cp.dh-1)
	base := (y % cp.rows) * cp.stride
	return cp.slots[(y/cp.rows)%3][base : base+cp.stride]
}

// upRow returns the component's samples for output row y, columns
// x0..x0+n-1.
func (cp *compPlan) upRow(y, x0, n int) []byte {
	switch cp.method {
	case upFull:
		return cp.sampleRow(y)[x0 : x0+n]
	case upRep:
		src := cp.sampleRow(y / cp.vexp)
		if cp.hexp == 1 {
			return src[x0 : x0+n]
		}
		upRepRow(cp.up[:n], src, cp.hexp, x0)
	case upH2V1:
		upH2V1Fast(cp.up[:n], cp.sampleRow(y), cp.dw, x0, cp.tmp)
	case upH1V2:
		yc := y / 2
		if y&1 == 0 {
			upH1V2Row(cp.up[:n], cp.sampleRow(yc), cp.sampleRow(yc-1), x0, 1)
		} else {
			upH1V2Row(cp.up[:n], cp.sampleRow(yc), cp.sampleRow(yc+1), x0, 2)
		}
	case upH2V2:
		yc := y / 2
		far := yc + 1
		if y&1 == 0 {
			far = yc - 1
		}
		upH2V2Fast(cp.up[:n], cp.sampleRow(yc), cp.sampleRow(far), cp.dw, x0, cp.lo, cp.hi, cp.cs, cp.tmp)
	}
	return cp.up[:n]
}

// outputRow converts output row y of the region into row dy of dst.
func (p *pixPlan) outputRow(dst pixbuf.View[uint8], y, dy int, rowBuf []byte) {
	x0, n := p.region.Min.X, p.region.Dx()
	out, ok := dst.RowSlice(dy)
	if !ok {
		out = rowBuf
	}
	c := p.comps
	switch p.cs {
	case ColorGray:
		copy(out, c[0].upRow(y, x0, n))
	case ColorYCbCr:
		yccToRGBFast(out, c[0].upRow(y, x0, n), c[1].upRow(y, x0, n), c[2].upRow(y, x0, n))
	case ColorRGB:
		planesToRGB(out, c[0].upRow(y, x0, n), c[1].upRow(y, x0, n), c[2].upRow(y, x0, n))
	case ColorCMYK:
		cmykToRGB(out, c[0].upRow(y, x0, n), c[1].upRow(y, x0, n), c[2].upRow(y, x0, n), c[3].upRow(y, x0, n))
	case ColorYCCK:
		ycckToRGB(out, c[0].upRow(y, x0, n), c[1].upRow(y, x0, n), c[2].upRow(y, x0, n), c[3].upRow(y, x0, n))
	}
	if !ok {
		row := dst.Row(dy)
		src, _ := pixbuf.Wrap(rowBuf, 1, n, p.channels)
		_ = row.CopyFrom(src)
	}
}
