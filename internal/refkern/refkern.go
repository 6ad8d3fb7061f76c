// Package refkern holds the reference kernels that every pixview benchmark
// measures beside the real operation, in the same run: the in-place
// read-modify-write pass (the floor for any in-place op) and copies of the
// same bytes. Absolute times drift on shared machines; ratios to these do
// not.
//
// # The floor
//
// [ReadModifyWrite] is the fastest in-place pass this build can make over a
// buffer on this CPU: it loads, changes and stores every byte once with the
// widest vectors the CPU has (AVX-512F, else AVX2, else SSE2, chosen at
// start-up as package ops chooses its kernels), prefetching ahead. An
// in-place operation must read and write every byte it moves, so it cannot
// beat this pass over the same bytes; one that does means the floor is not
// a floor. Under the purego build tag, and off amd64, the floor is the
// scalar pass. [ReadModifyWriteScalar] is the older 8-byte scalar pass, kept
// so that ratios measured against it stay comparable.
//
// # Copies
//
// [Copy] is copy(), which the runtime performs with non-temporal stores
// above a size threshold on most amd64 CPUs ([CopyStores] says which stores
// it uses here); [CopyCached] copies with the same vectors as the floor
// and ordinary, cached stores; [CopyChunked] calls copy() on chunks small
// enough that the runtime keeps to cached stores.
package refkern

import (
	"encoding/binary"
	"sync"
	"unsafe"
)

// prefetch is how far ahead of each step the vector kernels prefetch, in
// bytes; 0 prefetches the lines being worked on, which is no prefetching.
// On the project's AMD EPYC (Zen 5) VM, run in alternation, prefetching
// 512 B to 8 KiB ahead made the two-stream floor 0-40% slower and the
// cached copy 10-25% slower: the hardware prefetcher follows forward
// streams. BenchmarkFloor measures the distances again on another CPU.
const prefetch = 0

// kernel is one implementation of the vector passes: the read-modify-write
// kernel of one instruction set, which flips two runs of the same multiple
// of step bytes in lockstep, and its copy kernel, which copies a multiple
// of step bytes. The scalar kernel has no rmw or copy function.
type kernel struct {
	name string
	step int
	rmw  func(p, q *byte, n, pf int)
	copy func(dst, src *byte, n, pf int)
}

// scalarKernel is the pass without assembly.
var scalarKernel = kernel{name: "scalar", step: 32}

// best is the kernel this build uses on this CPU, chosen once at start-up.
var best = kernels()[0]

// Kernel names the instruction set of the floor and of CopyCached in this
// build on this CPU: "AVX-512F", "AVX2", "SSE2" or "scalar".
func Kernel() string { return best.name }

// Kernels names every kernel this build can run on this CPU, widest first;
// the tests run each of them.
func Kernels() []string {
	var names []string
	for _, k := range kernels() {
		names = append(names, k.name)
	}
	return names
}

// CopyStores describes the stores copy() of n bytes uses on this CPU, as
// the Go runtime's memmove chooses them: on amd64 with AVX, non-temporal
// stores from 1 MiB up, unless the CPU is an Intel one with ERMS and FSRM,
// where REP MOVSQ does the copy.
func CopyStores(n int) string { return memmoveStores(n) }

// ReadModifyWrite reads and writes every byte of buf once, in place, the
// least work any in-place operation over buf must do, as fast as this CPU
// can: it flips the low bit of every byte with the widest vector loads and
// stores the CPU has (see [Kernel]), walking the two halves of buf in
// lockstep, as an exchange of rows walks two rows, so that the pass is
// bound by memory and the compiler cannot drop it.
func ReadModifyWrite(buf []byte) { best.readModifyWrite(buf, prefetch) }

// ReadModifyWriteScalar flips the low bit of every byte of buf in place,
// 32 bytes an iteration in four 8-byte loads and stores: the floor that
// pixview's benchmarks used before ReadModifyWrite became a vector pass,
// kept so that old ratios stay comparable.
func ReadModifyWriteScalar(buf []byte) {
	const ones = 0x0101010101010101
	le := binary.LittleEndian
	n := len(buf) &^ 31
	for i := 0; i < n; i += 32 {
		w := buf[i : i+32 : i+32]
		le.PutUint64(w[0:], le.Uint64(w[0:])^ones)
		le.PutUint64(w[8:], le.Uint64(w[8:])^ones)
		le.PutUint64(w[16:], le.Uint64(w[16:])^ones)
		le.PutUint64(w[24:], le.Uint64(w[24:])^ones)
	}
	for i := n; i < len(buf); i++ {
		buf[i] ^= 1
	}
}

// Copy copies src to dst with one copy call, as a Go programmer would, and
// returns the number of bytes copied. See [CopyStores] for the stores the
// runtime uses.
func Copy(dst, src []byte) int { return copy(dst, src) }

// CopyCached copies src to dst, which must not overlap, with the vector
// loads and stores of the floor's kernel and ordinary (temporal) stores,
// so that the destination ends up in the cache, and returns the number of
// bytes copied, as copy does. It uses no non-temporal store. Without
// assembly it calls copy() on 64 KiB chunks, below the size at which the
// runtime turns to non-temporal stores.
func CopyCached(dst, src []byte) int {
	n := min(len(dst), len(src))
	best.copyCached(dst[:n], src[:n], prefetch)
	return n
}

// CopyChunked copies src to dst in chunks of the given size, which keeps
// the runtime on cached stores.
func CopyChunked(dst, src []byte, chunk int) {
	for i := 0; i < len(src); i += chunk {
		j := min(i+chunk, len(src))
		copy(dst[i:j], src[i:j])
	}
}

// Parallel runs f over workers contiguous bands of n bytes and waits: the
// multi-core version of a reference kernel. f gets the band [lo, hi).
func Parallel(n, workers int, f func(lo, hi int)) {
	if workers <= 1 {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	band := (n + workers - 1) / workers
	for lo := 0; lo < n; lo += band {
		hi := min(lo+band, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(lo, hi)
		}()
	}
	wg.Wait()
}

// head returns how many bytes of buf come before its first 64-byte
// boundary, at most len(buf): the vector kernels start at a cache line, so
// that no load or store straddles two lines.
func head(buf []byte) int {
	if len(buf) == 0 {
		return 0
	}
	return min(int(-uintptr(unsafe.Pointer(&buf[0]))&63), len(buf))
}

// readModifyWrite is ReadModifyWrite with kernel k, prefetching pf bytes
// ahead: the kernel flips the two halves of the cache-aligned middle of
// buf, each a whole number of steps; the bytes before the first cache line
// and after the second half are flipped in Go.
func (k kernel) readModifyWrite(buf []byte, pf int) {
	if k.rmw == nil {
		ReadModifyWriteScalar(buf)
		return
	}
	h := head(buf)
	flipBytes(buf[:h])
	body := buf[h:]
	half := len(body) / 2 &^ (k.step - 1)
	if half > 0 {
		k.rmw(&body[0], &body[half], half, pf)
	}
	flipBytes(body[2*half:])
}

// copyCached is CopyCached with kernel k, for dst and src of one length.
func (k kernel) copyCached(dst, src []byte, pf int) {
	if k.copy == nil {
		CopyChunked(dst, src, 64<<10)
		return
	}
	h := head(dst)
	copy(dst[:h], src[:h])
	dst, src = dst[h:], src[h:]
	n := len(dst) &^ (k.step - 1)
	if n > 0 {
		k.copy(&dst[0], &src[0], n, pf)
	}
	copy(dst[n:], src[n:])
}

// flipBytes flips the low bit of every byte of b, one at a time.
func flipBytes(b []byte) {
	for i := range b {
		b[i] ^= 1
	}
}
