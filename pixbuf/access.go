package pixbuf

import "iter"

// At returns sample (y, x, c). It panics if an index is out of range.
func (v View[T]) At(y, x, c int) T {
	if uint(y) >= uint(v.h) || uint(x) >= uint(v.w) || uint(c) >= uint(v.c) {
		panic(coordError{y, x, c, v.h, v.w, v.c, false})
	}
	return v.buf[v.off+y*v.sy+x*v.sx+c*v.sc]
}

// Set sets sample (y, x, c) to s. It panics if an index is out of range or
// the view is read-only.
func (v View[T]) Set(y, x, c int, s T) {
	if uint(y) >= uint(v.h) || uint(x) >= uint(v.w) || uint(c) >= uint(v.c) || v.ro {
		panic(coordError{y, x, c, v.h, v.w, v.c, v.ro})
	}
	v.buf[v.off+y*v.sy+x*v.sx+c*v.sc] = s
}

// Rows returns an iterator over the rows of v, each a 1 x w x c view, top
// to bottom.
func (v View[T]) Rows() iter.Seq2[int, View[T]] {
	return func(yield func(int, View[T]) bool) {
		for y := 0; y < v.h; y++ {
			if !yield(y, v.Row(y)) {
				return
			}
		}
	}
}

// RowSlice returns row y as a plain slice of w*c samples sharing memory
// with v, and true, when the row is contiguous; otherwise nil and false.
// The slice's capacity is capped at its length, so an append never writes
// into the next row. Writing through the slice of a read-only view is the
// caller's fault. It panics if y is out of range.
func (v View[T]) RowSlice(y int) ([]T, bool) {
	if uint(y) >= uint(v.h) {
		panic(indexError{"RowSlice", y, v.h, v.w, v.c})
	}
	n := v.w * v.c
	if n == 0 {
		// An empty row is contiguous, and the offset of an empty view need
		// not lie inside buf.
		return v.buf[:0:0], true
	}
	if !v.rowsContiguous() {
		return nil, false
	}
	i := v.off + y*v.sy
	return v.buf[i : i+n : i+n], true
}

// Samples returns all samples as one plain slice sharing memory with v, and
// true, when v is contiguous; otherwise nil and false. An empty view gives an
// empty slice and true. Writing through the slice of a read-only view is the
// caller's fault.
func (v View[T]) Samples() ([]T, bool) {
	if !v.IsContiguous() {
		return nil, false
	}
	if v.empty() {
		return v.buf[:0:0], true
	}
	n := v.Len()
	return v.buf[v.off : v.off+n : v.off+n], true
}
