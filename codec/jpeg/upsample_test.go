package jpeg

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestUpH2V2Fast: the h2v2 path the decoder takes (assembly inside, Go at
// the edges, on amd64) equals the Go reference for random rows, widths
// and output windows, and writes nothing past its output.
func TestUpH2V2Fast(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		dw := 3 + rng.IntN(200)
		stride := dw + 8 + rng.IntN(8)
		near, far := make([]byte, stride), make([]byte, stride)
		for i := range near {
			near[i], far[i] = byte(rng.Uint32()), byte(rng.Uint32())
		}
		outW := 2*dw - rng.IntN(2)
		x0 := rng.IntN(outW)
		n := 1 + rng.IntN(outW-x0)
		lo, hi := max(x0/2-1, 0), min((x0+n-1)/2+1, dw-1)
		cs := make([]int32, dw)
		want := make([]byte, n)
		colSum(cs, near, far, lo, hi)
		upH2V2Row(want, cs, dw, x0, make([]byte, n+4))
		got := make([]byte, n+1)
		got[n] = 0xEE
		upH2V2Fast(got[:n], near, far, dw, x0, lo, hi, make([]int32, dw), make([]byte, n+4))
		if !bytes.Equal(got[:n], want) || got[n] != 0xEE {
			t.Fatalf("dw %d x0 %d n %d: got %v, want %v", dw, x0, n, got[:n], want)
		}
	}
}
