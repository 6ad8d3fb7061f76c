//go:build !purego

package ops

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// The row-exchange kernels of swap_amd64.s. Each exchanges the first
// n&^(step-1) bytes at a and b, which do not overlap, walking the two rows
// forwards in lockstep, prefetching as many bytes at pa and pb, and returns
// that count.

//go:noescape
func swap64Ahead(a, b *byte, n int, pa, pb *byte) int

//go:noescape
func swap128AVX2(a, b *byte, n int, pa, pb *byte) int

//go:noescape
func swap256AVX512(a, b *byte, n int, pa, pb *byte) int

// swapKernel is one row-exchange kernel: its instruction set, the bytes it
// moves from each row an iteration, and the function.
type swapKernel struct {
	name string
	step int
	swap func(a, b *byte, n int, pa, pb *byte) int
}

// swapKernels returns the row-exchange kernels this CPU can run, widest
// first: AVX-512F and AVX2 where the CPU (and the OS, which x/sys/cpu
// checks) has them, SSE2 always.
func swapKernels() []swapKernel {
	var ks []swapKernel
	if cpu.X86.HasAVX512F {
		ks = append(ks, swapKernel{"AVX-512F", 256, swap256AVX512})
	}
	if cpu.X86.HasAVX2 {
		ks = append(ks, swapKernel{"AVX2", 128, swap128AVX2})
	}
	return append(ks, swapKernel{"SSE2", 64, swap64Ahead})
}

// rowSwapper is the widest row-exchange kernel of this CPU, chosen once at
// start-up.
var rowSwapper = swapKernels()[0]

// offLineSwapper is the widest kernel of at most 32-byte vectors, for rows
// that lie 32 bytes apart on their cache lines, as FlipV's pairs of a 12 MP
// RGB24 image do (rows of 12000 bytes, every other one 32 bytes off a
// line): the AVX-512 kernel's 64-byte loads and stores cross a line on one
// of the rows, 32-byte ones on neither when the rows are 32-byte aligned. Old and new
// test binaries alternated at load 8-12: FlipV w1 1.26x -> 1.15x the floor
// (-9%, p=0.013, 16 runs each).
var offLineSwapper = narrowSwapper(swapKernels())

// narrowSwapper returns the first of ks whose step is at most 128 bytes.
func narrowSwapper(ks []swapKernel) swapKernel {
	for _, k := range ks {
		if k.step <= 128 {
			return k
		}
	}
	return ks[len(ks)-1]
}

// swapRowsAhead exchanges rows a and b, which have the same length and do
// not overlap, prefetching na and nb, the rows to be exchanged next (nil
// for none), as it goes.
func swapRowsAhead(a, b, na, nb []byte) {
	if len(a) > 0 && (uintptr(unsafe.Pointer(&a[0]))-uintptr(unsafe.Pointer(&b[0])))%64 == 32 {
		offLineSwapper.swapRows(a, b, na, nb)
		return
	}
	rowSwapper.swapRows(a, b, na, nb)
}

// swapRows is swapRowsAhead with kernel k: the kernel exchanges the whole
// steps, SSE2 what is left of 64 bytes or more, Go the rest. The kernel
// walks both rows forwards, as the floor walks its two halves: FlipV's row
// pairs come closer from row to row, so the lower row of the next pair
// lies before this one, where the hardware prefetcher does not look; the
// kernel prefetches the next pair as it goes.
func (k swapKernel) swapRows(a, b, na, nb []byte) {
	b = b[:len(a)]
	if len(a) == 0 {
		return
	}
	pa, pb := &a[0], &b[0]
	if len(na) >= len(a) && len(nb) >= len(a) {
		pa, pb = &na[0], &nb[0]
	}
	if len(a) >= k.step {
		n := k.swap(&a[0], &b[0], len(a), pa, pb)
		a, b = a[n:], b[n:]
	}
	if len(a) >= 64 {
		// The tail is short: it prefetches itself, which costs nothing.
		n := swap64Ahead(&a[0], &b[0], len(a), &a[0], &b[0])
		a, b = a[n:], b[n:]
	}
	swapBytes(a, b)
}
