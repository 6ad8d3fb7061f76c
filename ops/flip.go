package ops

import (
	"fmt"

	"github.com/pixview/pixview/pixbuf"
)

// FlipH mirrors v left to right in place: afterwards v holds what
// v.FlipH().Clone() held before. v may be any writable view: a crop flips
// that region of its parent and nothing else. The error wraps
// pixbuf.ErrReadOnly for a read-only view, which is left untouched.
func FlipH[T pixbuf.Sample](v pixbuf.View[T], opts ...Option) error {
	return flip("FlipH", v, opFlipH, opts)
}

// FlipV mirrors v top to bottom in place by exchanging rows: afterwards v
// holds what v.FlipV().Clone() held before. The error wraps
// pixbuf.ErrReadOnly for a read-only view, which is left untouched.
func FlipV[T pixbuf.Sample](v pixbuf.View[T], opts ...Option) error {
	return flip("FlipV", v, opFlipV, opts)
}

// Rotate180 turns v half a turn in place: afterwards v holds what
// v.Rotate(180).Clone() held before. The error wraps pixbuf.ErrReadOnly for
// a read-only view, which is left untouched.
func Rotate180[T pixbuf.Sample](v pixbuf.View[T], opts ...Option) error {
	return flip("Rotate180", v, opRotate180, opts)
}

// flipOp names one of the in-place mirror operations.
type flipOp uint8

const (
	opFlipH flipOp = iota
	opFlipV
	opRotate180
)

// flip checks v and runs op on it, in row bands when it is large.
func flip[T pixbuf.Sample](name string, v pixbuf.View[T], op flipOp, opts []Option) error {
	if v.ReadOnly() {
		return fmt.Errorf("ops: %s of a read-only view: %w", name, pixbuf.ErrReadOnly)
	}
	buf, g := geomOf(v)
	if g.empty() {
		return nil
	}
	cfg := configOf(opts)
	g, op = canonFlip(g, op)
	j := flipJob[T]{buf: buf, g: g, op: op, path: cfg.path}
	units := j.units()
	if w := cfg.workersFor(v.NBytes(), units); w > 1 {
		parallel(w, units, j.run)
		return nil
	}
	j.run(0, units)
	return nil
}

// canonFlip returns a layout and op that exchange the same pairs of pixels
// as g and op, with non-negative strides, channels in increasing order and
// rows no farther apart than columns, so that more views take a fast kernel.
// A mirror exchanges the same pixels whichever way its axis runs, and
// mirroring a transposed view left to right mirrors the original top to
// bottom.
func canonFlip(g geom, op flipOp) (geom, flipOp) {
	if g.c > 1 && g.sc < 0 {
		g.off += (g.c - 1) * g.sc
		g.sc = -g.sc
	}
	g, transposed := canonPixels(g)
	if transposed {
		switch op {
		case opFlipH:
			op = opFlipV
		case opFlipV:
			op = opFlipH
		}
	}
	return g, op
}

// canonPixels returns the layout of the same set of pixels with
// non-negative strides and rows no farther apart than columns, and whether
// it transposed g to get there. An op that treats every pixel alike, or
// pairs of pixels symmetrically, may run on it instead of g.
func canonPixels(g geom) (geom, bool) {
	if g.sx < 0 {
		g = g.flipX()
	}
	if g.sy < 0 {
		g = g.flipY()
	}
	if (g.w == 1 && g.h > 1) || (g.h > 1 && g.sx > g.sy) {
		return g.transpose(), true
	}
	return g, false
}

// flipJob is one in-place mirror of one layout, split into units of rows.
type flipJob[T pixbuf.Sample] struct {
	buf  []T
	g    geom
	op   flipOp
	path kernelPath
}

// units returns the number of independent row units of the job: rows for
// FlipH, row pairs for FlipV and Rotate180 (with the middle row of an odd
// height as a unit of its own).
func (j flipJob[T]) units() int {
	switch j.op {
	case opFlipH:
		return j.g.h
	case opFlipV:
		return j.g.h / 2
	}
	return (j.g.h + 1) / 2
}

// run processes units [lo, hi).
func (j flipJob[T]) run(lo, hi int) {
	if j.path != pathGeneric && j.g.pixelContiguous() {
		b, p := asBytes(j.buf), pixGeomOf(j.g, sizeOf[T]())
		simd := j.path == pathAuto
		switch j.op {
		case opFlipH:
			flipHPixels(b, p, lo, hi, simd)
		case opFlipV:
			flipVPixels(b, p, lo, hi)
		default:
			rotate180Pixels(b, p, lo, hi, simd)
		}
		return
	}
	switch j.op {
	case opFlipH:
		flipHGeneric(j.buf, j.g, lo, hi)
	case opFlipV:
		flipVGeneric(j.buf, j.g, lo, hi)
	default:
		rotate180Generic(j.buf, j.g, lo, hi)
	}
}
