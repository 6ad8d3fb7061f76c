package main

import (
	"sync"
	"unsafe"

	"github.com/pixview/pixview/pixbuf"
)

// bufPool keeps pixel buffers for reuse across the files of a batch, so
// that a steady stream of same-sized images allocates no new pixel memory.
// It holds at most max free buffers of at most maxBytes bytes in all (the
// part of the memory budget no file has reserved); get picks the smallest
// one that fits.
type bufPool[T pixbuf.Sample] struct {
	mu        sync.Mutex
	free      [][]T
	max       int
	maxBytes  int64
	freeBytes int64
}

// newBufPool returns a pool that keeps up to max free buffers and maxBytes
// bytes.
func newBufPool[T pixbuf.Sample](max int, maxBytes int64) *bufPool[T] {
	return &bufPool[T]{max: max, maxBytes: maxBytes}
}

// bytesOf returns the size of b's backing array in bytes.
func bytesOf[T pixbuf.Sample](b []T) int64 {
	var z T
	return int64(cap(b)) * int64(unsafe.Sizeof(z))
}

// get returns a buffer of length n. Its contents are unspecified.
func (p *bufPool[T]) get(n int) []T {
	p.mu.Lock()
	best := -1
	for i, b := range p.free {
		if cap(b) >= n && (best < 0 || cap(b) < cap(p.free[best])) {
			best = i
		}
	}
	if best >= 0 {
		b := p.free[best]
		p.free = append(p.free[:best], p.free[best+1:]...)
		p.freeBytes -= bytesOf(b)
		p.mu.Unlock()
		return b[:n]
	}
	p.mu.Unlock()
	return make([]T, n)
}

// put returns b to the pool. When the pool holds max buffers, the
// smallest buffer, b or a kept one, is dropped; a buffer that would take
// the pool past maxBytes is dropped too (left to the collector).
func (p *bufPool[T]) put(b []T) {
	n := bytesOf(b)
	if n == 0 || n > p.maxBytes {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.free) < p.max && p.freeBytes+n <= p.maxBytes {
		p.free = append(p.free, b)
		p.freeBytes += n
		return
	}
	if len(p.free) == 0 {
		return
	}
	small := 0
	for i, f := range p.free {
		if cap(f) < cap(p.free[small]) {
			small = i
		}
	}
	if s := bytesOf(p.free[small]); n > s && p.freeBytes-s+n <= p.maxBytes {
		p.free[small] = b
		p.freeBytes += n - s
	}
}

// lease hands out buffers from a pool and gives them all back on release;
// one lease serves one file.
type lease[T pixbuf.Sample] struct {
	pool  *bufPool[T]
	taken [][]T
}

// get returns a buffer of length n from the pool, remembered for release.
func (l *lease[T]) get(n int) []T {
	b := l.pool.get(n)
	l.taken = append(l.taken, b)
	return b
}

// release returns every buffer taken to the pool.
func (l *lease[T]) release() {
	for _, b := range l.taken {
		l.pool.put(b)
	}
	l.taken = l.taken[:0]
}
