package refkern

import (
	"bytes"
	"sync/atomic"
	"testing"
)

func TestReadModifyWrite(t *testing.T) {
	for _, n := range []int{0, 1, 7, 8, 9, 100, 1000} {
		buf := make([]byte, n)
		for i := range buf {
			buf[i] = byte(i * 7)
		}
		ReadModifyWrite(buf)
		for i, b := range buf {
			if want := byte(i*7) ^ 1; b != want {
				t.Fatalf("n=%d: buf[%d] = %d, want %d", n, i, b, want)
			}
		}
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
