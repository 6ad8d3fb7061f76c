//go:build !purego

package jpeg

import (
	"bytes"
	"testing"
)

// TestYCCAsm converts every (Y, Cb, Cr) triple with each assembly kernel
// and with yccToRGB and wants the same bytes; row lengths that are not
// multiples of 16 take the Go tail, and nothing is written past the row.
func TestYCCAsm(t *testing.T) {
	kernels := []struct {
		name string
		has  bool
		fn   func(dst, y, cb, cr *byte, n int)
		avx2 bool
	}{
		{"AVX2", decHasAVX2, func(dst, y, cb, cr *byte, n int) { yccToRGBAVX2(dst, y, cb, cr, n, &rgbMasks) }, true},
		{"SSE2", true, yccToRGBSSE2, false},
	}
	for _, k := range kernels {
		t.Run(k.name, func(t *testing.T) {
			if !k.has {
				t.Skip("no " + k.name)
			}
			const n = 256 * 256
			y, cb, cr := make([]byte, n), make([]byte, n), make([]byte, n)
			got, want := make([]byte, 3*n+1), make([]byte, 3*n)
			for yy := range 256 {
				for i := range n {
					y[i], cb[i], cr[i] = byte(yy), byte(i), byte(i>>8)
				}
				k.fn(&got[0], &y[0], &cb[0], &cr[0], n)
				yccToRGB(want, y, cb, cr)
				if !bytes.Equal(got[:3*n], want) {
					for i := range want {
						if got[i] != want[i] {
							t.Fatalf("Y %d pixel %d channel %d: %s %d, Go %d", yy, i/3, i%3, k.name, got[i], want[i])
						}
					}
				}
				if got[3*n] != 0 {
					t.Fatalf("wrote past the row")
				}
			}
			for _, m := range []int{1, 15, 16, 17, 33, 100} {
				clear(got)
				yccToRGBWith(got[:3*m], y[:m], cb[:m], cr[:m], k.avx2)
				yccToRGB(want[:3*m], y[:m], cb[:m], cr[:m])
				if !bytes.Equal(got[:3*m], want[:3*m]) || got[3*m] != 0 {
					t.Errorf("yccToRGBWith of %d pixels differs or writes past them", m)
				}
			}
		})
	}
}
