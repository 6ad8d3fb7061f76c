//go:build !purego

package jpeg

// upH2V2AVX2 writes the 2n fancy h2v2 outputs of the n input samples at
// near and far (n a multiple of 16), reading one sample before and one
// after them.
//
//go:noescape
func upH2V2AVX2(dst, near, far *byte, n int)

// upH2V2Fast writes output columns x0.. of a doubled row from the nearer
// and the further input rows as upH2V2Row does, through the assembly for
// the interior samples when the CPU has AVX2. cs and tmp are upH2V2Row's
// buffers; lo and hi bound the samples the row needs.
func upH2V2Fast(dst, near, far []byte, dw, x0, lo, hi int, cs []int32, tmp []byte) {
	i0, i1 := x0/2, (x0+len(dst)-1)/2
	// The interior: samples a..a+m-1 with a neighbour on each side.
	a := max(i0, 1)
	m := (min(i1, dw-2) - a + 1) &^ 15
	if !decHasAVX2 || m < 32 {
		colSum(cs, near, far, lo, hi)
		upH2V2Row(dst, cs, dw, x0, tmp)
		return
	}
	t := tmp[:2*(i1-i0+1)]
	upH2V2AVX2(&t[2*(a-i0)], &near[a], &far[a], m)
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
