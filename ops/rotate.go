package ops

import "github.com/pixview/pixview/pixbuf"

// Transpose writes src mirrored along its main diagonal into dst: afterwards
// dst holds what src.Transpose().Clone() holds. dst must be w x h x c for an
// h x w x c src (else the error wraps pixbuf.ErrShape) and writable (else
// pixbuf.ErrReadOnly). dst may be src itself when src is square, and the
// transpose happens in place; any other overlap of dst and src is refused
// with ErrOverlap.
func Transpose[T pixbuf.Sample](dst, src pixbuf.View[T], opts ...Option) error {
	return orient("Transpose", dst, src, pixbuf.Transpose, opts)
}

// Rotate90 writes src turned a quarter turn clockwise into dst: afterwards
// dst holds what src.Rotate(90).Clone() holds. Shapes, read-only views and
// overlap are treated as by [Transpose], including the in-place case.
func Rotate90[T pixbuf.Sample](dst, src pixbuf.View[T], opts ...Option) error {
	return orient("Rotate90", dst, src, pixbuf.Rotate90, opts)
}

// Rotate270 writes src turned a quarter turn counter-clockwise (three
// quarters clockwise) into dst: afterwards dst holds what
// src.Rotate(270).Clone() holds. Shapes, read-only views and overlap are
// treated as by [Transpose], including the in-place case.
func Rotate270[T pixbuf.Sample](dst, src pixbuf.View[T], opts ...Option) error {
	return orient("Rotate270", dst, src, pixbuf.Rotate270, opts)
}

// Orient writes src under orientation o into dst: afterwards dst holds
// what src.Orient(o).Clone() holds, so that with the orientation of an
// EXIF tag it turns stored pixels into displayed ones. dst must have the
// shape of src.Orient(o) (else the error wraps pixbuf.ErrShape) and be
// writable (else pixbuf.ErrReadOnly). dst may be src itself: the mirrors
// and the half turn then run in place on any view, and the transposes and
// quarter turns on a square one; any other overlap of dst and src is
// refused with ErrOverlap.
func Orient[T pixbuf.Sample](dst, src pixbuf.View[T], o pixbuf.Orientation, opts ...Option) error {
	return orient("Orient", dst, src, o, opts)
}

// orient checks its arguments and writes src under o into dst, in place
// when dst is src.
func orient[T pixbuf.Sample](name string, dst, src pixbuf.View[T], o pixbuf.Orientation, opts []Option) error {
	h, w, c := src.Orient(o).Shape()
	dh, dw, dc := dst.Shape()
	if dh != h || dw != w || dc != c {
		return errShape(name, [3]int{h, w, c}, [3]int{dh, dw, dc})
	}
	if dst.ReadOnly() {
		return errReadOnly(name)
	}
	if dst.Len() == 0 {
		return nil
	}
	cfg := configOf(opts)
	if sameView(dst, src) {
		if o.SwapsAxes() {
			transposeInPlace(dst, cfg)
			// What is left to do after the transpose: the transpose is its
			// own inverse, so it is Transpose then o.
			o = pixbuf.Transpose.Then(o)
		}
		switch o {
		case pixbuf.FlipHorizontal:
			return flip(name, dst, opFlipH, opts)
		case pixbuf.FlipVertical:
			return flip(name, dst, opFlipV, opts)
		case pixbuf.Rotate180:
			return flip(name, dst, opRotate180, opts)
		}
		return nil
	}
	if pixbuf.Overlap(dst, src) {
		return errOverlap(name)
	}
	copyView(dst, src.Orient(o), cfg)
	return nil
}

// copyView copies src into dst, which have the same shape and do not
// overlap, in tiles so that a transposed src is read a cache line at a time.
func copyView[T pixbuf.Sample](dst, src pixbuf.View[T], cfg config) {
	d, dg := geomOf(dst)
	s, sg := geomOf(src)
	j := copyJob[T]{dst: d, dg: dg, src: s, sg: sg, path: cfg.path}
	if w := cfg.workersFor(dst.NBytes(), dg.h); w > 1 {
		parallel(w, dg.h, j.run)
		return
	}
	j.run(0, dg.h)
}

// copyJob copies one layout into another, split into bands of rows.
type copyJob[T pixbuf.Sample] struct {
	dst  []T
	dg   geom
	src  []T
	sg   geom
	path kernelPath
}

// run copies rows [y0, y1).
func (j copyJob[T]) run(y0, y1 int) {
	if j.path != pathGeneric && j.dg.pixelContiguous() && j.sg.pixelContiguous() {
		size := sizeOf[T]()
		copyPixelsTiled(asBytes(j.dst), pixGeomOf(j.dg, size), asBytes(j.src), pixGeomOf(j.sg, size), y0, y1, j.path == pathAuto)
		return
	}
	copyGeneric(j.dst, j.dg, j.src, j.sg, y0, y1)
}

// transposeInPlace transposes the square view v in place.
func transposeInPlace[T pixbuf.Sample](v pixbuf.View[T], cfg config) {
	buf, g := geomOf(v)
	j := transposeJob[T]{buf: buf, g: g, path: cfg.path}
	units := j.units()
	if w := cfg.workersFor(v.NBytes(), units); w > 1 {
		parallel(w, units, j.run)
		return
	}
	j.run(0, units)
}

// transposeJob transposes one square layout in place, split into bands of
// tile rows (of rows, on the generic path).
type transposeJob[T pixbuf.Sample] struct {
	buf  []T
	g    geom
	path kernelPath
}

// fast reports whether the job takes the tiled pixel kernel.
func (j transposeJob[T]) fast() bool { return j.path != pathGeneric && j.g.pixelContiguous() }

// units returns the number of independent units of the job.
func (j transposeJob[T]) units() int {
	if j.fast() {
		return (j.g.h + tileSide - 1) / tileSide
	}
	return j.g.h
}

// run processes units [lo, hi).
func (j transposeJob[T]) run(lo, hi int) {
	if j.fast() {
		transposePixelsTiled(asBytes(j.buf), pixGeomOf(j.g, sizeOf[T]()), lo, hi, j.path == pathAuto)
		return
	}
	transposeGeneric(j.buf, j.g, lo, hi)
}
