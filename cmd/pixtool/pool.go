package main

import (
	"sync"

	"github.com/pixview/pixview/pixbuf"
)

// bufPool keeps pixel buffers for reuse across the files of a batch, so
// that a steady stream of same-sized images allocates no new pixel memory.
// It holds at most max free buffers; get picks the smallest one that fits.
type bufPool[T pixbuf.Sample] struct {
	mu   sync.Mutex
	free [][]T
	max  int
}

// newBufPool returns a pool that keeps up to max free buffers.
func newBufPool[T pixbuf.Sample](max int) *bufPool[T] {
	return &bufPool[T]{max: max}
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
		p.mu.Unlock()
		return b[:n]
	}
	p.mu.Unlock()
	return make([]T, n)
}

// put returns b to the pool. When the pool is full, the smallest buffer,
// b or a kept one, is dropped.
func (p *bufPool[T]) put(b []T) {
	if cap(b) == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.free) < p.max {
		p.free = append(p.free, b)
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
	if cap(b) > cap(p.free[small]) {
		p.free[small] = b
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
