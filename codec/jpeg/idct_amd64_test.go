//go:build !purego

package jpeg

import (
	"math/rand/v2"
	"testing"
)

// idctKernels are the assembly IDCTs with their coefficient limits and
// whether this CPU runs them.
var idctKernels = []struct {
	name  string
	limit int
	has   bool
	fn    func(b *Block, q *dequant, dst *byte, stride int) bool
	avx2  bool
}{
	{"AVX2", idctAVX2Limit, decHasAVX2, idct8AVX2, true},
	{"SSE2", idctSSE2Limit, true, idct8SSE2, false},
}

// TestIDCTAsm checks each assembly IDCT against idct8 bit for bit on
// random blocks (idctBlocks's kinds, including extreme coefficients, and
// blocks at and just past the kernel's magnitude limit with every sign
// pattern the random draw gives; DC-only blocks over the DC range and
// beyond, and blocks with one AC coefficient at each position), that it
// refuses a block beyond the limit without writing, and that idct8With
// for that kernel equals idct8 everywhere.
func TestIDCTAsm(t *testing.T) {
	for _, k := range idctKernels {
		t.Run(k.name, func(t *testing.T) {
			if !k.has {
				t.Skip("no " + k.name)
			}
			testIDCTKernel(t, k.limit, k.fn, k.avx2)
		})
	}
}

func testIDCTKernel(t *testing.T, limit int, fn func(*Block, *dequant, *byte, int) bool, avx2 bool) {
	bs, qs := idctBlocks(20000)
	rng := rand.New(rand.NewPCG(9, 10))
	for range 5000 {
		var b Block
		var q QuantTable
		for i := range b {
			q[i] = uint16(1 + rng.IntN(3))
			lim := limit / int(q[i])
			b[i] = int16([]int{lim, -lim, rng.IntN(2*lim+1) - lim}[rng.IntN(3)])
		}
		bs, qs = append(bs, b), append(qs, q)
	}
	// Photo-like blocks within the limit: random tables, a random share
	// of zero coefficients.
	for range 10000 {
		var b Block
		var q QuantTable
		zero := rng.IntN(64)
		for i := range b {
			q[i] = uint16(1 + rng.IntN(60))
			if rng.IntN(64) >= zero {
				lim := limit / int(q[i])
				b[i] = int16(rng.IntN(2*lim+1) - lim)
			}
		}
		bs, qs = append(bs, b), append(qs, q)
	}
	// One coefficient just past the limit, anywhere in the block.
	for range 500 {
		var b Block
		var q QuantTable
		for i := range q {
			q[i] = 1
		}
		i := rng.IntN(64)
		b[i] = int16([]int{limit + 1, -limit - 1}[rng.IntN(2)])
		bs, qs = append(bs, b), append(qs, q)
	}
	// DC alone, every value around the limit and beyond (the kernels
	// take a DC-only block by a shortcut, which must refuse as the
	// general path does), then random ones with random DC quantizers.
	for dc := -limit - 130; dc <= limit+130; dc++ {
		var b Block
		var q QuantTable
		for i := range q {
			q[i] = 1
		}
		b[0] = int16(dc)
		bs, qs = append(bs, b), append(qs, q)
	}
	for range 1000 {
		var b Block
		var q QuantTable
		for i := range q {
			q[i] = uint16(1 + rng.IntN(8))
		}
		b[0] = int16(rng.IntN(1<<16) - 1<<15)
		bs, qs = append(bs, b), append(qs, q)
	}
	// A DC and one AC coefficient of magnitude 1 at each position: the
	// shortcut's test must see every one of them.
	for k := 1; k < 64; k++ {
		for range 20 {
			var b Block
			var q QuantTable
			for i := range q {
				q[i] = uint16(1 + rng.IntN(8))
			}
			b[0] = int16(rng.IntN(2*limit/8+1) - limit/8)
			b[k] = int16([]int{1, -1}[rng.IntN(2)])
			bs, qs = append(bs, b), append(qs, q)
		}
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
		ok := fn(&bs[k], &d, &got[0], 20)
		big := false
		for i := range bs[k] {
			v := int(bs[k][i]) * int(d[i])
			big = big || v > limit || v < -limit
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
				t.Fatalf("block %d %v (table %v) row %d: asm %v, Go %v", k, bs[k], qs[k], r, got[r*20:r*20+8], want[r*20:r*20+8])
			}
			for _, g := range got[r*20+8 : r*20+20] {
				if g != 0xAA {
					t.Fatalf("block %d: wrote past the 8 samples of row %d", k, r)
				}
			}
		}
		var fast [64]byte
		idct8With(&bs[k], &d, fast[:], 8, avx2)
		for r := range 8 {
			if [8]byte(fast[r*8:r*8+8]) != [8]byte(want[r*20:r*20+8]) {
				t.Fatalf("block %d: idct8With differs", k)
			}
		}
	}
	if accepted < 18000 {
		t.Errorf("only %d blocks took the assembly", accepted)
	}
	t.Logf("%d of %d blocks through the assembly, all equal to idct8", accepted, len(bs))
}

// TestIDCTRow checks idct8RowAVX2 and idct8Row on rows of 1 to 40
// blocks, some beyond the AVX2 limit: the kernel stops at the first of
// those, having written exactly the blocks before it, and idct8Row's
// output equals idct8's block by block, with nothing written past the
// row's 8*n columns or 8 rows.
func TestIDCTRow(t *testing.T) {
	if !decHasAVX2 {
		t.Skip("no AVX2")
	}
	bs, qs := idctBlocks(4000)
	rng := rand.New(rand.NewPCG(11, 12))
	within := func(b *Block, d *dequant) bool {
		for i := range b {
			if v := int(b[i]) * int(d[i]); v > idctAVX2Limit || v < -idctAVX2Limit {
				return false
			}
		}
		return true
	}
	// Most photo blocks are within the limit: draw small ones too, and
	// DC-only ones.
	small := func() Block {
		var b Block
		for i := range b {
			if rng.IntN(4) == 0 || i == 0 {
				b[i] = int16(rng.IntN(41) - 20)
			}
		}
		if rng.IntN(3) == 0 {
			b = Block{b[0]}
		}
		return b
	}
	const stride = 8*40 + 5
	for range 3000 {
		n := 1 + rng.IntN(40)
		k := rng.IntN(len(qs))
		d := dequantOf(&qs[k])
		row := make([]Block, n)
		for i := range row {
			if rng.IntN(8) == 0 {
				row[i] = bs[rng.IntN(len(bs))]
			} else {
				row[i] = small()
			}
		}
		want := make([]byte, 9*stride)
		got := make([]byte, 9*stride)
		for i := range want {
			want[i], got[i] = 0xAA, 0xAA
		}
		first := n
		for i := range row {
			idct8(&row[i], &d, want[8*i:], stride)
			if first == n && !within(&row[i], &d) {
				first = i
			}
		}
		asm := make([]byte, 9*stride)
		for i := range asm {
			asm[i] = 0xAA
		}
		if done := idct8RowAVX2(&row[0], n, &d, &asm[0], stride); done != first {
			t.Fatalf("%d blocks, the first beyond the limit at %d: the kernel did %d", n, first, done)
		}
		for r := range 9 {
			for x := range stride {
				w := want[r*stride+x]
				if r == 8 || x >= 8*first {
					w = 0xAA
				}
				if asm[r*stride+x] != w {
					t.Fatalf("%d blocks, %d within: kernel row %d column %d is %d, want %d", n, first, r, x, asm[r*stride+x], w)
				}
			}
		}
		idct8Row(row, &d, got, stride)
		for r := range 9 {
			for x := range stride {
				w := want[r*stride+x]
				if r == 8 || x >= 8*n {
					w = 0xAA
				}
				if got[r*stride+x] != w {
					t.Fatalf("%d blocks: idct8Row row %d column %d is %d, want %d", n, r, x, got[r*stride+x], w)
				}
			}
		}
	}
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
	for _, k := range idctKernels {
		if !k.has {
			continue
		}
		b.Run(k.name, func(b *testing.B) {
			for b.Loop() {
				for i := range bs {
					idct8With(&bs[i], &ds[i], out[:], 8, k.avx2)
				}
			}
		})
	}
}
