//go:build !purego

package jpeg

import (
	"math/rand/v2"
	"testing"
)

// TestIDCTAVX2 checks the assembly against idct8 bit for bit on random
// blocks (idctBlocks's kinds, and blocks at the magnitude limit with
// every sign pattern the random draw gives), that it refuses a block
// beyond the limit without writing, and that idct8Fast equals idct8
// everywhere.
func TestIDCTAVX2(t *testing.T) {
	if !decHasAVX2 {
		t.Skip("no AVX2")
	}
	bs, qs := idctBlocks(20000)
	rng := rand.New(rand.NewPCG(9, 10))
	for range 5000 {
		var b Block
		var q QuantTable
		for i := range b {
			q[i] = uint16(1 + rng.IntN(3))
			lim := idctAVX2Limit / int(q[i])
			b[i] = int16([]int{lim, -lim, rng.IntN(2*lim+1) - lim}[rng.IntN(3)])
		}
		bs, qs = append(bs, b), append(qs, q)
	}
	accepted := 0
	for k := range bs {
		d := dequantOf(&qs[k])
		var want [8 * 20]byte
		idct8(&bs[k], &d, want[:], 20)
		got := [8 * 20]byte{}
		for i := range got {
			got[i] = 0xAA
		}
		ok := idct8AVX2(&bs[k], &d, &got[0], 20)
		big := false
		for i := range bs[k] {
			v := int(bs[k][i]) * int(d[i])
			big = big || v > idctAVX2Limit || v < -idctAVX2Limit
		}
		if ok == big {
			t.Fatalf("block %d: accepted %v with a coefficient beyond the limit %v", k, ok, big)
		}
		if !ok {
			for i := range got {
				if got[i] != 0xAA {
					t.Fatalf("block %d: refused but wrote", k)
				}
			}
			continue
		}
		accepted++
		for r := range 8 {
			if [8]byte(got[r*20:r*20+8]) != [8]byte(want[r*20:r*20+8]) {
				t.Fatalf("block %d %v (table %v) row %d: AVX2 %v, Go %v", k, bs[k], qs[k], r, got[r*20:r*20+8], want[r*20:r*20+8])
			}
			for _, g := range got[r*20+8 : r*20+20] {
				if g != 0xAA {
					t.Fatalf("block %d: wrote past the 8 samples of row %d", k, r)
				}
			}
		}
		var fast [64]byte
		idct8Fast(&bs[k], &d, fast[:], 8)
		for r := range 8 {
			if [8]byte(fast[r*8:r*8+8]) != [8]byte(want[r*20:r*20+8]) {
				t.Fatalf("block %d: idct8Fast differs", k)
			}
		}
	}
	if accepted < 5000 {
		t.Errorf("only %d blocks took the AVX2 path", accepted)
	}
	t.Logf("%d of %d blocks through AVX2, all equal to idct8", accepted, len(bs))
}

func BenchmarkIDCT8(b *testing.B) {
	bs, qs := idctBlocks(1000)
	ds := make([]dequant, len(qs))
	for i := range qs {
		for j := range qs[i] {
			qs[i][j] = uint16(1 + j%8) // keep the blocks within the AVX2 limit mostly
		}
		ds[i] = dequantOf(&qs[i])
		for j := range bs[i] {
			bs[i][j] /= 64
		}
	}
	var out [64]byte
	b.Run("go", func(b *testing.B) {
		for b.Loop() {
			for i := range bs {
				idct8(&bs[i], &ds[i], out[:], 8)
			}
		}
	})
	b.Run("fast", func(b *testing.B) {
		for b.Loop() {
			for i := range bs {
				idct8Fast(&bs[i], &ds[i], out[:], 8)
			}
		}
	})
}
