//go:build !purego

package jpeg

// upH2V2AVX2 writes the 2n fancy h2v2 outputs of the n input samples at
// near and far (n a multiple of 16), reading one sample before and one
// after them.
//
//go:noescape
func upH2V2AVX2(dst, near, far *byte, n int)

// upH2V2SSE2 is upH2V2AVX2 in SSE2, which every amd64 CPU has.
//
//go:noescape
func upH2V2SSE2(dst, near, far *byte, n int)

// upH2V1SSE2 writes the 2n fancy h2v1 outputs of the n input samples at
// src (n a multiple of 16), reading one sample before and one after
// them.
//
//go:noescape
func upH2V1SSE2(dst, src *byte, n int)

// upInterior returns the input samples a..a+m-1 of output columns x0..
// x0+n-1 that have a neighbour on each side among the dw valid samples,
// m a multiple of 16, and the first and last input samples i0, i1.
func upInterior(x0, n, dw int) (i0, i1, a, m int) {
	i0, i1 = x0/2, (x0+n-1)/2
	a = max(i0, 1)
	m = (min(i1, dw-2) - a + 1) &^ 15
	return i0, i1, a, m
}

// upH2V2Fast writes output columns x0.. of a doubled row from the nearer
// and the further input rows as upH2V2Row does, through the assembly for
// the interior samples (AVX2 when the CPU has it, else SSE2). cs and tmp
// are upH2V2Row's buffers; lo and hi bound the samples the row needs.
func upH2V2Fast(dst, near, far []byte, dw, x0, lo, hi int, cs []int32, tmp []byte) {
	upH2V2With(dst, near, far, dw, x0, lo, hi, cs, tmp, decHasAVX2)
}

// upH2V2With is upH2V2Fast with the choice of kernel given, for tests.
func upH2V2With(dst, near, far []byte, dw, x0, lo, hi int, cs []int32, tmp []byte, avx2 bool) {
	i0, i1, a, m := upInterior(x0, len(dst), dw)
	if m < 32 {
		colSum(cs, near, far, lo, hi)
		upH2V2Row(dst, cs, dw, x0, tmp)
		return
	}
	t := tmp[:2*(i1-i0+1)]
	_, _ = near[a+m], far[a+m]
	if avx2 {
		upH2V2AVX2(&t[2*(a-i0)], &near[a], &far[a], m)
	} else {
		upH2V2SSE2(&t[2*(a-i0)], &near[a], &far[a], m)
	}
	// The samples before and after the interior, in Go.
	for _, r := range [2][2]int{{i0, a - 1}, {a + m, i1}} {
		if r[0] > r[1] {
			continue
		}
		l, h := max(r[0]-1, 0), min(r[1]+1, dw-1)
		colSum(cs, near, far, l, h)
		for i := r[0]; i <= r[1]; i++ {
			upH2V2Pair(t[2*(i-i0):], cs, i, dw)
		}
	}
	copy(dst, t[x0-2*i0:])
}

// upH2V1Fast writes output columns x0.. of a horizontally doubled row as
// upH2V1Row does, through the SSE2 assembly for the interior samples.
func upH2V1Fast(dst, src []byte, dw, x0 int, tmp []byte) {
	i0, i1, a, m := upInterior(x0, len(dst), dw)
	if m < 32 {
		upH2V1Row(dst, src, dw, x0, tmp)
		return
	}
	t := tmp[:2*(i1-i0+1)]
	src = src[:dw]
	_ = src[a+m]
	upH2V1SSE2(&t[2*(a-i0)], &src[a], m)
	for _, r := range [2][2]int{{i0, a - 1}, {a + m, i1}} {
		for i := r[0]; i <= r[1]; i++ {
			upH2V1Pair(t[2*(i-i0):], src, i)
		}
	}
	copy(dst, t[x0-2*i0:])
}
