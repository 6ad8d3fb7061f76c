package bench

import (
	"testing"

	"github.com/pixview/pixview/internal/refkern"
)

// refs runs the reference kernels on n bytes under ref/: the floor (the
// fastest in-place read-modify-write pass this build has on this CPU, see
// refkern.Kernel) with one and two goroutines, the older 8-byte scalar pass
// (floor-scalar, so that ratios from before the vector floor stay
// comparable), copy() into a second buffer with one and two goroutines, a
// vector copy with cached stores (copy-cached) and copy() in 64 KiB chunks.
// Every group calls it once per size, so that each result has its
// references measured in the same run. It allocates its own buffers, so the
// kernels never disturb the pixels of the group's fixtures.
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
	bench(b, "ref/floor-scalar", n, func(b *testing.B) {
		for b.Loop() {
			refkern.ReadModifyWriteScalar(src)
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
	bench(b, "ref/copy-cached", n, func(b *testing.B) {
		for b.Loop() {
			refkern.CopyCached(dst, src)
		}
	})
	bench(b, "ref/copy-64K", n, func(b *testing.B) {
		for b.Loop() {
			refkern.CopyChunked(dst, src, 64<<10)
		}
	})
}
