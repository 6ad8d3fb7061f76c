//go:build !purego

package jpeg

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestUpH2V2Asm holds each h2v2 kernel (AVX2 where the CPU has it, and
// SSE2, which every amd64 CPU has) to the Go reference, as TestUpH2V2Fast
// does for the one this CPU picks, on rows long enough to reach it.
func TestUpH2V2Asm(t *testing.T) {
	for _, avx2 := range []bool{false, true} {
		if avx2 && !decHasAVX2 {
			t.Log("no AVX2: its h2v2 kernel not tested")
			continue
		}
		rng := rand.New(rand.NewPCG(1, 2))
		for range 2000 {
			dw := 3 + rng.IntN(300)
			stride := dw + 8 + rng.IntN(8)
			near, far := make([]byte, stride), make([]byte, stride)
			for i := range near {
				near[i], far[i] = byte(rng.Uint32()), byte(rng.Uint32())
			}
			outW := 2*dw - rng.IntN(2)
			x0 := rng.IntN(outW / 4)
			n := 1 + rng.IntN(outW-x0)
			lo, hi := max(x0/2-1, 0), min((x0+n-1)/2+1, dw-1)
			cs := make([]int32, dw)
			want := make([]byte, n)
			colSum(cs, near, far, lo, hi)
			upH2V2Row(want, cs, dw, x0, make([]byte, n+4))
			got := make([]byte, n+1)
			got[n] = 0xEE
			upH2V2With(got[:n], near, far, dw, x0, lo, hi, make([]int32, dw), make([]byte, n+4), avx2)
			if !bytes.Equal(got[:n], want) || got[n] != 0xEE {
				t.Fatalf("avx2 %v dw %d x0 %d n %d: got %v, want %v", avx2, dw, x0, n, got[:n], want)
			}
		}
	}
}
