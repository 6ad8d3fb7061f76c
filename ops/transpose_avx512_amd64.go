//go:build !purego

package ops

import "golang.org/x/sys/cpu"

// The AVX-512 kernels transpose 16 x 16 pixel blocks along a strip of 16
// destination rows dsy bytes apart: block b reads, for k = 0 to 15, the 16
// pixels that follow one another in memory from s + (16b+k)*ssx, and writes
// them as column k of the block, rows d + j*dsy + 16*b*size. The kernels
// for 1- and 4-byte pixels read and write exactly the pixels they move; the
// one for 3-byte pixels reads 16 bytes past each column, and writes 16
// bytes past each row of a block that the next block overwrites.

//go:noescape
func transposeStrip1AVX512(d *byte, dsy int, s *byte, ssx int, n int)

//go:noescape
func transposeStrip3AVX512(d *byte, dsy int, s *byte, ssx int, n int)

//go:noescape
func transposeStrip4AVX512(d *byte, dsy int, s *byte, ssx int, n int)

// transposeKernel16 returns the AVX-512 strip kernel for b-byte pixels
// on this CPU, or nil.
func transposeKernel16(b int) func(d *byte, dsy int, s *byte, ssx int, n int) {
	if !cpu.X86.HasAVX512F {
		return nil
	}
	switch b {
	case 1:
		return transposeStrip1AVX512
	case 3:
		if hasVBMI {
			return transposeStrip3AVX512
		}
	case 4:
		return transposeStrip4AVX512
	}
	return nil
}
