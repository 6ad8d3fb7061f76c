package pixbuf

import (
	"fmt"
	"image"
)

// Crop returns the part of v inside r, clipped to v.Bounds() the way
// image.RGBA.SubImage clips; the result's origin is (0, 0). A rectangle that
// misses v gives an empty view.
func (v View[T]) Crop(r image.Rectangle) View[T] {
	r = r.Intersect(v.Bounds())
	if r.Empty() {
		v.h, v.w, v.off = 0, 0, 0
		return v
	}
	v.off += r.Min.Y*v.sy + r.Min.X*v.sx
	v.h, v.w = r.Dy(), r.Dx()
	return v
}

// Row returns row y as a 1 x w x c view. It panics if y is out of range.
func (v View[T]) Row(y int) View[T] {
	if uint(y) >= uint(v.h) {
		v.panicIndex("Row", y)
	}
	v.off += y * v.sy
	v.h = 1
	return v
}

// Col returns column x as an h x 1 x c view. It panics if x is out of range.
func (v View[T]) Col(x int) View[T] {
	if uint(x) >= uint(v.w) {
		v.panicIndex("Col", x)
	}
	v.off += x * v.sx
	v.w = 1
	return v
}

// Channel returns channel i as an h x w x 1 view: the red plane of an RGB
// image, say. It panics if i is out of range.
func (v View[T]) Channel(i int) View[T] {
	if uint(i) >= uint(v.c) {
		v.panicIndex("Channel", i)
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
		panic(fmt.Sprintf("pixbuf: ChannelRange [%d:%d] out of range for shape [%d %d %d]", lo, hi, v.h, v.w, v.c))
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
		panic(fmt.Sprintf("pixbuf: Rotate(%d): not a multiple of 90 degrees", deg))
	}
	switch (deg/90%4 + 4) % 4 {
	case 1:
		return v.Transpose().FlipH()
	case 2:
		return v.FlipH().FlipV()
	case 3:
		return v.Transpose().FlipV()
	}
	return v
}

// AsReadOnly returns v with writes refused. Every view made from a
// read-only view is read-only too.
func (v View[T]) AsReadOnly() View[T] {
	v.ro = true
	return v
}

// panicIndex panics with the message of an index out of range, naming the
// index and v's shape. It is kept apart so that the views that call it stay
// small enough to inline.
func (v View[T]) panicIndex(op string, i int) {
	panic(fmt.Sprintf("pixbuf: %s index %d out of range for shape [%d %d %d]", op, i, v.h, v.w, v.c))
}
