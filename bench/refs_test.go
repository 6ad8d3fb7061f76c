package bench

import (
	"testing"

	"github.com/pixview/pixview/internal/refkern"
)

// refs runs the reference kernels on n bytes under ref/: the in-place
// read-modify-write floor and copy() into a second buffer, with one and two
// goroutines, and copy() in 64 KiB chunks. Every group calls it once per
// size, so that each result has its references measured in the same run.
// It allocates its own buffers, so the kernels never disturb the pixels of
// the group's fixtures.
func refs(b *testing.B, n int) {
	src := noise(n, 7)
	dst := make([]byte, n)
	copy(dst, src) // first-touch page faults happen here, not in the loop
	bench(b, "ref/floor", n, func(b *testing.B) {
		for b.Loop() {
			refkern.ReadModifyWrite(src)
		}
	})
	bench(b, "ref/floor-w2", n, func(b *testing.B) {
		for b.Loop() {
			refkern.Parallel(n, 2, func(lo, hi int) { refkern.ReadModifyWrite(src[lo:hi]) })
		}
	})
	bench(b, "ref/copy", n, func(b *testing.B) {
		for b.Loop() {
			refkern.Copy(dst, src)
		}
	})
	bench(b, "ref/copy-w2", n, func(b *testing.B) {
		for b.Loop() {
			refkern.Parallel(n, 2, func(lo, hi int) { refkern.Copy(dst[lo:hi], src[lo:hi]) })
		}
	})
	bench(b, "ref/copy-64K", n, func(b *testing.B) {
		for b.Loop() {
			refkern.CopyChunked(dst, src, 64<<10)
		}
	})
}
