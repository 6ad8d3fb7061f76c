//go:build !purego

package ops

import "testing"

// withoutVBMI returns r with its AVX-512 kernel switched off, so that the
// tests reach the SSSE3 kernel on long rows too.
func withoutVBMI(r rowReverser) rowReverser {
	r.vbmi = false
	return r
}

// usesVBMI is whether r reverses with the AVX-512 kernel.
func usesVBMI(r rowReverser) bool { return r.vbmi }

// TestWideStripCoverage checks that the copying transposes of 3-byte
// pixels take the AVX-512 VBMI kernel exactly where the CPU has VBMI, so
// that the large quarter-turn laws run it on such machines.
func TestWideStripCoverage(t *testing.T) {
	for _, backward := range []bool{false, true} {
		if ws := newWideStrip(3, backward); ws.ok != hasVBMI {
			t.Errorf("3-byte pixels, backward %v: wide kernel %v on a CPU with VBMI %v", backward, ws.ok, hasVBMI)
		}
		for _, b := range []int{1, 2, 4, 6} {
			if newWideStrip(b, backward).ok {
				t.Errorf("%d-byte pixels: wide kernel taken", b)
			}
		}
	}
}
