//go:build !purego && linux

package ops

import (
	"image"
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

// TestBlockKernelsInPlace checks the in-place transpose of square images
// with every block kernel this CPU can run, in bands as the workers take
// them, against the view twin: dense images that end at an inaccessible
// page (the kernels' loads past a column must stay inside) and crops of
// padded parents, sides around multiples of the block side.
func TestBlockKernelsInPlace(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 17))
	for _, b := range []int{1, 3, 4} {
		for _, k := range blockKernels(b) {
			for it := range 40 {
				n := k.side*(1+r.IntN(12)) + r.IntN(3) - 1
				var raw []byte
				s := denseSpec(n, n, b)
				if it%2 == 0 {
					raw = guarded(t, n*n*b)
				} else {
					s = layoutSpec{ph: n + 3, pw: n + 2, pc: b, pad: r.IntN(5), crop: image.Rect(1, 2, n+1, n+2), h: n, w: n, c: b}
					s.rawLen = s.ph * (s.pw*s.pc + s.pad)
					raw = make([]byte, s.rawLen)
				}
				for i := range raw {
					raw[i] = byte(r.Uint32())
				}
				want := clone(raw)
				if err := view(t, s, want).CopyFrom(view(t, s, raw).Transpose().Clone()); err != nil {
					t.Fatal(err)
				}
				buf, g := geomOf(view(t, s, raw))
				units := (n + tileSide - 1) / tileSide
				for lo := 0; lo < units; {
					hi := min(units, lo+1+r.IntN(3))
					transposeBlocksInPlace(k, buf, pixGeomOf(g, 1), lo, hi)
					lo = hi
				}
				if i := diffIndex(raw, want); i >= 0 {
					t.Fatalf("%s in place %v: byte %d is %d, want %d", k.name, s, i, raw[i], want[i])
				}
			}
		}
	}
}
