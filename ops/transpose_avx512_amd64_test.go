//go:build !purego && linux

package ops

import (
	"math/rand/v2"
	"syscall"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// guarded returns n bytes that end where an inaccessible page begins, so
// that a kernel reading or writing one byte past them faults.
func guarded(t *testing.T, n int) []byte {
	t.Helper()
	page := syscall.Getpagesize()
	size := (n+page-1)/page*page + page
	m, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Munmap(m) })
	if err := syscall.Mprotect(m[size-page:], syscall.PROT_NONE); err != nil {
		t.Fatal(err)
	}
	return m[size-page-n : size-page : size-page]
}

// TestTransposeStrip16 checks the AVX-512 strip kernels against the view
// twins on dense images whose source and destination each end at an
// inaccessible page: the 3-byte kernel reads 16 bytes past each column and
// writes 16 bytes past each block row, and must do neither past the
// buffers. Shapes are random around multiples of the 16-pixel block, for
// every quarter turn (the source's columns run either way in memory) and
// pixel sizes 1, 3 and 4.
func TestTransposeStrip16(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 16))
	for _, b := range []int{1, 3, 4} {
		if transposeKernel16(b) == nil {
			t.Logf("no AVX-512 kernel for %d-byte pixels on this CPU", b)
			continue
		}
		for it := range 60 {
			h, w := 16*(1+r.IntN(5))+r.IntN(3)-1, 16*(1+r.IntN(5))+r.IntN(3)-1
			if it%4 == 0 {
				h, w = 16+r.IntN(40), 16+r.IntN(40)
			}
			sbuf := guarded(t, h*w*b)
			for i := range sbuf {
				sbuf[i] = byte(r.Uint32())
			}
			src, err := pixbuf.Wrap(sbuf, h, w, b)
			if err != nil {
				t.Fatal(err)
			}
			for _, op := range quarterOps[uint8]() {
				want := op.twin(src).Clone()
				dst, err := pixbuf.Wrap(guarded(t, h*w*b), w, h, b)
				if err != nil {
					t.Fatal(err)
				}
				if err := op.do(dst, src, Workers(1)); err != nil {
					t.Fatal(err)
				}
				if !dst.Equal(want) {
					t.Fatalf("%s of %dx%dx%d: the destination is not the twin", op.name, h, w, b)
				}
			}
		}
	}
}
