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

// TestBlockKernels checks every transpose block kernel this CPU can run
// against the view twins on dense images whose source and destination each
// end at an inaccessible page: the kernels for 3-byte pixels read past each
// column and write past each block row, and must do neither past the
// buffers. Shapes are random around multiples of the block side, for every
// quarter turn (the source's columns run either way in memory) and pixel
// sizes 1, 3 and 4; the tiles are walked as copyPixelsTiled walks them.
func TestBlockKernels(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 16))
	for _, b := range []int{1, 3, 4} {
		ks := blockKernels(b)
		if len(ks) == 0 {
			t.Logf("no block kernel for %d-byte pixels on this CPU", b)
		}
		for _, k := range ks {
			for it := range 60 {
				h, w := k.side*(1+r.IntN(9))+r.IntN(3)-1, k.side*(1+r.IntN(9))+r.IntN(3)-1
				if it%4 == 0 {
					h, w = k.side+r.IntN(40), k.side+r.IntN(40)
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
					twin := op.twin(src)
					want := twin.Clone()
					dst, err := pixbuf.Wrap(guarded(t, h*w*b), w, h, b)
					if err != nil {
						t.Fatal(err)
					}
					d, dg := geomOf(dst)
					s, sg := geomOf(twin)
					copyTiledBlocks(k, d, pixGeomOf(dg, 1), s, pixGeomOf(sg, 1), 0, dg.h)
					if !dst.Equal(want) {
						t.Fatalf("%s %s of %dx%dx%d: the destination is not the twin", k.name, op.name, h, w, b)
					}
				}
			}
		}
	}
}
