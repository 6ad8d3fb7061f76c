package pixbuf

import (
	"fmt"
	"unsafe"
)

// Clone returns a contiguous, writable copy of v's samples in row-major
// order, whatever v's strides.
func (v View[T]) Clone() View[T] {
	dst := New[T](v.h, v.w, v.c)
	dst.copyFrom(v)
	return dst
}

// Contiguous returns v itself if it is contiguous, else Clone(). The result
// shares memory with v, and keeps its read-only flag, only in the first case;
// a copy is writable.
func (v View[T]) Contiguous() View[T] {
	if v.IsContiguous() {
		return v
	}
	return v.Clone()
}

// CopyFrom copies src's samples into v, like memoryview slice assignment.
// The shapes must match (ErrShape) and v must be writable (ErrReadOnly).
// It is correct whatever the overlap of v and src: copying a view onto its
// own flipped twin leaves it flipped.
func (v View[T]) CopyFrom(src View[T]) error {
	if v.h != src.h || v.w != src.w || v.c != src.c {
		return fmt.Errorf("pixbuf: CopyFrom: shape [%d %d %d] into [%d %d %d]: %w",
			src.h, src.w, src.c, v.h, v.w, v.c, ErrShape)
	}
	if v.ro {
		return fmt.Errorf("pixbuf: CopyFrom into a read-only view: %w", ErrReadOnly)
	}
	if v.empty() || v.sameWindow(src) {
		return nil
	}
	if Overlap(v, src) {
		src = src.Clone()
	}
	v.copyFrom(src)
	return nil
}

// sameWindow reports whether v and u, of the same shape, see the same
// samples in the same order, so that copying one onto the other is a no-op.
func (v View[T]) sameWindow(u View[T]) bool {
	return unsafe.SliceData(v.buf) == unsafe.SliceData(u.buf) && v.off == u.off &&
		(v.h == 1 || v.sy == u.sy) && (v.w == 1 || v.sx == u.sx) && (v.c == 1 || v.sc == u.sc)
}

// copyFrom copies src into v, which have the same shape and do not overlap.
func (v View[T]) copyFrom(src View[T]) {
	if v.empty() {
		return
	}
	switch {
	case v.IsContiguous() && src.IsContiguous():
		n := v.Len()
		copy(v.buf[v.off:v.off+n], src.buf[src.off:src.off+n])
	case v.rowsContiguous() && src.rowsContiguous():
		n := v.w * v.c
		for y := 0; y < v.h; y++ {
			d, s := v.off+y*v.sy, src.off+y*src.sy
			copy(v.buf[d:d+n], src.buf[s:s+n])
		}
	default:
		for y := 0; y < v.h; y++ {
			for x := 0; x < v.w; x++ {
				d, s := v.off+y*v.sy+x*v.sx, src.off+y*src.sy+x*src.sx
				for c := 0; c < v.c; c++ {
					v.buf[d+c*v.sc] = src.buf[s+c*src.sc]
				}
			}
		}
	}
}

// Overlap reports whether the memory ranges reachable by u and v meet, so
// that a write through one may change what the other reads. It is
// conservative: two interleaved channels of one image overlap. An empty view
// overlaps nothing.
func Overlap[T Sample](u, v View[T]) bool {
	if u.empty() || v.empty() {
		return false
	}
	ulo, uhi, _ := extent(u.off, [3]int{u.h, u.w, u.c}, [3]int{u.sy, u.sx, u.sc})
	vlo, vhi, _ := extent(v.off, [3]int{v.h, v.w, v.c}, [3]int{v.sy, v.sx, v.sc})
	// Both base addresses are taken with no call in between, so that a
	// stack move cannot separate them.
	ub := uintptr(unsafe.Pointer(unsafe.SliceData(u.buf)))
	vb := uintptr(unsafe.Pointer(unsafe.SliceData(v.buf)))
	size := uintptr(sizeOf[T]())
	// The byte ranges [lo, hi+size) of both views meet.
	return ub+uintptr(ulo)*size < vb+uintptr(vhi)*size+size &&
		vb+uintptr(vlo)*size < ub+uintptr(uhi)*size+size
}

// Bytes returns a row-major copy of the samples as bytes in the machine's
// native byte order, as memoryview.tobytes() does.
func (v View[T]) Bytes() []byte {
	c := v.Contiguous()
	s, _ := c.Samples()
	out := make([]byte, v.NBytes())
	if len(s) > 0 {
		copy(out, unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(out)))
	}
	return out
}

// Equal reports whether u and v have the same shape and the same samples,
// compared with == (so a float32 NaN is never equal). Strides, offsets and
// read-only flags do not matter.
func (v View[T]) Equal(u View[T]) bool {
	if v.h != u.h || v.w != u.w || v.c != u.c {
		return false
	}
	for y := 0; y < v.h; y++ {
		for x := 0; x < v.w; x++ {
			a, b := v.off+y*v.sy+x*v.sx, u.off+y*u.sy+x*u.sx
			for c := 0; c < v.c; c++ {
				if v.buf[a+c*v.sc] != u.buf[b+c*u.sc] {
					return false
				}
			}
		}
	}
	return true
}

// Fill sets every sample of v to s. The error wraps ErrReadOnly for a
// read-only view.
func (v View[T]) Fill(s T) error {
	if v.ro {
		return fmt.Errorf("pixbuf: Fill of a read-only view: %w", ErrReadOnly)
	}
	if v.empty() {
		return nil
	}
	if v.rowsContiguous() {
		n := v.w * v.c
		for y := 0; y < v.h; y++ {
			i := v.off + y*v.sy
			row := v.buf[i : i+n]
			for k := range row {
				row[k] = s
			}
		}
		return nil
	}
	for y := 0; y < v.h; y++ {
		for x := 0; x < v.w; x++ {
			d := v.off + y*v.sy + x*v.sx
			for c := 0; c < v.c; c++ {
				v.buf[d+c*v.sc] = s
			}
		}
	}
	return nil
}
