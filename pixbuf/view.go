package pixbuf

import (
	"fmt"
	"image"

	"github.com/pixview/pixview/internal/safemath"
)

// View is a strided [height, width, channels] window onto a slice of samples.
// It is a small value: copying a View copies the window, never the pixels.
// The zero View is an empty 0x0x0 view.
type View[T Sample] struct {
	// buf holds the samples. Sample (y, x, c) is buf[off + y*sy + x*sx + c*sc],
	// and every such index with 0 <= y < h, 0 <= x < w, 0 <= c < ch was
	// proven inside buf when the view was made.
	buf        []T
	off        int
	h, w, c    int
	sy, sx, sc int
	ro         bool
}

// New returns a zeroed, contiguous, writable h x w x c view. Like make, it
// panics if a size is negative or the product overflows.
func New[T Sample](h, w, c int) View[T] {
	n, ok := nsamples(h, w, c, sizeOf[T]())
	if !ok {
		panic(fmt.Sprintf("pixbuf: New(%d, %d, %d): size out of range", h, w, c))
	}
	return View[T]{buf: make([]T, n), h: h, w: w, c: c, sy: w * c, sx: c, sc: 1}
}

// Wrap casts buf to a contiguous h x w x c view sharing its memory, the way
// memoryview.cast does: len(buf) must be exactly h*w*c, else the error wraps
// ErrShape. A negative size wraps ErrShape; a shape whose size in bytes,
// h*w*c*ItemSize, overflows an int wraps both ErrShape and ErrTooLarge.
func Wrap[T Sample](buf []T, h, w, c int) (View[T], error) {
	if err := checkShape("Wrap", h, w, c, sizeOf[T]()); err != nil {
		return View[T]{}, err
	}
	n := h * w * c
	if n != len(buf) {
		return View[T]{}, fmt.Errorf("pixbuf: Wrap: %d samples cannot be cast to shape [%d %d %d] (%d samples): %w",
			len(buf), h, w, c, n, ErrShape)
	}
	return View[T]{buf: buf, h: h, w: w, c: c, sy: w * c, sx: c, sc: 1}, nil
}

// WrapStrided returns an h x w x c view of buf whose sample (y, x, c) is
// buf[off + y*sy + x*sx + c*sc]. Strides are in samples and may be negative
// or zero. It describes padded rows (a video frame, an image.RGBA whose
// Stride exceeds 4*width), planar layouts and flipped buffers. The error wraps
// ErrShape for a negative size, ErrShape and ErrTooLarge if h*w*c samples
// would not fit in an int's worth of bytes (possible with zero strides), and
// ErrBounds if any reachable index falls outside buf or the index arithmetic
// overflows.
func WrapStrided[T Sample](buf []T, off, h, w, c, sy, sx, sc int) (View[T], error) {
	if err := checkShape("WrapStrided", h, w, c, sizeOf[T]()); err != nil {
		return View[T]{}, err
	}
	v := View[T]{buf: buf, off: off, h: h, w: w, c: c, sy: sy, sx: sx, sc: sc}
	if v.empty() {
		if off < 0 || off > len(buf) {
			return View[T]{}, fmt.Errorf("pixbuf: WrapStrided: offset %d outside buffer of %d samples: %w", off, len(buf), ErrBounds)
		}
		return v, nil
	}
	lo, hi, ok := extent(off, [3]int{h, w, c}, [3]int{sy, sx, sc})
	if !ok || lo < 0 || hi >= len(buf) {
		return View[T]{}, fmt.Errorf("pixbuf: WrapStrided: shape [%d %d %d] strides [%d %d %d] at offset %d reach outside buffer of %d samples: %w",
			h, w, c, sy, sx, sc, off, len(buf), ErrBounds)
	}
	return v, nil
}

// checkShape reports a negative size (ErrShape), or a view of h*w*c samples
// of size bytes each whose Len or NBytes would overflow an int (ErrShape and
// ErrTooLarge).
func checkShape(op string, h, w, c, size int) error {
	if h < 0 || w < 0 || c < 0 {
		return fmt.Errorf("pixbuf: %s: negative shape [%d %d %d]: %w", op, h, w, c, ErrShape)
	}
	if _, ok := nsamples(h, w, c, size); !ok {
		return fmt.Errorf("pixbuf: %s: shape [%d %d %d] of %d-byte samples overflows: %w, %w",
			op, h, w, c, size, ErrShape, ErrTooLarge)
	}
	return nil
}

// nsamples returns h*w*c and whether the sizes are non-negative and
// h*w*c*size fits in an int. A zero size makes the product zero, however
// large the others.
func nsamples(h, w, c, size int) (int, bool) {
	if h < 0 || w < 0 || c < 0 {
		return 0, false
	}
	if h == 0 || w == 0 || c == 0 {
		return 0, true
	}
	if _, ok := safemath.Mul4(h, w, c, size); !ok {
		return 0, false
	}
	return h * w * c, true
}

// extent returns the lowest and highest index reachable from off with the
// given non-empty shape and strides, and whether the arithmetic fit in an int.
func extent(off int, shape, strides [3]int) (lo, hi int, ok bool) {
	lo, hi = off, off
	for i, n := range shape {
		d, ok := safemath.Mul(n-1, strides[i])
		if !ok {
			return 0, 0, false
		}
		if d < 0 {
			lo, ok = safemath.Add(lo, d)
		} else {
			hi, ok = safemath.Add(hi, d)
		}
		if !ok {
			return 0, 0, false
		}
	}
	return lo, hi, true
}

// empty reports whether the view holds no sample.
func (v View[T]) empty() bool { return v.h == 0 || v.w == 0 || v.c == 0 }

// Height returns the number of rows.
func (v View[T]) Height() int { return v.h }

// Width returns the number of columns.
func (v View[T]) Width() int { return v.w }

// Channels returns the number of samples per pixel.
func (v View[T]) Channels() int { return v.c }

// Shape returns the height, width and channel count.
func (v View[T]) Shape() (h, w, c int) { return v.h, v.w, v.c }

// Strides returns the distance, in samples, between neighbouring rows,
// columns and channels. They may be negative.
func (v View[T]) Strides() (sy, sx, sc int) { return v.sy, v.sx, v.sc }

// Len returns the number of samples, h*w*c.
func (v View[T]) Len() int { return v.h * v.w * v.c }

// ItemSize returns the size of one sample in bytes: 1, 2 or 4.
func (v View[T]) ItemSize() int { return sizeOf[T]() }

// Format returns the sample type as a struct format character, as
// memoryview.format does: "B" for uint8, "H" for uint16, "f" for float32.
func (v View[T]) Format() string { return formatOf[T]() }

// NBytes returns the size of the samples in bytes, Len()*ItemSize(), which
// is what Bytes returns and what Clone allocates.
func (v View[T]) NBytes() int { return v.Len() * sizeOf[T]() }

// Bounds returns the rectangle (0, 0)-(width, height).
func (v View[T]) Bounds() image.Rectangle { return image.Rect(0, 0, v.w, v.h) }

// ReadOnly reports whether writes through the view are refused.
func (v View[T]) ReadOnly() bool { return v.ro }

// IsContiguous reports whether the samples lie in row-major order with no
// gap, so that they form one plain slice. Strides of axes of length one do
// not matter, and an empty view is contiguous.
func (v View[T]) IsContiguous() bool {
	if v.empty() {
		return true
	}
	return (v.c == 1 || v.sc == 1) &&
		(v.w == 1 || v.sx == v.c) &&
		(v.h == 1 || v.sy == v.w*v.c)
}

// rowsContiguous reports whether each row is one plain run of w*c samples.
func (v View[T]) rowsContiguous() bool {
	return (v.c == 1 || v.sc == 1) && (v.w == 1 || v.sx == v.c)
}

// Raw returns the backing slice and the index in it of sample (0, 0, 0);
// with Strides it gives kernels direct access to the samples. Writing through
// buf bypasses ReadOnly: that is the caller's responsibility. The offset of
// an empty view is meaningless and need not lie inside buf.
func (v View[T]) Raw() (buf []T, off int) { return v.buf, v.off }

// String describes the view's geometry, not its samples.
func (v View[T]) String() string {
	ro := ""
	if v.ro {
		ro = " read-only"
	}
	return fmt.Sprintf("View[%s]{shape [%d %d %d], strides [%d %d %d], offset %d%s}",
		v.Format(), v.h, v.w, v.c, v.sy, v.sx, v.sc, v.off, ro)
}
