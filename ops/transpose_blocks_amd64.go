//go:build !purego

package ops

import "golang.org/x/sys/cpu"

//go:generate go run ./internal/gentranspose

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

// The AVX2 kernels do the same in blocks of 8 x 8 pixels; the one for
// 3-byte pixels reads 8 bytes past each column, and writes 8 bytes past
// each row of a block that the next block overwrites.

//go:noescape
func transposeStrip3AVX2(d *byte, dsy int, s *byte, ssx int, n int)

//go:noescape
func transposeStrip4AVX2(d *byte, dsy int, s *byte, ssx int, n int)

// blockKernels returns the block kernels for b-byte pixels this CPU can
// run, the one to use first, from the list made at start-up.
func blockKernels(b int) []blockKernel {
	if b < len(blockKernelsBySize) {
		return blockKernelsBySize[b]
	}
	return nil
}

// blockKernelsBySize holds the block kernels of this CPU by pixel size,
// chosen once at start-up.
var blockKernelsBySize = [5][]blockKernel{1: findBlockKernels(1), 3: findBlockKernels(3), 4: findBlockKernels(4)}

// findBlockKernels returns the block kernels for b-byte pixels this CPU
// can run, widest first: AVX-512 (16 x 16; VBMI too for 3-byte pixels),
// then AVX2 (8 x 8, for 3- and 4-byte pixels).
func findBlockKernels(b int) []blockKernel {
	var ks []blockKernel
	if cpu.X86.HasAVX512F {
		switch {
		case b == 1:
			ks = append(ks, blockKernel{"AVX-512F", 16, 16, transpose1AVX512})
		case b == 3 && hasVBMI:
			ks = append(ks, blockKernel{"AVX-512VBMI", 16, 64, transpose3AVX512})
		case b == 4:
			ks = append(ks, blockKernel{"AVX-512F", 16, 64, transpose4AVX512})
		}
	}
	if cpu.X86.HasAVX2 {
		switch b {
		case 3:
			ks = append(ks, blockKernel{"AVX2", 8, 32, transpose3AVX2})
		case 4:
			ks = append(ks, blockKernel{"AVX2", 8, 32, transpose4AVX2})
		}
	}
	return ks
}

// blockKernelID names a block kernel of this file.
type blockKernelID uint8

const (
	transpose1AVX512 blockKernelID = iota + 1
	transpose3AVX512
	transpose4AVX512
	transpose3AVX2
	transpose4AVX2
)

// call runs the kernel. The kernels are called by name rather than through
// a func value so that the compiler sees their pointers do not escape: a
// block buffer on the caller's stack stays there.
func (k blockKernel) call(d *byte, dsy int, s *byte, ssx int, n int) {
	switch k.id {
	case transpose1AVX512:
		transposeStrip1AVX512(d, dsy, s, ssx, n)
	case transpose3AVX512:
		transposeStrip3AVX512(d, dsy, s, ssx, n)
	case transpose4AVX512:
		transposeStrip4AVX512(d, dsy, s, ssx, n)
	case transpose3AVX2:
		transposeStrip3AVX2(d, dsy, s, ssx, n)
	case transpose4AVX2:
		transposeStrip4AVX2(d, dsy, s, ssx, n)
	}
}
