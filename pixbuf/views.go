package pixbuf

import (
	"fmt"
	"image"
)

// Crop returns the part of v inside r, clipped to v.Bounds() the way
// image.RGBA.SubImage clips; the result's origin is (0, 0). A rectangle that
// misses v gives an empty 0 x 0 x c view.
func (v View[T]) Crop(r image.Rectangle) View[T] {
	// r.Intersect(v.Bounds()), spelled out so that Crop can be inlined.
	x0, y0 := max(r.Min.X, 0), max(r.Min.Y, 0)
	x1, y1 := min(r.Max.X, v.w), min(r.Max.Y, v.h)
	if x0 >= x1 || y0 >= y1 {
		x0, y0, x1, y1 = 0, 0, 0, 0 // empty: 0 x 0 at v's origin
	}
	v.off += y0*v.sy + x0*v.sx
	v.h, v.w = y1-y0, x1-x0
	return v
}

// Row returns row y as a 1 x w x c view. It panics if y is out of range.
func (v View[T]) Row(y int) View[T] {
	if uint(y) >= uint(v.h) {
		panic(indexError{"Row", y, v.h, v.w, v.c})
	}
	v.off += y * v.sy
	v.h = 1
	return v
}

// Col returns column x as an h x 1 x c view. It panics if x is out of range.
func (v View[T]) Col(x int) View[T] {
	if uint(x) >= uint(v.w) {
		panic(indexError{"Col", x, v.h, v.w, v.c})
	}
	v.off += x * v.sx
	v.w = 1
	return v
}

// Channel returns channel i as an h x w x 1 view: the red plane of an RGB
// image, say. It panics if i is out of range.
func (v View[T]) Channel(i int) View[T] {
	if uint(i) >= uint(v.c) {
		panic(indexError{"Channel", i, v.h, v.w, v.c})
	}
	v.off += i * v.sc
	v.c = 1
	return v
}

// ChannelRange returns channels lo up to but not including hi, as the slice
// expression [lo:hi] would: ChannelRange(0, 3) of an RGBA view is its RGB. It
// panics unless 0 <= lo <= hi <= Channels().
func (v View[T]) ChannelRange(lo, hi int) View[T] {
	if lo < 0 || hi < lo || hi > v.c {
		panic(channelRangeError{lo, hi, v.h, v.w, v.c})
	}
	if lo < hi {
		v.off += lo * v.sc
	}
	v.c = hi - lo
	return v
}

// FlipH returns v mirrored left to right: column x of the result is column
// w-1-x of v.
func (v View[T]) FlipH() View[T] {
	if v.w > 0 {
		v.off += (v.w - 1) * v.sx
		v.sx = -v.sx
	}
	return v
}

// FlipV returns v mirrored top to bottom: row y of the result is row h-1-y
// of v.
func (v View[T]) FlipV() View[T] {
	if v.h > 0 {
		v.off += (v.h - 1) * v.sy
		v.sy = -v.sy
	}
	return v
}

// Transpose returns the w x h x c view whose sample (y, x, c) is v's
// sample (x, y, c): the image mirrored along its main diagonal.
func (v View[T]) Transpose() View[T] {
	v.h, v.w = v.w, v.h
	v.sy, v.sx = v.sx, v.sy
	return v
}

// Rotate returns v rotated clockwise by deg degrees, a multiple of 90
// (negative values turn counter-clockwise). A quarter turn is a transpose
// followed by a flip. It panics if deg is not a multiple of 90.
func (v View[T]) Rotate(deg int) View[T] {
	if deg%90 != 0 {
		panic(rotateError(deg))
	}
	// Each quarter turn is Transpose then FlipH, spelled out on v's fields:
	// a loop of at most three steps keeps Rotate small enough to inline,
	// where a branch per angle did not. The unsigned remainder counts a
	// negative angle the other way round: -90 is three quarter turns.
	for range uint(deg/90) % 4 {
		v.h, v.w, v.sy, v.sx = v.w, v.h, v.sx, v.sy
		if v.w > 0 {
			v.off += (v.w - 1) * v.sx
			v.sx = -v.sx
		}
	}
	return v
}

// rotateError is the panic value of Rotate by an angle that is not a
// multiple of 90 degrees.
type rotateError int

func (e rotateError) Error() string {
	return fmt.Sprintf("pixbuf: Rotate(%d): not a multiple of 90 degrees", int(e))
}

// AsReadOnly returns v with writes refused. Every view made from a
// read-only view is read-only too.
func (v View[T]) AsReadOnly() View[T] {
	v.ro = true
	return v
}

// indexError is the panic value of an index out of range, naming the index
// and the shape. Building it in place, rather than calling a formatting
// helper, keeps the views that panic with it small enough to inline.
type indexError struct {
	op      string
	i       int
	h, w, c int
}

func (e indexError) Error() string {
	return fmt.Sprintf("pixbuf: %s index %d out of range for shape [%d %d %d]", e.op, e.i, e.h, e.w, e.c)
}

// channelRangeError is the panic value of ChannelRange out of range.
type channelRangeError struct {
	lo, hi  int
	h, w, c int
}

func (e channelRangeError) Error() string {
	return fmt.Sprintf("pixbuf: ChannelRange [%d:%d] out of range for shape [%d %d %d]", e.lo, e.hi, e.h, e.w, e.c)
}

// coordError is the panic value of At or Set with a coordinate out of
// range, and of Set on a read-only view (readOnly); an index out of range
// is reported first.
type coordError struct {
	y, x, c  int
	h, w, ch int
	readOnly bool
}

func (e coordError) Error() string {
	inRange := uint(e.y) < uint(e.h) && uint(e.x) < uint(e.w) && uint(e.c) < uint(e.ch)
	if e.readOnly && inRange {
		return fmt.Sprintf("pixbuf: Set(%d, %d, %d) on a read-only view of shape [%d %d %d]", e.y, e.x, e.c, e.h, e.w, e.ch)
	}
	return fmt.Sprintf("pixbuf: index (%d, %d, %d) out of range for shape [%d %d %d]", e.y, e.x, e.c, e.h, e.w, e.ch)
}
