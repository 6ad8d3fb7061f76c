//go:build !purego

package ops

// swap64Ahead exchanges the first n&^63 bytes at a and b, which do not
// overlap, prefetching as many bytes at pa and pb, and returns that count.
//
//go:noescape
func swap64Ahead(a, b *byte, n int, pa, pb *byte) int

// swapRowsAhead exchanges rows a and b, which have the same length and do
// not overlap, prefetching na and nb, the rows to be exchanged next (nil
// for none), as it goes.
func swapRowsAhead(a, b, na, nb []byte) {
	b = b[:len(a)]
	if len(a) >= 64 {
		pa, pb := &a[0], &b[0]
		if len(na) >= len(a) && len(nb) >= len(a) {
			pa, pb = &na[0], &nb[0]
		}
		k := swap64Ahead(&a[0], &b[0], len(a), pa, pb)
		a, b = a[k:], b[k:]
	}
	swapBytes(a, b)
}
