package ops

import (
	"encoding/binary"
	"runtime"
	"unsafe"
)

// The kernels below move whole pixels of b bytes (pixGeom) and so serve
// every sample type alike. They take a band of units as the generic ones do.

// flipHPixels mirrors rows [y0, y1) left to right.
func flipHPixels(buf []byte, p pixGeom, y0, y1 int, simd bool) {
	if p.rowsContiguous() {
		r := newRowReverser(p.b, simd)
		var s byte
		ahead := false // whether row y was prefetched while row y-1 was reversed
		for y := y0; y < y1; y++ {
			row, next := p.row(buf, y), []byte(nil)
			if y+1 < y1 {
				next = p.row(buf, y+1)
			}
			if !ahead {
				s ^= touchRow(row)
			}
			ahead = r.reverseAhead(row, next)
		}
		runtime.KeepAlive(s)
		return
	}
	for y := y0; y < y1; y++ {
		r := p.off + y*p.sy
		for x, x2 := 0, p.w-1; x < x2; x, x2 = x+1, x2-1 {
			swapPix(buf, r+x*p.sx, r+x2*p.sx, p.b)
		}
	}
}

// touchRow reads one byte of every 64-byte cache line of row, front to
// back, and returns their xor. A reversal walks its row from both ends at
// once, and the hardware prefetcher does not follow the backward walk, so
// each line of the back half is waited for; reading the row forwards first
// streams it into the cache. At 12 MP RGB24 it took the SSSE3 flip from 3.4
// to 2.3 ms. The caller keeps the result alive so that the loads stay. The
// assembly kernels prefetch the next row as they reverse one instead, which
// overlaps the two: the SSSE3 flip went from 2.00 ms with touchRow to 1.07
// (builds run in turns; the floor: about 1.0). Only the first row of a
// band, and rows too short for the kernels, are touched.
func touchRow(row []byte) byte {
	var s byte
	for i := 0; i < len(row); i += 64 {
		s ^= row[i]
	}
	return s
}

// flipVPixels exchanges row y with row h-1-y for y in [y0, y1).
func flipVPixels(buf []byte, p pixGeom, y0, y1 int) {
	if p.rowsContiguous() {
		for y := y0; y < y1; y++ {
			var na, nb []byte
			if y+1 < y1 {
				na, nb = p.row(buf, y+1), p.row(buf, p.h-2-y)
			}
			swapRowsAhead(p.row(buf, y), p.row(buf, p.h-1-y), na, nb)
		}
		return
	}
	for y := y0; y < y1; y++ {
		swapRowPixels(buf, p, y, p.h-1-y)
	}
}

// rotate180Pixels exchanges row y with row h-1-y, each mirrored, for y in
// [y0, y1); the middle row of an odd height is mirrored alone.
func rotate180Pixels(buf []byte, p pixGeom, y0, y1 int, simd bool) {
	r := newRowReverser(p.b, simd)
	for y := y0; y < y1; y++ {
		y2 := p.h - 1 - y
		if y == y2 {
			flipHPixels(buf, p, y, y+1, simd)
			continue
		}
		if p.rowsContiguous() {
			var na, nb []byte
			if y+1 < y1 && y+1 < y2-1 {
				na, nb = p.row(buf, y+1), p.row(buf, y2-1)
			}
			r.swapReverse(p.row(buf, y), p.row(buf, y2), na, nb)
			continue
		}
		r, r2 := p.off+y*p.sy, p.off+y2*p.sy+(p.w-1)*p.sx
		for x := 0; x < p.w; x++ {
			swapPix(buf, r+x*p.sx, r2-x*p.sx, p.b)
		}
	}
}

// swapRowPixels exchanges rows y and y2.
func swapRowPixels(buf []byte, p pixGeom, y, y2 int) {
	if p.rowsContiguous() {
		swapBytes(p.row(buf, y), p.row(buf, y2))
		return
	}
	r, r2 := p.off+y*p.sy, p.off+y2*p.sy
	for x := 0; x < p.w; x++ {
		swapPix(buf, r+x*p.sx, r2+x*p.sx, p.b)
	}
}

// swapChunk is the size of the buffer swapBytes exchanges through; it stays
// in the first-level cache.
const swapChunk = 4096

// swapBytes exchanges the contents of a and b, which have the same length
// and do not overlap: short runs (the tails the assembly kernels leave)
// word by word, long ones through a small buffer on the stack so that each
// move is a memmove. The buffer is not declared for the short runs: Go
// zeroes it on every call, and 4 KiB zeroed per row of a 12 MP FlipV was
// a tenth of its time.
func swapBytes(a, b []byte) {
	b = b[:len(a)]
	if len(a) < 256 {
		swapShort(a, b)
		return
	}
	var tmp [swapChunk]byte
	for len(a) > 0 {
		n := copy(tmp[:], a)
		copy(a, b[:n])
		copy(b, tmp[:n])
		a, b = a[n:], b[n:]
	}
}

// swapShort exchanges a and b, of the same length, eight bytes at a time.
func swapShort(a, b []byte) {
	le := binary.LittleEndian
	b = b[:len(a)]
	for len(a) >= 8 {
		x, y := le.Uint64(a), le.Uint64(b)
		le.PutUint64(a, y)
		le.PutUint64(b, x)
		a, b = a[8:], b[8:]
	}
	for i := range a {
		a[i], b[i] = b[i], a[i]
	}
}

// swapPix exchanges the n bytes at buf[i:] and buf[j:], which do not
// overlap. Common pixel sizes move as single machine words.
func swapPix(buf []byte, i, j, n int) {
	switch n {
	case 1:
		buf[i], buf[j] = buf[j], buf[i]
	case 2:
		swapE[[2]byte](buf, i, j)
	case 3:
		swapE[[3]byte](buf, i, j)
	case 4:
		swapE[[4]byte](buf, i, j)
	case 6:
		swapE[[6]byte](buf, i, j)
	case 8:
		swapE[[8]byte](buf, i, j)
	case 12:
		swapE[[12]byte](buf, i, j)
	case 16:
		swapE[[16]byte](buf, i, j)
	default:
		a, b := buf[i:i+n], buf[j:j+n]
		for k := range a {
			a[k], b[k] = b[k], a[k]
		}
	}
}

// swapE exchanges the E-sized runs at buf[i:] and buf[j:]. E is a byte
// array, so the pointers need no alignment.
func swapE[E any](buf []byte, i, j int) {
	n := int(unsafe.Sizeof(*new(E)))
	a := (*E)(unsafe.Pointer(unsafe.SliceData(buf[i : i+n])))
	b := (*E)(unsafe.Pointer(unsafe.SliceData(buf[j : j+n])))
	*a, *b = *b, *a
}
