//go:build purego || !amd64

package ops

// reverseRGB24Asm has no assembly on this build: it does nothing and
// leaves the whole row to the Go kernel.
func reverseRGB24Asm(row []byte) int { return 0 }

// simdName names the assembly kernels this build uses, for tests and
// benchmarks.
const simdName = "none"

// hasSSSE3 is false: this build uses no assembly.
const hasSSSE3 = false

// extractBytesAsm has no assembly on this build: it does nothing and
// leaves the whole row to the Go kernel.
func extractBytesAsm(dst, src []byte, c, i int) int { return 0 }

// permuteBytesAsm has no assembly on this build: it does nothing and
// leaves the whole row to the Go kernel.
func permuteBytesAsm(row []byte, c int, perm [4]int) int { return 0 }
