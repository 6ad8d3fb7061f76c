package refkern

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync/atomic"
	"testing"
)

// lengths returns the buffer lengths the kernel laws run: every length up
// to a few steps of the widest kernel (each head, body and tail split), a
// few long ones with odd tails, and random ones.
func lengths(r *rand.Rand) []int {
	var ns []int
	for n := range 600 {
		ns = append(ns, n)
	}
	ns = append(ns, 4095, 4096, 4097, 65536+255, 1<<20+1)
	for range 40 {
		ns = append(ns, r.IntN(20000))
	}
	return ns
}

// TestReadModifyWriteTouchesEveryByte checks every kernel this CPU can run,
// with and without prefetching, against the naive pass: at every offset
// from a cache line and over every length, each byte of the slice is
// flipped exactly once and no byte around it changes.
func TestReadModifyWriteTouchesEveryByte(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const guard = 300
	for _, k := range kernels() {
		for _, pf := range []int{0, 1024} {
			for _, n := range lengths(r) {
				off := r.IntN(64)
				if n < 300 {
					off = n % 64 // every (length, offset) pair mod 64 over the short lengths
				}
				buf := make([]byte, off+n+2*guard)
				fill(r, buf)
				orig := slices.Clone(buf)
				k.readModifyWrite(buf[guard+off:guard+off+n:guard+off+n], pf)
				for i, b := range buf {
					want := orig[i]
					if i >= guard+off && i < guard+off+n {
						want ^= 1
					}
					if b != want {
						t.Fatalf("%s, prefetch %d, len %d, offset %d: byte %d (slice index %d) = %#x, want %#x",
							k.name, pf, n, off, i, i-guard-off, b, want)
					}
				}
			}
		}
	}
}

// TestCopyCachedCopiesEveryByte checks every copy kernel the same way:
// dst and src at independent offsets from a cache line, every byte copied,
// nothing around dst written, src unchanged.
func TestCopyCachedCopiesEveryByte(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const guard = 300
	for _, k := range kernels() {
		for _, pf := range []int{0, 1024} {
			for _, n := range lengths(r) {
				do, so := r.IntN(64), r.IntN(64)
				dst := make([]byte, do+n+2*guard)
				src := make([]byte, so+n+2*guard)
				fill(r, dst)
				fill(r, src)
				origDst, origSrc := slices.Clone(dst), slices.Clone(src)
				k.copyCached(dst[guard+do:guard+do+n], src[guard+so:guard+so+n], pf)
				want := slices.Clone(origDst)
				copy(want[guard+do:guard+do+n], origSrc[guard+so:guard+so+n])
				if !bytes.Equal(dst, want) {
					i := 0
					for dst[i] == want[i] {
						i++
					}
					t.Fatalf("%s, prefetch %d, len %d, offsets %d/%d: dst byte %d = %#x, want %#x",
						k.name, pf, n, do, so, i, dst[i], want[i])
				}
				if !bytes.Equal(src, origSrc) {
					t.Fatalf("%s, len %d: the source changed", k.name, n)
				}
			}
		}
	}
}

func TestCopyCachedLengths(t *testing.T) {
	src := []byte("0123456789")
	dst := make([]byte, 4)
	if n := CopyCached(dst, src); n != 4 || string(dst) != "0123" {
		t.Errorf("CopyCached into a short dst: %d, %q", n, dst)
	}
	dst = make([]byte, 20)
	if n := CopyCached(dst, src); n != 10 || string(dst[:10]) != "0123456789" || dst[10] != 0 {
		t.Errorf("CopyCached from a short src: %d, %q", n, dst)
	}
	if n := CopyCached(nil, src); n != 0 {
		t.Errorf("CopyCached into nil: %d", n)
	}
}

func TestReadModifyWriteScalar(t *testing.T) {
	for _, n := range []int{0, 1, 7, 8, 9, 31, 32, 33, 100, 1000} {
		buf := make([]byte, n)
		for i := range buf {
			buf[i] = byte(i * 7)
		}
		ReadModifyWriteScalar(buf)
		for i, b := range buf {
			if want := byte(i*7) ^ 1; b != want {
				t.Fatalf("n=%d: buf[%d] = %d, want %d", n, i, b, want)
			}
		}
	}
}

func TestKernelChoice(t *testing.T) {
	ks := Kernels()
	if len(ks) == 0 || ks[len(ks)-1] != "scalar" {
		t.Fatalf("Kernels() = %v, want the scalar pass last", ks)
	}
	if Kernel() != ks[0] {
		t.Errorf("Kernel() = %q, want the widest, %q", Kernel(), ks[0])
	}
	if CopyStores(36e6) == "" || CopyStores(100) == "" {
		t.Error("CopyStores said nothing")
	}
}

func TestCopyChunked(t *testing.T) {
	src := make([]byte, 1000)
	for i := range src {
		src[i] = byte(i * 7)
	}
	for _, chunk := range []int{1, 64, 999, 1000, 4096} {
		dst := make([]byte, len(src))
		CopyChunked(dst, src, chunk)
		if !bytes.Equal(dst, src) {
			t.Errorf("chunk %d: copy differs", chunk)
		}
	}
}

func TestParallelCoversEveryByteOnce(t *testing.T) {
	for _, workers := range []int{1, 2, 3, 7} {
		var total atomic.Int64
		seen := make([]int32, 101)
		Parallel(len(seen), workers, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				atomic.AddInt32(&seen[i], 1)
			}
			total.Add(int64(hi - lo))
		})
		for i, s := range seen {
			if s != 1 {
				t.Fatalf("workers %d: byte %d visited %d times", workers, i, s)
			}
		}
		if total.Load() != int64(len(seen)) {
			t.Fatalf("workers %d: total %d", workers, total.Load())
		}
	}
}

func fill(r *rand.Rand, b []byte) {
	for i := range b {
		b[i] = byte(r.Uint32())
	}
}

// BenchmarkFloor measures every kernel's read-modify-write pass and cached
// copy over a 12 MP RGB24 image (36 MB) at several prefetch distances, and
// the scalar pass and copy() beside them: the measurement behind the
// prefetch constant. Compare distances with bench/ab.sh-style alternation
// (-count 10 and benchstat), not one run.
func BenchmarkFloor(b *testing.B) {
	const n = 4000 * 3000 * 3
	buf := make([]byte, n)
	dst := make([]byte, n)
	fill(rand.New(rand.NewPCG(5, 6)), buf)
	copy(dst, buf) // page faults here, not in the first benchmark
	for _, k := range kernels() {
		for _, pf := range []int{0, 256, 1024, 4096} {
			if k.rmw == nil && pf > 0 {
				continue
			}
			b.Run(fmt.Sprintf("rmw/%s/pf%d", k.name, pf), func(b *testing.B) {
				b.SetBytes(n)
				for b.Loop() {
					k.readModifyWrite(buf, pf)
				}
			})
			b.Run(fmt.Sprintf("copy/%s/pf%d", k.name, pf), func(b *testing.B) {
				b.SetBytes(n)
				for b.Loop() {
					k.copyCached(dst, buf, pf)
				}
			})
		}
	}
	b.Run("copy/memmove", func(b *testing.B) {
		b.SetBytes(n)
		for b.Loop() {
			copy(dst, buf)
		}
	})
}
