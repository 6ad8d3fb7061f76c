// Package refkern holds the reference kernels that every pixview benchmark
// measures beside the real operation, in the same run: the in-place
// read-modify-write pass (the floor for any in-place op) and copy() of the
// same bytes. Absolute times drift on shared machines; ratios to these do not.
package refkern

import (
	"encoding/binary"
	"sync"
)

// ReadModifyWrite reads and writes every byte of buf once, in place, the
// least work any in-place operation over buf must do. It flips the low bit
// of every byte, 32 bytes an iteration in four 8-byte loads and stores, so
// that the pass is bound by memory rather than by instructions, and the
// compiler cannot drop it.
func ReadModifyWrite(buf []byte) {
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

// Copy copies src to dst with one copy call, as a Go programmer would.
// Above 1 MiB the runtime uses non-temporal stores.
func Copy(dst, src []byte) { copy(dst, src) }

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
