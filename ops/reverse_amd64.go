//go:build !purego

package ops

import "golang.org/x/sys/cpu"

// hasSSSE3 is whether the CPU has PSHUFB; it is read once at start-up.
var hasSSSE3 = cpu.X86.HasSSSE3

// simdName names the assembly kernels this build uses, for tests and
// benchmarks.
const simdName = "ssse3"

// reverseRGB24SSSE3 exchanges and reverses 48-byte blocks of 3-byte pixels
// from both ends of the n bytes at p while at least 96 bytes remain between
// them, and returns how many bytes it did at each end.
//
//go:noescape
func reverseRGB24SSSE3(p *byte, n int) int

// reverseRGB24Asm reverses the outer parts of a row of 3-byte pixels with
// SSSE3, when the CPU has it, and returns how many bytes it did at each end;
// the caller reverses the middle.
func reverseRGB24Asm(row []byte) int {
	if !hasSSSE3 || len(row) < 96 {
		return 0
	}
	return reverseRGB24SSSE3(&row[0], len(row))
}
