package pixbuf

import (
	"fmt"
	"unsafe"
)

// Reshape returns a contiguous view of v's samples with a new shape of the
// same length, sharing memory: a 2 x 6 x 1 view reshaped to 2 x 2 x 3. The
// error wraps ErrShape if v is not contiguous or the lengths differ.
func (v View[T]) Reshape(h, w, c int) (View[T], error) {
	s, ok := v.Samples()
	if !ok {
		return View[T]{}, fmt.Errorf("pixbuf: Reshape of a non-contiguous view %v: %w", v, ErrShape)
	}
	r, err := Wrap(s, h, w, c)
	if err != nil {
		return View[T]{}, fmt.Errorf("pixbuf: Reshape [%d %d %d] to [%d %d %d]: %w", v.h, v.w, v.c, h, w, c, ErrShape)
	}
	r.ro = v.ro
	return r, nil
}

// Cast reinterprets the bytes of a contiguous view as samples of type U in
// an h x w x c shape, sharing memory, as memoryview.cast('B') does for an
// int array. The bytes are read in the machine's native byte order (little
// endian on amd64 and arm64). The error wraps ErrShape if v is not
// contiguous, the byte lengths differ, or the memory is not aligned for U.
func Cast[U, T Sample](v View[T], h, w, c int) (View[U], error) {
	s, ok := v.Samples()
	if !ok {
		return View[U]{}, fmt.Errorf("pixbuf: Cast of a non-contiguous view %v: %w", v, ErrShape)
	}
	nb := len(s) * sizeOf[T]()
	n, ok := nsamples(h, w, c, sizeOf[U]())
	if !ok || n*sizeOf[U]() != nb {
		return View[U]{}, fmt.Errorf("pixbuf: Cast of %d bytes to shape [%d %d %d] of %d-byte samples: %w",
			nb, h, w, c, sizeOf[U](), ErrShape)
	}
	if nb == 0 {
		return View[U]{h: h, w: w, c: c, sy: w * c, sx: c, sc: 1, ro: v.ro}, nil
	}
	p := unsafe.Pointer(unsafe.SliceData(s))
	if uintptr(p)%uintptr(sizeOf[U]()) != 0 {
		return View[U]{}, fmt.Errorf("pixbuf: Cast: memory not aligned for %d-byte samples: %w", sizeOf[U](), ErrShape)
	}
	u := unsafe.Slice((*U)(p), nb/sizeOf[U]())
	return View[U]{buf: u, h: h, w: w, c: c, sy: w * c, sx: c, sc: 1, ro: v.ro}, nil
}
