//go:build !purego

package ops

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// hasSSSE3 is whether the CPU has PSHUFB; it is read once at start-up.
var hasSSSE3 = cpu.X86.HasSSSE3

// simdName names the assembly kernels this build uses, for tests and
// benchmarks.
const simdName = "ssse3"

// reverse48SSSE3 exchanges 48-byte blocks from both ends of the n bytes at
// p, reversing the pixels of each through masks (see reverseMasks), while
// at least 96 bytes remain between the ends, and returns the bytes done at
// each end. It prefetches as many bytes at pf as it reverses: pf must have
// n bytes.
//
//go:noescape
func reverse48SSSE3(p *byte, n int, masks *[7][16]byte, pf *byte) int

// rowReverser reverses the order of the pixels of rows: with AVX-512 VBMI
// when the CPU has it and the pixel size divides 192, the long outer parts
// of a row; with SSSE3 when the CPU has it and the pixel size divides 48,
// what is left of at least 96 bytes; the rest in Go.
type rowReverser struct {
	n     int // bytes per pixel
	simd  bool
	vbmi  bool
	built bool // table holds the VBMI reversal
	masks [7][16]byte
	table vbmiTable
}

// newRowReverser returns a reverser of rows of n-byte pixels that uses
// assembly if simd is set and it can.
func newRowReverser(n int, simd bool) rowReverser {
	r := rowReverser{n: n, simd: simd && hasSSSE3 && n <= 16 && 48%n == 0}
	if r.simd {
		r.masks = reverseMasks(n)
	}
	r.vbmi = simd && hasVBMI && n <= 64 && 192%n == 0
	return r
}

// vbmiTable returns the VBMI reversal table, built on first use: a
// microsecond that rows too short for the kernel should not pay.
func (r *rowReverser) vbmiTable() *vbmiTable {
	if !r.built {
		r.table, r.built = reverseTable(r.n), true
	}
	return &r.table
}

// swapReverse exchanges the pixels of rows a and b, which have the same
// length and do not overlap, each reversed: what Rotate180 does to a pair
// of rows, in one pass over them where the CPU has AVX-512 VBMI. Otherwise
// the rows are exchanged, prefetching na and nb, the pair to come (nil for
// none), and then reversed in the cache.
func (r *rowReverser) swapReverse(a, b, na, nb []byte) {
	b = b[:len(a)]
	if r.vbmi && len(a) >= 192 {
		if len(a) >= 384 {
			// Start a's blocks on a cache line: a 64-byte load or store
			// across two lines costs two, and at 12 MP RGB24 (rows of
			// 12000 bytes, every other one 32 bytes off a line) the
			// half turn took 1.3-1.5x the floor against 1.08x with rows
			// of 12096 bytes. On a dense image b's blocks then start on
			// lines too: a and b end as far from the buffer's two ends.
			m := pixelsToLine(&a[0], r.n) * r.n
			swapReverseShort(a[:m], b[len(b)-m:], r.n)
			a, b = a[m:], b[:len(b)-m]
		}
		k := swapReverse192VBMI(&a[0], &b[0], len(a), r.vbmiTable())
		a, b = a[k:], b[:len(b)-k]
		na, nb = nil, nil
	}
	swapRowsAhead(a, b, na, nb)
	r.reverse(a)
	r.reverse(b)
}

// pixelsToLine returns the fewest n-byte pixels, fewer than 64, after
// which p lies on a 64-byte line; 0 if no count does.
func pixelsToLine(p *byte, n int) int {
	addr := uintptr(unsafe.Pointer(p))
	for j := range 64 {
		if (addr+uintptr(j*n))%64 == 0 {
			return j
		}
	}
	return 0
}

// swapReverseShort exchanges the n-byte pixels of a and b, of the same
// length, each reversed, in Go.
func swapReverseShort(a, b []byte, n int) {
	b = b[:len(a)]
	for i, j := 0, len(b)-n; i < len(a); i, j = i+n, j-n {
		for k := range n {
			a[i+k], b[j+k] = b[j+k], a[i+k]
		}
	}
}

// reverse reverses the pixels of row in place.
func (r *rowReverser) reverse(row []byte) { r.reverseAhead(row, nil) }

// reverseAhead reverses the pixels of row in place and, where an assembly
// kernel does the row, prefetches next, the row to be reversed after it, as
// it goes; it reports whether it did. A next shorter than row (nil, say)
// is not prefetched.
func (r *rowReverser) reverseAhead(row, next []byte) bool {
	ahead := len(row) > 0 && len(next) >= len(row)
	pf := row // what the first kernel prefetches: row itself costs nothing
	if ahead {
		pf = next
	}
	ran := false
	if r.vbmi && len(row) >= 384 {
		k := reverse192VBMI(&row[0], len(row), r.vbmiTable(), &pf[0])
		row = row[k : len(row)-k]
		pf, ran = row, true
	}
	if r.simd && len(row) >= 96 {
		k := reverse48SSSE3(&row[0], len(row), &r.masks, &pf[0])
		row = row[k : len(row)-k]
		ran = true
	}
	reverseRow(row, r.n)
	return ahead && ran
}

// reverseMasks returns the PSHUFB masks that reverse the n-byte pixels of
// a 48-byte block held in three registers, for the register pairs (output,
// input) in the order reverse48SSSE3 takes them. A mask byte 0x80 gives 0.
func reverseMasks(n int) [7][16]byte {
	pairs := [7][2]int{{0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}, {2, 0}, {2, 1}}
	var m [7][16]byte
	for k, p := range pairs {
		for j := range m[k] {
			out := 16*p[0] + j
			in := n*(48/n-1-out/n) + out%n
			if in/16 == p[1] {
				m[k][j] = byte(in % 16)
			} else {
				m[k][j] = 0x80
			}
		}
	}
	return m
}
