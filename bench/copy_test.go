package bench

import (
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// BenchmarkCopy measures pixbuf's named copies on RGB24 at 12 MP and 1080p
// against copy() of the same bytes: Clone and CopyFrom of a contiguous view,
// Bytes, and materialising a flipped, transposed or single-channel view into
// a preallocated destination. The naive rows are the per-sample At/Set loop
// a Go programmer would write without the View's copy paths.
func BenchmarkCopy(b *testing.B) {
	for _, s := range opSizes() {
		b.Run(s.name, func(b *testing.B) { benchCopy(b, s) })
	}
}

func benchCopy(b *testing.B, s size) {
	v := rgb(s)
	n := v.NBytes()
	dst := dstView(s.h, s.w, 3)
	dstT := dstView(s.w, s.h, 3)
	plane := dstView(s.h, s.w, 1)
	must := func(b *testing.B, err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	bench(b, "Clone/pixview", n, func(b *testing.B) {
		for b.Loop() {
			v.Clone()
		}
	})
	bench(b, "Bytes/pixview", n, func(b *testing.B) {
		for b.Loop() {
			v.Bytes()
		}
	})
	bench(b, "CopyFrom/pixview", n, func(b *testing.B) {
		for b.Loop() {
			must(b, dst.CopyFrom(v))
		}
	})
	bench(b, "CopyFrom/naive", n, func(b *testing.B) {
		for b.Loop() {
			naiveCopy(dst, v)
		}
	})
	bench(b, "FlipH/pixview", n, func(b *testing.B) {
		for b.Loop() {
			must(b, dst.CopyFrom(v.FlipH()))
		}
	})
	bench(b, "FlipH/naive", n, func(b *testing.B) {
		for b.Loop() {
			naiveFlipH(dst, v)
		}
	})
	bench(b, "FlipV/pixview", n, func(b *testing.B) {
		for b.Loop() {
			must(b, dst.CopyFrom(v.FlipV()))
		}
	})
	bench(b, "Transpose/pixview", n, func(b *testing.B) {
		for b.Loop() {
			must(b, dstT.CopyFrom(v.Transpose()))
		}
	})
	bench(b, "Channel/pixview", n/3, func(b *testing.B) {
		for b.Loop() {
			must(b, plane.CopyFrom(v.Channel(1)))
		}
	})
	refs(b, n)
}

// naiveCopy copies src into dst sample by sample with At and Set.
func naiveCopy(dst, src pixbuf.View[uint8]) {
	h, w, c := src.Shape()
	for y := range h {
		for x := range w {
			for k := range c {
				dst.Set(y, x, k, src.At(y, x, k))
			}
		}
	}
}

// naiveFlipH writes src mirrored left to right into dst with At and Set.
func naiveFlipH(dst, src pixbuf.View[uint8]) {
	h, w, c := src.Shape()
	for y := range h {
		for x := range w {
			for k := range c {
				dst.Set(y, x, k, src.At(y, w-1-x, k))
			}
		}
	}
}

// TestCopyKernels checks that the naive loops and the View's copy paths the
// Copy group times produce the same pixels.
func TestCopyKernels(t *testing.T) {
	v := rgb(size{"t", 29, 17})
	dst := pixbuf.New[uint8](17, 29, 3)
	naiveCopy(dst, v)
	if !dst.Equal(v) {
		t.Error("naiveCopy differs from the source")
	}
	naiveFlipH(dst, v)
	if !dst.Equal(v.FlipH()) {
		t.Error("naiveFlipH differs from the FlipH view")
	}
	if err := dst.CopyFrom(v.FlipH()); err != nil || !dst.Equal(v.FlipH()) {
		t.Errorf("CopyFrom(FlipH) differs from the FlipH view (err %v)", err)
	}
}
