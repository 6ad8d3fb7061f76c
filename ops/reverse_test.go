package ops

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// reverseSlow reverses the n-byte pixels of row into a new slice, slowly
// and obviously.
func reverseSlow(row []byte, n int) []byte {
	out := make([]byte, 0, len(row))
	for i := len(row) - n; i >= 0; i -= n {
		out = append(out, row[i:i+n]...)
	}
	return out
}

// TestReverseRow checks every row kernel, the assembly one included,
// against reverseSlow on every length up to a few SIMD blocks, and that the
// kernel touches nothing past the row.
func TestReverseRow(t *testing.T) {
	t.Logf("assembly kernels: %s", simdName)
	r := rand.New(rand.NewPCG(5, 5))
	for _, n := range []int{1, 2, 3, 4, 5, 6, 8, 12, 16} {
		for _, simd := range []bool{false, true} {
			for w := 0; w <= 260/n+2; w++ {
				buf := make([]byte, w*n+16)
				for i := range buf {
					buf[i] = byte(r.Uint32())
				}
				orig := clone(buf)
				row := buf[8 : 8+w*n]
				want := reverseSlow(row, n)
				rr := newRowReverser(n, simd)
				rr.reverse(row)
				if !bytes.Equal(row, want) {
					t.Fatalf("n=%d simd=%v w=%d: got %v, want %v", n, simd, w, row, want)
				}
				if !bytes.Equal(buf[:8], orig[:8]) || !bytes.Equal(buf[8+w*n:], orig[8+w*n:]) {
					t.Fatalf("n=%d simd=%v w=%d: wrote outside the row", n, simd, w)
				}
			}
		}
	}
}

// TestReverseAsmCoverage checks that the assembly kernel, where the build
// has one, takes the pixel sizes that divide 48 and does the outer blocks
// of a long row, leaving at most 95 bytes in the middle.
func TestReverseAsmCoverage(t *testing.T) {
	if simdName == "none" || !hasSSSE3 {
		t.Skip("no assembly on this build or CPU")
	}
	for _, n := range []int{1, 2, 3, 4, 6, 8, 12, 16} {
		r := newRowReverser(n, true)
		if !r.simd {
			t.Errorf("n=%d: no assembly", n)
		}
	}
	for _, n := range []int{5, 7, 24} {
		if r := newRowReverser(n, true); r.simd {
			t.Errorf("n=%d: assembly for a size it cannot take", n)
		}
	}
}

// TestExtractBytes checks the channel gather, the assembly one included,
// against a plain loop on every length up to a few SIMD blocks.
func TestExtractBytes(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	for _, c := range []int{3, 4} {
		for i := 0; i < c; i++ {
			for w := 0; w < 70; w++ {
				src := make([]byte, w*c)
				for k := range src {
					src[k] = byte(r.Uint32())
				}
				for _, nt := range []bool{false, true} {
					off := r.IntN(16) // any alignment
					dst := make([]byte, w+1+off)[off:]
					dst[w] = 0xAA
					k := extractBytesAsm(dst[:w], src, c, i, nt)
					if k > w || (simdName != "none" && hasSSSE3 && !nt && k != w&^15) || (simdName != "none" && hasSSSE3 && w >= 32 && k < w-15) {
						t.Fatalf("c=%d w=%d: assembly did %d pixels", c, w, k)
					}
					copyPlaneRow(dst, k, 1, src, k*c+i, c, w-k)
					for x := 0; x < w; x++ {
						if dst[x] != src[x*c+i] {
							t.Fatalf("c=%d i=%d w=%d: pixel %d is %d, want %d", c, i, w, x, dst[x], src[x*c+i])
						}
					}
					if dst[w] != 0xAA {
						t.Fatalf("c=%d i=%d w=%d: wrote past the row", c, i, w)
					}
				}
			}
		}
	}
}

// TestPermuteBytes checks the in-place channel permutation of a row, the
// assembly one included, against a plain loop, for every permutation of 3
// and 4 channels and lengths up to a few SIMD blocks.
func TestPermuteBytes(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for _, c := range []int{3, 4} {
		for trial := 0; trial < 24; trial++ {
			var perm [4]int
			copy(perm[:], r.Perm(c))
			for w := 0; w < 70; w++ {
				buf := make([]byte, w*c+1)
				for k := range buf {
					buf[k] = byte(r.Uint32())
				}
				orig := clone(buf)
				row := buf[:w*c]
				k := permuteBytesAsm(row, c, perm)
				if k > len(row) || k%c != 0 || (simdName != "none" && hasSSSE3 && len(row) >= 64 && k == 0) {
					t.Fatalf("c=%d w=%d: assembly did %d bytes", c, w, k)
				}
				if c == 3 {
					permuteRow3(row[k:], perm)
				} else {
					permuteRow4(row[k:], perm)
				}
				for x := 0; x < w; x++ {
					for ch := 0; ch < c; ch++ {
						if got, want := row[x*c+ch], orig[x*c+perm[ch]]; got != want {
							t.Fatalf("c=%d perm=%v w=%d: pixel %d channel %d is %d, want %d", c, perm[:c], w, x, ch, got, want)
						}
					}
				}
				if buf[w*c] != orig[w*c] {
					t.Fatalf("c=%d w=%d: wrote past the row", c, w)
				}
			}
		}
	}
}
