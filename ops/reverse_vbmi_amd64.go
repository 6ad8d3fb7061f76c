//go:build !purego

package ops

import "golang.org/x/sys/cpu"

// hasVBMI is whether the CPU has AVX-512 VBMI (VPERMB, VPERMI2B) with the
// byte-masked moves of AVX-512 BW, and the OS saves the ZMM registers.
var hasVBMI = cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW && cpu.X86.HasAVX512VBMI

// vbmiTable is a byte permutation of a 192-byte block held in three ZMM
// registers b0, b1, b2, in the form the VBMI kernels take it: output
// register k takes byte j from b0:b1 at index lo[k][j] (0 to 127) or, where
// bit j of mask[k] is set, from b2 at index hi[k][j]. A pixel that
// straddles a register boundary can pull from all three registers, which
// is why one two-register permute is not enough. The layout is the
// kernels'.
type vbmiTable struct {
	lo   [3][64]byte
	hi   [3][64]byte
	mask [3]uint64
}

// newVBMITable returns the table of the permutation whose output byte o
// is input byte from(o), for o in [0, 192).
func newVBMITable(from func(o int) int) vbmiTable {
	var t vbmiTable
	for k := range 3 {
		for j := range 64 {
			i := from(64*k + j)
			if i < 128 {
				t.lo[k][j] = byte(i)
			} else {
				t.hi[k][j] = byte(i - 128)
				t.mask[k] |= 1 << j
			}
		}
	}
	return t
}

// reverseTable returns the table that reverses the n-byte pixels of a
// 192-byte block; n must divide 192.
func reverseTable(n int) vbmiTable {
	return newVBMITable(func(o int) int { return n*(192/n-1-o/n) + o%n })
}

// permuteTable returns the table that permutes the channels of the c-byte
// pixels of a 192-byte block, new channel k being old channel perm[k]; c
// must divide 192.
func permuteTable(c int, perm [4]int) vbmiTable {
	return newVBMITable(func(o int) int { return c*(o/c) + perm[o%c] })
}

// swapReverse192VBMI exchanges the n bytes at a and at b, which do not
// overlap, each reversed through t, in 192-byte blocks from the front of a
// and the back of b while a whole block remains, and returns the bytes done
// at each end.
//
//go:noescape
func swapReverse192VBMI(a, b *byte, n int, t *vbmiTable) int

// permute192VBMI permutes each whole 192-byte block of the n bytes at p
// in place through t and returns the bytes done.
//
//go:noescape
func permute192VBMI(p *byte, n int, t *vbmiTable) int

// permute192x2VBMI permutes the whole 192-byte blocks of the n bytes at p
// and of the n bytes at q, which do not overlap, in lockstep through t,
// and returns the bytes done in each.
//
//go:noescape
func permute192x2VBMI(p, q *byte, n int, t *vbmiTable) int

// reverse192VBMI exchanges 192-byte blocks from both ends of the n bytes
// at p, reversing the pixels of each through t, while at least 384 bytes
// remain between the ends, and returns the bytes done at each end. It
// prefetches as many bytes at pf as it reverses: pf must have n bytes.
//
//go:noescape
func reverse192VBMI(p *byte, n int, t *vbmiTable, pf *byte) int
