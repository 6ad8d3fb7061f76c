package jpeg

import (
	"fmt"
	"image"

	"github.com/pixview/pixview/codec/codecerr"
	"github.com/pixview/pixview/pixbuf"
)

// ErrImperfect reports a transform that [EdgePerfect] refuses: the image
// has a partial iMCU on an edge the transform mirrors (see [Perfect]). It
// wraps [codecerr.ErrUnsupported].
var ErrImperfect error = &kindError{"transform is not perfect: partial iMCU on a mirrored edge", codecerr.ErrUnsupported}

// ErrUnaligned reports a crop whose origin is not on the iMCU grid while
// [TransformOptions].SnapCrop is false. It wraps [codecerr.ErrUnsupported]:
// such a crop cannot be done without decoding pixels.
var ErrUnaligned error = &kindError{"crop origin is not on the iMCU grid", codecerr.ErrUnsupported}

// kindError is a sentinel that is also a kind of a wider sentinel: its
// text is said once, with the context, by the error that wraps it.
type kindError struct {
	msg  string
	kind error
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

// EdgePolicy says what a transform does with partial iMCUs (an image whose
// width or height is not a multiple of the iMCU size) on an edge it
// mirrors. The three policies are jpegtran's default, -trim and -perfect.
type EdgePolicy uint8

const (
	// EdgeKeep is jpegtran's default: the blocks of a partial iMCU on a
	// mirrored edge stay where they are, transposed when the transform
	// transposes but not mirrored, so the edge strip shows the source's
	// edge unmirrored. The output has the input's size (transposed).
	EdgeKeep EdgePolicy = iota
	// EdgeTrim is jpegtran -trim: partial iMCUs on a mirrored edge are
	// dropped, so the output is smaller by less than one iMCU on that
	// edge but exact everywhere.
	EdgeTrim
	// EdgePerfect is jpegtran -perfect: a transform that is not perfect
	// for the image's size fails with [ErrImperfect].
	EdgePerfect
)

// String returns the policy as jpegtran's option names it: "keep",
// "trim" or "perfect".
func (e EdgePolicy) String() string {
	switch e {
	case EdgeKeep:
		return "keep"
	case EdgeTrim:
		return "trim"
	case EdgePerfect:
		return "perfect"
	}
	return fmt.Sprintf("EdgePolicy(%d)", uint8(e))
}

// TransformOptions are the choices of [Transform]. The zero value, like a
// nil *TransformOptions, keeps partial edge iMCUs and crops nothing.
type TransformOptions struct {
	// Edge is what to do with partial iMCUs on a mirrored edge.
	Edge EdgePolicy
	// Crop, when not empty, is the region of the transformed image to
	// keep, in its coordinates (after the orientation, as jpegtran's
	// -crop with -rotate): it must lie inside the transformed image. Its
	// origin must be on the iMCU grid of the transformed image unless
	// SnapCrop is set; its size need not be a multiple of anything.
	Crop image.Rectangle
	// SnapCrop moves an off-grid crop origin up and left to the iMCU grid
	// and grows the crop by as much, as jpegtran -crop does, so the output
	// covers the requested region plus at most one iMCU less one pixel
	// on the left and top.
	SnapCrop bool
}

// CropOptions are the choices of [Crop]. The zero value, like a nil
// *CropOptions, refuses an origin off the iMCU grid.
type CropOptions struct {
	// Snap moves an off-grid origin up and left to the iMCU grid, growing
	// the crop by as much, as jpegtran -crop does.
	Snap bool
}

// Perfect reports whether orientation o can be applied to m exactly: no
// mirrored edge of the output ends in a partial iMCU. Transpose is always
// perfect; a horizontal mirror of the output needs its width, a vertical
// mirror its height, to be a multiple of the output's iMCU (8x8 for gray,
// 8*hmax x 8*vmax otherwise, with hmax and vmax swapped by transposes).
// It is jpegtran's test for -perfect. It reads only m's geometry, so the
// header [DecodeConfig] returns will do.
func Perfect(m *Image, o pixbuf.Orientation) bool {
	g := newGeometry(m, o)
	return !(g.fh && g.w%g.iw != 0) && !(g.fv && g.h%g.ih != 0)
}

// Crop returns the part r of m, without decoding: exact and lossless when
// r's origin is on m's iMCU grid (multiples of 8*hmax by 8*vmax, 8x8 for
// gray), whatever r's size; otherwise it fails with [ErrUnaligned], or,
// with opts.Snap, moves the origin to the grid as jpegtran -crop does.
// r must be a non-empty rectangle inside m's bounds. It is Transform with
// the identity and a crop; see there for what the result shares with m.
func Crop(m *Image, r image.Rectangle, opts *CropOptions) (*Image, error) {
	to := TransformOptions{Crop: r}
	if opts != nil {
		to.SnapCrop = opts.Snap
	}
	if r.Empty() {
		return nil, fmt.Errorf("jpeg: empty crop rectangle %v: %w", r, pixbuf.ErrBounds)
	}
	return Transform(m, pixbuf.Identity, &to)
}

// Transform returns m oriented by o (and cropped, if opts asks) by moving
// quantized DCT coefficients, as jpegtran does: no decoding, no loss.
//
// Each 8x8 block is transposed and its odd horizontal (vertical)
// frequencies negated for a horizontal (vertical) mirror; blocks move
// across the region of complete iMCUs; transposes swap each component's
// sampling factors, the frame's width and height, and transpose the
// quantization tables. Partial iMCUs on a mirrored edge follow opts.Edge.
// The result's blocks beyond the image's edge (the padding of the last
// iMCU) are zero with the DC of the block before them, as libjpeg's
// encoder codes them. A gray frame gets 1x1 sampling factors, as jpegtran
// gives it.
//
// The result is a new Image; m is not changed. Its Segments slice is new
// but the segments' Data, and the Trailer, are m's: Transform changes no
// metadata (see [TransformFile] for that). An m whose geometry is not
// consistent (block grids, sampling factors, tables) yields an error
// wrapping [codecerr.ErrFormat].
func Transform(m *Image, o pixbuf.Orientation, opts *TransformOptions) (*Image, error) {
	return transform(m, o, opts, nil)
}

// transform is Transform with the output's planes from s (nil allocates
// them).
func transform(m *Image, o pixbuf.Orientation, opts *TransformOptions, s *Scratch) (*Image, error) {
	var to TransformOptions
	if opts != nil {
		to = *opts
	}
	if err := checkImage(m); err != nil {
		return nil, err
	}
	o &= 7
	g := newGeometry(m, o)
	switch to.Edge {
	case EdgeKeep, EdgeTrim:
	case EdgePerfect:
		if !Perfect(m, o) {
			return nil, fmt.Errorf("jpeg: %s of %dx%d with %dx%d iMCUs: %w", o, m.Width, m.Height, g.iw, g.ih, ErrImperfect)
		}
	default:
		return nil, fmt.Errorf("jpeg: unknown edge policy %d: %w", to.Edge, codecerr.ErrUnsupported)
	}
	if err := g.crop(to.Crop, to.SnapCrop); err != nil {
		return nil, err
	}
	if to.Edge == EdgeTrim {
		g.trim()
	}
	return g.apply(m, s), nil
}

// transformOwned is Transform for a caller that owns m and will not use it
// again: a transform that neither transposes nor changes the block grids
// (the mirrors and the half turn, uncropped, with partial edges kept or
// none to trim or refuse) moves m's blocks in place and returns m,
// sparing a second set of planes; any other takes its output's planes
// from s (nil allocates them).
func transformOwned(m *Image, o pixbuf.Orientation, opts *TransformOptions, s *Scratch) (*Image, error) {
	o &= 7
	var to TransformOptions
	if opts != nil {
		to = *opts
	}
	sameGrid := to.Edge == EdgeKeep || (to.Edge == EdgeTrim || to.Edge == EdgePerfect) && Perfect(m, o)
	if sameGrid && to.Crop == (image.Rectangle{}) {
		if o.SwapsAxes() || len(m.Components) == 1 && (m.Components[0].H != 1 || m.Components[0].V != 1) {
			return transform(m, o, opts, s)
		}
		if err := checkImage(m); err != nil {
			return nil, err
		}
		g := newGeometry(m, o)
		for i := range m.Components {
			g.mirrorInPlace(&m.Components[i])
		}
		if !g.gray {
			padLikeLibjpeg(m)
		}
		return m, nil
	}
	return transform(m, o, opts, s)
}

// geometry is one transform's plan, in the output's terms: the transposed
// frame before any crop (full size w x h), the output's size (ow x oh),
// its iMCU (iw x ih pixels) and the crop offset in whole iMCUs.
type geometry struct {
	o          pixbuf.Orientation
	t, fh, fv  bool
	gray       bool
	w, h       int // the transposed frame's size, before crop and trim
	iw, ih     int // the output's iMCU in pixels
	ow, oh     int // the output's size
	cx, cy     int // crop offset in iMCUs
	mcuX, mcuY int // complete iMCUs across and down the transposed frame
}

func newGeometry(m *Image, o pixbuf.Orientation) geometry {
	o &= 7
	g := geometry{o: o, t: o.SwapsAxes(), fh: o&pixbuf.FlipHorizontal != 0, fv: o&pixbuf.FlipVertical != 0}
	g.gray = len(m.Components) == 1
	hmax, vmax := m.MaxSampling()
	if g.gray {
		hmax, vmax = 1, 1
	}
	g.w, g.h = m.Width, m.Height
	if g.t {
		g.w, g.h = g.h, g.w
		hmax, vmax = vmax, hmax
	}
	g.iw, g.ih = 8*hmax, 8*vmax
	g.ow, g.oh = g.w, g.h
	g.mcuX, g.mcuY = g.w/g.iw, g.h/g.ih
	return g
}

// crop applies a crop rectangle in the transformed frame's coordinates,
// as jtransform_request_workspace does.
func (g *geometry) crop(r image.Rectangle, snap bool) error {
	if r == (image.Rectangle{}) {
		return nil
	}
	if r.Empty() || r.Min.X < 0 || r.Min.Y < 0 || r.Max.X > g.w || r.Max.Y > g.h {
		return fmt.Errorf("jpeg: crop %v outside the %dx%d image: %w", r, g.w, g.h, pixbuf.ErrBounds)
	}
	dx, dy := r.Min.X%g.iw, r.Min.Y%g.ih
	if (dx != 0 || dy != 0) && !snap {
		return fmt.Errorf("jpeg: crop at %v with %dx%d iMCUs: %w", r.Min, g.iw, g.ih, ErrUnaligned)
	}
	g.cx, g.cy = r.Min.X/g.iw, r.Min.Y/g.ih
	g.ow, g.oh = r.Dx()+dx, r.Dy()+dy
	return nil
}

// trim drops the partial iMCUs of the mirrored edges when the output
// reaches them, as jpegtran's trim_right_edge and trim_bottom_edge do.
func (g *geometry) trim() {
	if g.fh {
		if n := g.ow / g.iw; n > 0 && g.cx+n == g.mcuX {
			g.ow = n * g.iw
		}
	}
	if g.fv {
		if n := g.oh / g.ih; n > 0 && g.cy+n == g.mcuY {
			g.oh = n * g.ih
		}
	}
}

// unmirrored reports whether the output reaches, on a mirrored axis,
// into the partial iMCU that the transform leaves in place: a strip of
// the output that is not where the transform would put it.
func (g *geometry) unmirrored() bool {
	return g.fh && g.cx*g.iw+g.ow > g.mcuX*g.iw || g.fv && g.cy*g.ih+g.oh > g.mcuY*g.ih
}

// edges returns, for m oriented by o with the options opts (which
// Transform has accepted), whether partial edge iMCUs were trimmed and
// whether some remain unmirrored in the output.
func edges(m *Image, o pixbuf.Orientation, opts *TransformOptions) (trimmed, kept bool) {
	g := newGeometry(m, o)
	if g.crop(opts.Crop, opts.SnapCrop) != nil {
		return false, false
	}
	if opts.Edge == EdgeTrim {
		w, h := g.ow, g.oh
		g.trim()
		trimmed = g.ow != w || g.oh != h
	}
	return trimmed, g.unmirrored()
}

// apply builds the output Image, its planes from s (nil allocates them).
func (g *geometry) apply(m *Image, s *Scratch) *Image {
	out := &Image{
		Width:           g.ow,
		Height:          g.oh,
		Process:         m.Process,
		RestartInterval: m.RestartInterval,
		Segments:        append([]Segment(nil), m.Segments...),
		Trailer:         m.Trailer,
		Components:      make([]Component, len(m.Components)),
	}
	for i, q := range m.Quant {
		if q == nil {
			continue
		}
		nq := *q
		if g.t {
			for v := range 8 {
				for u := range v {
					nq[v*8+u], nq[u*8+v] = nq[u*8+v], nq[v*8+u]
				}
			}
		}
		out.Quant[i] = &nq
	}
	mw, mh := ceilDiv(g.ow, g.iw), ceilDiv(g.oh, g.ih)
	for i := range m.Components {
		src := &m.Components[i]
		dst := &out.Components[i]
		dst.ID, dst.Quant = src.ID, src.Quant
		dst.H, dst.V = src.H, src.V
		if g.gray {
			dst.H, dst.V = 1, 1
		} else if g.t {
			dst.H, dst.V = src.V, src.H
		}
		dst.BlocksW, dst.BlocksH = mw*dst.H, mh*dst.V
	}
	carve(out.Components, s.blocks(planeOut, planeSize(out.Components)))
	for i := range m.Components {
		g.moveBlocks(&out.Components[i], &m.Components[i])
	}
	if !g.gray {
		padLikeLibjpeg(out)
	}
	return out
}

// moveBlocks fills dst's blocks from src's. Along each output axis the
// blocks of complete iMCUs are mirrored when the orientation mirrors that
// axis; the others (partial edge iMCUs, or an axis not mirrored) keep
// their place, shifted by the crop. This is transupp.c's rule for every
// transform, written once: output block (x, y) reads block (sx, sy) of the
// transposed source.
func (g *geometry) moveBlocks(dst, src *Component) {
	h, v := dst.H, dst.V
	compW, compH := g.mcuX*h, g.mcuY*v // blocks of complete iMCUs
	xcb, ycb := g.cx*h, g.cy*v
	// The source grid as the transposed frame sees it.
	sw, sh, sxStride, syStride := src.BlocksW, src.BlocksH, 1, src.BlocksW
	if g.t {
		sw, sh, sxStride, syStride = src.BlocksH, src.BlocksW, src.BlocksW, 1
	}
	base := g.o & pixbuf.Transpose
	for y := range dst.BlocksH {
		sy, ko := y+ycb, base
		if g.fv && sy < compH {
			sy, ko = compH-1-sy, ko|pixbuf.FlipVertical
		}
		row := dst.Blocks[y*dst.BlocksW : (y+1)*dst.BlocksW]
		if sy >= sh {
			continue // padding past the source: left zero
		}
		for x := range row {
			sx, k := x+xcb, ko
			if g.fh && sx < compW {
				sx, k = compW-1-sx, k|pixbuf.FlipHorizontal
			}
			if sx >= sw {
				continue
			}
			moveBlock(&row[x], &src.Blocks[sy*syStride+sx*sxStride], k)
		}
	}
}

// mirrorInPlace is moveBlocks for a transform without transpose or crop
// on c's own grid: each axis's map is an involution, so blocks are
// exchanged in pairs, each through the kernel of its position (the same
// for both: mirroring applies to both or to neither).
func (g *geometry) mirrorInPlace(c *Component) {
	compW, compH := g.mcuX*c.H, g.mcuY*c.V
	mapY := func(y int) (int, pixbuf.Orientation) {
		if g.fv && y < compH {
			return compH - 1 - y, pixbuf.FlipVertical
		}
		return y, 0
	}
	for y := range c.BlocksH {
		sy, ky := mapY(y)
		if sy < y {
			continue // done with its partner
		}
		row := c.Blocks[y*c.BlocksW : (y+1)*c.BlocksW]
		srow := c.Blocks[sy*c.BlocksW : (sy+1)*c.BlocksW]
		for x := range row {
			sx, k := x, ky
			if g.fh && x < compW {
				sx, k = compW-1-x, k|pixbuf.FlipHorizontal
			}
			if sy == y && sx < x {
				continue
			}
			a, b := &row[x], &srow[sx]
			if a != b {
				*a, *b = *b, *a
				negate(b, k)
			}
			negate(a, k)
		}
	}
}

// moveBlock sets dst to src moved by orientation o: transposed, then its
// odd horizontal and vertical frequencies negated for the mirrors. A
// transpose goes through o's kernel in one pass; the mirrors alone copy
// the block and negate in place, which measured faster.
func moveBlock(dst, src *Block, o pixbuf.Orientation) {
	if o&pixbuf.Transpose != 0 {
		kernels[o&7].apply(dst, src)
		return
	}
	*dst = *src
	negate(dst, o)
}

// negate applies o's mirrors to a block in place: (-1)^u for a
// horizontal mirror, (-1)^v for a vertical one.
func negate(b *Block, o pixbuf.Orientation) {
	switch o & (pixbuf.FlipHorizontal | pixbuf.FlipVertical) {
	case pixbuf.FlipHorizontal:
		for i := 1; i < 64; i += 2 {
			b[i] = -b[i]
		}
	case pixbuf.FlipVertical:
		for i := 8; i < 64; i += 16 {
			r := (*[8]int16)(b[i : i+8])
			for j := range r {
				r[j] = -r[j]
			}
		}
	case pixbuf.Rotate180:
		for v := range 8 {
			for u := 1 - v&1; u < 8; u += 2 {
				b[v*8+u] = -b[v*8+u]
			}
		}
	}
}

// kernel moves one block: dst[i] = ±src[perm[i]], the sign from neg
// (0 or -1) as (x ^ neg) - neg.
type kernel struct {
	perm [64]uint8
	neg  [64]int16
}

func (k *kernel) apply(dst, src *Block) {
	for i := range dst {
		n := k.neg[i]
		dst[i] = (src[k.perm[i]&63] ^ n) - n
	}
}

// kernels holds the block kernel of each orientation: transpose u and v,
// then negate odd u for a horizontal mirror, odd v for a vertical one.
var kernels = func() (ks [8]kernel) {
	for o := range ks {
		k := &ks[o]
		or := pixbuf.Orientation(o)
		for v := range 8 {
			for u := range 8 {
				i := v*8 + u
				k.perm[i] = uint8(i)
				if or.SwapsAxes() {
					k.perm[i] = uint8(u*8 + v)
				}
				if or&pixbuf.FlipHorizontal != 0 && u&1 != 0 {
					k.neg[i] ^= -1
				}
				if or&pixbuf.FlipVertical != 0 && v&1 != 0 {
					k.neg[i] ^= -1
				}
			}
		}
	}
	return ks
}()

// padLikeLibjpeg sets every block of an interleaved frame that lies past
// the image's edge (in the last iMCU column or row) to what libjpeg's
// encoder codes there: zero AC, and the DC of the block before it in the
// MCU (jctrans.c compress_output). The blocks carry no pixel, so this only
// keeps the output as small as jpegtran's and independent of what the
// transform moved there.
func padLikeLibjpeg(m *Image) {
	hmax, vmax := m.MaxSampling()
	mw, mh := m.MCUs()
	for i := range m.Components {
		c := &m.Components[i]
		cw, ch := c.CodedBlocks(m.Width, m.Height, hmax, vmax)
		if cw == c.BlocksW && ch == c.BlocksH {
			continue
		}
		for my := range mh {
			for mx := range mw {
				if (mx+1)*c.H <= cw && (my+1)*c.V <= ch {
					continue
				}
				var prev int16
				for y := range c.V {
					for x := range c.H {
						bx, by := mx*c.H+x, my*c.V+y
						b := &c.Blocks[by*c.BlocksW+bx]
						if bx >= cw || by >= ch {
							*b = Block{0: prev}
						}
						prev = b[0]
					}
				}
			}
		}
	}
}

// checkImage verifies that m's geometry is one Transform can trust: sizes,
// sampling factors, tables and block grids agree, so that no block index
// computed from them falls outside a grid.
func checkImage(m *Image) error {
	if m == nil {
		return fmt.Errorf("jpeg: nil Image: %w", codecerr.ErrFormat)
	}
	if m.Width < 1 || m.Height < 1 || m.Width > 65535 || m.Height > 65535 {
		return fmt.Errorf("jpeg: image size %dx%d outside 1..65535: %w", m.Width, m.Height, codecerr.ErrFormat)
	}
	n := len(m.Components)
	if n < 1 || n > 4 {
		return fmt.Errorf("jpeg: %d components, want 1 to 4: %w", n, codecerr.ErrFormat)
	}
	mw, mh := m.MCUs()
	for i := range m.Components {
		c := &m.Components[i]
		if c.H < 1 || c.H > 4 || c.V < 1 || c.V > 4 {
			return fmt.Errorf("jpeg: component %d: sampling factors %dx%d outside 1..4: %w", i, c.H, c.V, codecerr.ErrFormat)
		}
		if c.Quant < 0 || c.Quant > 3 || m.Quant[c.Quant] == nil {
			return fmt.Errorf("jpeg: component %d: quantization table %d is not defined: %w", i, c.Quant, codecerr.ErrFormat)
		}
		w, h := mw*c.H, mh*c.V
		if n == 1 {
			w, h = mw, mh
		}
		if c.BlocksW != w || c.BlocksH != h || len(c.Blocks) != w*h {
			return fmt.Errorf("jpeg: component %d: %dx%d grid of %d blocks, want %dx%d: %w", i, c.BlocksW, c.BlocksH, len(c.Blocks), w, h, codecerr.ErrFormat)
		}
	}
	return nil
}
