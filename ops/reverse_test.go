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

// reverserKernel makes a row reverser that takes one kernel path.
type reverserKernel struct {
	name string
	make func(n int) rowReverser
}

// reverserKernels returns the reverser of each kernel path: portable Go,
// SSSE3 alone, and the widest the CPU has (AVX-512 VBMI where it can). Each
// hands what its widest kernel leaves to the next.
func reverserKernels() []reverserKernel {
	return []reverserKernel{
		{"go", func(n int) rowReverser { return newRowReverser(n, false) }},
		{"ssse3", func(n int) rowReverser { return withoutVBMI(newRowReverser(n, true)) }},
		{"widest", func(n int) rowReverser { return newRowReverser(n, true) }},
	}
}

// TestReverseRow checks every row kernel, the assembly ones included,
// against reverseSlow on every length up to a few blocks of the widest
// kernel (384 bytes a step), and that the kernel touches nothing past the
// row. Each reverser hands what its widest kernel leaves to the next, so
// the SSSE3 kernel is also run alone.
func TestReverseRow(t *testing.T) {
	t.Logf("assembly kernels: %s, AVX-512 VBMI: %v", simdName, hasVBMI)
	r := rand.New(rand.NewPCG(5, 5))
	for _, n := range []int{1, 2, 3, 4, 5, 6, 8, 12, 16, 24, 48, 64} {
		for _, k := range reverserKernels() {
			rr := k.make(n)
			for w := 0; w <= 1200/n+2; w++ {
				buf := make([]byte, w*n+16)
				for i := range buf {
					buf[i] = byte(r.Uint32())
				}
				orig := clone(buf)
				row := buf[8 : 8+w*n]
				want := reverseSlow(row, n)
				if w%2 == 0 {
					rr.reverse(row)
				} else {
					rr.reverseAhead(row, orig) // any row as long serves as the next one
				}
				if !bytes.Equal(row, want) {
					t.Fatalf("n=%d %s w=%d: got %v, want %v", n, k.name, w, row, want)
				}
				if !bytes.Equal(buf[:8], orig[:8]) || !bytes.Equal(buf[8+w*n:], orig[8+w*n:]) {
					t.Fatalf("n=%d %s w=%d: wrote outside the row", n, k.name, w)
				}
			}
		}
	}
}

// TestSwapReverse checks the exchange of two rows, each reversed (a pair of
// rows of Rotate180), on every kernel against reverseSlow, on every length
// up to a few blocks of the widest kernel, and that nothing outside the
// two rows changes.
func TestSwapReverse(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	for _, n := range []int{1, 2, 3, 4, 5, 6, 8, 12, 16, 24, 48, 64} {
		for _, k := range reverserKernels() {
			rr := k.make(n)
			for w := 0; w <= 1200/n+2; w++ {
				// a and b start anywhere on a cache line, so that the
				// kernels' alignment of a (and its pixels before the
				// first line) is taken at every offset.
				m, o, g := w*n, 8+r.IntN(64), 8+r.IntN(64)
				buf := make([]byte, 2*m+o+g+8)
				for i := range buf {
					buf[i] = byte(r.Uint32())
				}
				orig := clone(buf)
				a, b := buf[o:o+m], buf[o+m+g:o+2*m+g]
				wantA, wantB := reverseSlow(b, n), reverseSlow(a, n)
				if w%2 == 0 {
					rr.swapReverse(a, b, nil, nil)
				} else {
					rr.swapReverse(a, b, b, a) // any rows as long serve as the pair to prefetch
				}
				if !bytes.Equal(a, wantA) || !bytes.Equal(b, wantB) {
					t.Fatalf("n=%d %s w=%d: rows not exchanged reversed", n, k.name, w)
				}
				if !bytes.Equal(buf[:o], orig[:o]) || !bytes.Equal(buf[o+m:o+m+g], orig[o+m:o+m+g]) || !bytes.Equal(buf[o+2*m+g:], orig[o+2*m+g:]) {
					t.Fatalf("n=%d %s w=%d: wrote outside the rows", n, k.name, w)
				}
			}
		}
	}
}

// TestReverseAsmCoverage checks that the assembly kernels, where the build
// and CPU have them, take the pixel sizes they can: SSSE3 those that divide
// 48, AVX-512 VBMI those that divide 192.
func TestReverseAsmCoverage(t *testing.T) {
	if simdName == "none" || !hasSSSE3 {
		t.Skip("no assembly on this build or CPU")
	}
	for _, n := range []int{1, 2, 3, 4, 6, 8, 12, 16} {
		r := newRowReverser(n, true)
		if !r.simd {
			t.Errorf("n=%d: no SSSE3 kernel", n)
		}
		if usesVBMI(r) != hasVBMI {
			t.Errorf("n=%d: VBMI kernel %v on a CPU with VBMI %v", n, usesVBMI(r), hasVBMI)
		}
	}
	for _, n := range []int{5, 7, 24} {
		if r := newRowReverser(n, true); r.simd {
			t.Errorf("n=%d: SSSE3 for a size it cannot take", n)
		}
	}
	for _, n := range []int{5, 7, 9, 128} {
		if r := newRowReverser(n, true); usesVBMI(r) {
			t.Errorf("n=%d: VBMI for a size it cannot take", n)
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
// assembly one included, and of a run walked as two halves at once
// (permuteRun), against a plain loop, for every permutation of 3 and 4
// channels and lengths up to a few blocks of the widest kernel.
func TestPermuteBytes(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for _, c := range []int{3, 4} {
		for trial := 0; trial < 24; trial++ {
			var perm [4]int
			copy(perm[:], r.Perm(c))
			for w := 0; w < 400; w++ {
				buf := make([]byte, w*c+1)
				for k := range buf {
					buf[k] = byte(r.Uint32())
				}
				orig := clone(buf)
				row := buf[:w*c]
				bp := newBytePermuter(c, perm)
				var k int
				if trial%2 == 0 {
					k = bp.permute(row)
				} else {
					k = bp.permuteRun(row)
				}
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
