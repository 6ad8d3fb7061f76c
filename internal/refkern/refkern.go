// Package refkern holds the reference kernels that every pixview benchmark
// measures beside the real operation, in the same run: the in-place
// read-modify-write pass (the floor for any in-place op) and copy() of the
// same bytes. Absolute times drift on shared machines; ratios to these do not.
package refkern

import "sync"

// ReadModifyWrite reads and writes every byte of buf once, in place, the
// least work any in-place operation over buf must do. It adds one to each
// 8-byte word so the compiler cannot drop the pass.
func ReadModifyWrite(buf []byte) {
	n := len(buf) &^ 7
	for i := 0; i < n; i += 8 {
		w := buf[i : i+8 : i+8]
		w[0]++
		w[1]++
		w[2]++
		w[3]++
		w[4]++
		w[5]++
		w[6]++
		w[7]++
	}
	for i := n; i < len(buf); i++ {
		buf[i]++
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
