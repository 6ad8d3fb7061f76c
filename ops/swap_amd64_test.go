//go:build !purego

package ops

import (
	"bytes"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// TestSwapKernels checks every row-exchange kernel this CPU can run
// against a plain exchange, on every length up to a few of the widest
// step, at every alignment of the two rows to a cache line, with and
// without a pair to prefetch, and that nothing outside the rows changes.
func TestSwapKernels(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 12))
	ks := swapKernels()
	t.Logf("row-exchange kernels: %d, widest %s", len(ks), ks[0].name)
	if rowSwapper.name != ks[0].name {
		t.Errorf("FlipV uses %s, the widest kernel is %s", rowSwapper.name, ks[0].name)
	}
	for _, k := range ks {
		for m := 0; m <= 3*256+70; m++ {
			for _, shift := range [][2]int{{0, 0}, {0, 32}, {5, 17}, {63, 1}} {
				buf := make([]byte, 2*m+256)
				for i := range buf {
					buf[i] = byte(r.Uint32())
				}
				orig := clone(buf)
				// a starts shift[0] bytes past a cache line, b shift[1]
				// bytes past where a ends, rounded up to a line.
				i := int(-uintptr(unsafe.Pointer(&buf[0]))&63) + shift[0]
				j := i + (m+63)&^63 + shift[1]
				a, b := buf[i:i+m:i+m], buf[j:j+m:j+m]
				wantA, wantB := clone(b), clone(a)
				if m%2 == 0 {
					k.swapRows(a, b, nil, nil)
				} else {
					k.swapRows(a, b, b, a) // any rows as long serve as the pair to prefetch
				}
				if !bytes.Equal(a, wantA) || !bytes.Equal(b, wantB) {
					t.Fatalf("%s m=%d shift=%v: rows not exchanged", k.name, m, shift)
				}
				if !bytes.Equal(buf[:i], orig[:i]) || !bytes.Equal(buf[i+m:j], orig[i+m:j]) || !bytes.Equal(buf[j+m:], orig[j+m:]) {
					t.Fatalf("%s m=%d shift=%v: wrote outside the rows", k.name, m, shift)
				}
			}
		}
	}
}
