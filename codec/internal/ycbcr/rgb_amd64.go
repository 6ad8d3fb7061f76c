//go:build !purego

package ycbcr

import "golang.org/x/sys/cpu"

// hasAVX2 is whether the CPU has AVX2; it is read once at start-up.
var hasAVX2 = cpu.X86.HasAVX2

// The flags of rowsAVX2 and rowsSSE2.
const (
	rowsTwo   = 1 // convert y1 into o1 too, with the same chroma
	rowsHalve = 2 // one chroma sample serves two pixels
)

// rowsAVX2 converts n pixels, n a multiple of 16, of the luma row y0 into
// 3n bytes of RGB at o0 (and of y1 into o1 with flags&rowsTwo) with the
// chroma rows cb and cr, which hold n samples, or n/2 with
// flags&rowsHalve. See rgb_amd64.s for the arithmetic.
//
//go:noescape
func rowsAVX2(o0, o1, y0, y1, cb, cr *byte, n, flags int)

// rowsSSE2 is rowsAVX2 in SSE2, with n a multiple of 8.
//
//go:noescape
func rowsSSE2(o0, o1, y0, y1, cb, cr *byte, n, flags int)

// simdRows converts the first pixels of one row (two when two is set)
// whose chroma sample is x>>hs, hs 0 or 1, with the widest kernel the CPU
// has, and returns how many it converted. The slices are as for rows,
// already cut to the row's pixels.
func simdRows(o0, o1, y0, y1, cb, cr []byte, hs uint, two bool) int {
	return asmRows(hasAVX2, o0, o1, y0, y1, cb, cr, hs, two)
}

// asmRows is simdRows with AVX2 or, without avx2, SSE2.
func asmRows(avx2 bool, o0, o1, y0, y1, cb, cr []byte, hs uint, two bool) int {
	step := 8
	if avx2 {
		step = 16
	}
	n := len(y0) &^ (step - 1)
	if n == 0 || hs > 1 {
		return 0
	}
	nc := n >> hs
	// The kernels read and write exactly these bytes; the slice
	// expressions check them.
	_, _ = o0[:3*n], y0[:n]
	_, _ = cb[:nc], cr[:nc]
	flags := 0
	if hs == 1 {
		flags |= rowsHalve
	}
	if two {
		_, _ = o1[:3*n], y1[:n]
		flags |= rowsTwo
	} else {
		o1, y1 = o0, y0
	}
	if avx2 {
		rowsAVX2(&o0[0], &o1[0], &y0[0], &y1[0], &cb[0], &cr[0], n, flags)
	} else {
		rowsSSE2(&o0[0], &o1[0], &y0[0], &y1[0], &cb[0], &cr[0], n, flags)
	}
	return n
}

// simdName names the kernel rows uses on this machine, for tests and
// benchmarks.
func simdName() string {
	if hasAVX2 {
		return "avx2"
	}
	return "sse2"
}
