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

// TestUpH2V1Fast: the h2v1 path the decoder takes (SSE2 inside, Go at
// the edges, on amd64) equals the Go reference for random rows, widths
// and output windows, and writes nothing past its output.
func TestUpH2V1Fast(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		dw := 3 + rng.IntN(200)
		src := make([]byte, dw+8+rng.IntN(8))
		for i := range src {
			src[i] = byte(rng.Uint32())
		}
		outW := 2*dw - rng.IntN(2)
		x0 := rng.IntN(outW)
		n := 1 + rng.IntN(outW-x0)
		want := make([]byte, n)
		upH2V1Row(want, src, dw, x0, make([]byte, n+2))
		got := make([]byte, n+1)
		got[n] = 0xEE
		upH2V1Fast(got[:n], src, dw, x0, make([]byte, n+2))
		if !bytes.Equal(got[:n], want) || got[n] != 0xEE {
			t.Fatalf("dw %d x0 %d n %d: got %v, want %v", dw, x0, n, got[:n], want)
		}
	}
}

// TestUpH2V1Reference holds upH2V1Row to the filter written out per
// output sample: (3*nearest + next nearest + bias) / 4, the next nearest
// clamped to the valid samples, bias 1 for even outputs and 2 for odd.
func TestUpH2V1Reference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 500 {
		dw := 1 + rng.IntN(60)
		src := make([]byte, dw)
		for i := range src {
			src[i] = byte(rng.Uint32())
		}
		got := make([]byte, 2*dw)
		upH2V1Row(got, src, dw, 0, make([]byte, 2*dw+2))
		for x := range got {
			i, j, bias := x/2, x/2-1, 1
			if x&1 == 1 {
				j, bias = x/2+1, 2
			}
			j = min(max(j, 0), dw-1)
			if want := byte((3*int(src[i]) + int(src[j]) + bias) / 4); got[x] != want {
				t.Fatalf("dw %d output %d: %d, want %d", dw, x, got[x], want)
			}
		}
	}
}
