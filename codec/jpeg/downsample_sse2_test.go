//go:build amd64 && !purego

package jpeg

import (
	"math/rand/v2"
	"testing"
)

// TestDownsampleSSE2 holds the SSE2 downsamplers, which CPUs without
// AVX2 use, to the Go ones on random rows of every length up to 70.
func TestDownsampleSSE2(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for n := 0; n <= 70; n++ {
		for range 20 {
			a, b := make([]uint8, 2*n), make([]uint8, 2*n)
			for i := range a {
				a[i], b[i] = uint8(rng.Uint32()), uint8(rng.Uint32())
			}
			g1, s1, g2, s2 := make([]uint8, n), make([]uint8, n), make([]uint8, n), make([]uint8, n)
			downH2V1Go(g1, a)
			downH2V1With(s1, a, false)
			downH2V2Go(g2, a, b)
			downH2V2With(s2, a, b, false)
			if string(g1) != string(s1) || string(g2) != string(s2) {
				t.Fatalf("n %d: SSE2 h2v1 %v h2v2 %v, Go %v %v", n, s1, s2, g1, g2)
			}
		}
	}
}
