//go:build !purego

package jpeg

import (
	"bytes"
	"testing"
)

// TestYCCAVX2 converts every (Y, Cb, Cr) triple with the assembly and
// with yccToRGB and wants the same bytes; row lengths that are not
// multiples of 16 take the Go tail.
func TestYCCAVX2(t *testing.T) {
	if !decHasAVX2 {
		t.Skip("no AVX2")
	}
	const n = 256 * 256
	y, cb, cr := make([]byte, n), make([]byte, n), make([]byte, n)
	got, want := make([]byte, 3*n), make([]byte, 3*n)
	for yy := range 256 {
		for i := range n {
			y[i], cb[i], cr[i] = byte(yy), byte(i), byte(i>>8)
		}
		yccToRGBAVX2(&got[0], &y[0], &cb[0], &cr[0], n, &rgbMasks)
		yccToRGB(want, y, cb, cr)
		if !bytes.Equal(got, want) {
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("Y %d pixel %d channel %d: AVX2 %d, Go %d", yy, i/3, i%3, got[i], want[i])
				}
			}
		}
	}
	for _, m := range []int{1, 15, 16, 17, 33, 100} {
		clear(got)
		yccToRGBFast(got[:3*m], y[:m], cb[:m], cr[:m])
		yccToRGB(want[:3*m], y[:m], cb[:m], cr[:m])
		if !bytes.Equal(got[:3*m], want[:3*m]) || got[3*m] != 0 {
			t.Errorf("yccToRGBFast of %d pixels differs or writes past them", m)
		}
	}
}
