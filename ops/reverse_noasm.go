//go:build purego || !amd64

package ops

// rowReverser reverses the order of the pixels of rows; this build has no
// assembly for it, so simd is always false.
type rowReverser struct {
	n    int
	simd bool
}

// newRowReverser returns a reverser of rows of n-byte pixels.
func newRowReverser(n int, simd bool) rowReverser { return rowReverser{n: n} }

// reverse reverses the pixels of row in place.
func (r *rowReverser) reverse(row []byte) { reverseRow(row, r.n) }

// reverseAhead reverses the pixels of row in place; this build prefetches
// nothing, so it reports false.
func (r *rowReverser) reverseAhead(row, next []byte) bool {
	reverseRow(row, r.n)
	return false
}

// swapReverse exchanges the pixels of rows a and b, which have the same
// length and do not overlap, each reversed; na and nb, the pair to come,
// are for the assembly builds, which prefetch them.
func (r *rowReverser) swapReverse(a, b, na, nb []byte) {
	swapBytes(a, b)
	r.reverse(a)
	r.reverse(b)
}

// simdName names the assembly kernels this build uses, for tests and
// benchmarks.
const simdName = "none"

// hasSSSE3 is false: this build uses no assembly.
const hasSSSE3 = false

// extractBytesAsm has no assembly on this build: it does nothing and
// leaves the whole row to the Go kernel.
func extractBytesAsm(dst, src []byte, c, i int, nt bool) int { return 0 }

// bytePermuter has no assembly on this build.
type bytePermuter struct{}

// newBytePermuter returns a permuter that does nothing.
func newBytePermuter(c int, perm [4]int) bytePermuter { return bytePermuter{} }

// permute does nothing and leaves the whole row to the Go kernel.
func (p *bytePermuter) permute(row []byte) int { return 0 }

// permuteRun does nothing and leaves the whole run to the Go kernel.
func (p *bytePermuter) permuteRun(run []byte) int { return 0 }

// transposeStrip3Asm has no assembly on this build: it does nothing and
// leaves the strip to the Go kernel.
func transposeStrip3Asm(d []byte, dp pixGeom, s []byte, sp pixGeom, y, x, n int) int { return 0 }

// transposeStrip4Asm has no assembly on this build: it does nothing and
// leaves the strip to the Go kernel.
func transposeStrip4Asm(d []byte, dp pixGeom, s []byte, sp pixGeom, y, x, n int) int { return 0 }

// swapRowsAhead exchanges rows a and b; this build prefetches nothing.
func swapRowsAhead(a, b, na, nb []byte) { swapBytes(a, b) }

// blockKernels has no kernels on this build.
func blockKernels(b int) []blockKernel { return nil }

// blockKernelID names a block kernel; this build has none.
type blockKernelID uint8

// call does nothing: this build has no block kernels.
func (k blockKernel) call(d *byte, dsy int, s *byte, ssx int, n int) {}
