package ops

import (
	"unsafe"

	"github.com/pixview/pixview/pixbuf"
)

// geom is the layout of a view in its backing slice: sample (y, x, k) is
// buf[off + y*sy + x*sx + k*sc]. The units are samples, or bytes once a
// kernel has reinterpreted the buffer as bytes.
type geom struct {
	off, h, w, c, sy, sx, sc int
}

// geomOf returns the backing slice and layout of v.
func geomOf[T pixbuf.Sample](v pixbuf.View[T]) ([]T, geom) {
	buf, off := v.Raw()
	h, w, c := v.Shape()
	sy, sx, sc := v.Strides()
	return buf, geom{off: off, h: h, w: w, c: c, sy: sy, sx: sx, sc: sc}
}

// empty reports whether the layout holds no sample.
func (g geom) empty() bool { return g.h == 0 || g.w == 0 || g.c == 0 }

// at returns the index of sample (y, x, k).
func (g geom) at(y, x, k int) int { return g.off + y*g.sy + x*g.sx + k*g.sc }

// flipX returns the layout mirrored left to right.
func (g geom) flipX() geom {
	g.off += (g.w - 1) * g.sx
	g.sx = -g.sx
	return g
}

// flipY returns the layout mirrored top to bottom.
func (g geom) flipY() geom {
	g.off += (g.h - 1) * g.sy
	g.sy = -g.sy
	return g
}

// transpose returns the layout with rows and columns exchanged.
func (g geom) transpose() geom {
	g.h, g.w = g.w, g.h
	g.sy, g.sx = g.sx, g.sy
	return g
}

// pixelContiguous reports whether each pixel's samples are adjacent and in
// order, so that a pixel is one run of c samples.
func (g geom) pixelContiguous() bool { return g.c == 1 || g.sc == 1 }

// sizeOf is the size of one sample of type T in bytes.
func sizeOf[T pixbuf.Sample]() int {
	var z T
	return int(unsafe.Sizeof(z))
}

// asBytes returns the memory of buf as bytes.
func asBytes[T pixbuf.Sample](buf []T) []byte {
	if len(buf) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(buf))), len(buf)*sizeOf[T]())
}

// pixGeom is the layout in bytes of a view whose pixels are each one run of
// b bytes: pixel (y, x) starts at byte off + y*sy + x*sx.
type pixGeom struct {
	off, h, w, sy, sx, b int
}

// pixGeomOf converts a pixel-contiguous layout in samples of size bytes to
// bytes.
func pixGeomOf(g geom, size int) pixGeom {
	return pixGeom{off: g.off * size, h: g.h, w: g.w, sy: g.sy * size, sx: g.sx * size, b: g.c * size}
}

// rowsContiguous reports whether each row is one run of w*b bytes.
func (p pixGeom) rowsContiguous() bool { return p.w == 1 || p.sx == p.b }

// row returns row y as a run of w*b bytes of buf; the rows must be contiguous.
func (p pixGeom) row(buf []byte, y int) []byte {
	i := p.off + y*p.sy
	n := p.w * p.b
	return buf[i : i+n : i+n]
}

// sameView reports whether u and v are the same window onto the same
// memory: the one case where a destination may be its own source.
func sameView[T pixbuf.Sample](u, v pixbuf.View[T]) bool {
	ub, ug := geomOf(u)
	vb, vg := geomOf(v)
	return unsafe.SliceData(ub) == unsafe.SliceData(vb) && ug == vg
}
