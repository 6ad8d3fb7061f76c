package pixbuf

import "testing"

// The benchmarks of views against copies live in bench/; these measure only
// element access and Clone on a 640 x 480 RGB image.

func BenchmarkAt(b *testing.B) {
	v := New[uint8](480, 640, 3).FlipH()
	b.ReportAllocs()
	var s uint8
	for b.Loop() {
		for y := range 480 {
			for x := range 640 {
				s += v.At(y, x, 1)
			}
		}
	}
	b.SetBytes(480 * 640)
	_ = s
}

func BenchmarkSet(b *testing.B) {
	v := New[uint8](480, 640, 3).FlipH()
	b.ReportAllocs()
	for b.Loop() {
		for y := range 480 {
			for x := range 640 {
				v.Set(y, x, 1, uint8(x))
			}
		}
	}
	b.SetBytes(480 * 640)
}

func BenchmarkClone(b *testing.B) {
	p := New[uint8](480, 640, 3)
	for _, bm := range []struct {
		name string
		v    View[uint8]
	}{
		{"contiguous", p},
		{"rows", p.Crop(p.Bounds().Inset(8))},
		{"flipped", p.FlipH()},
		{"transposed", p.Transpose()},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(bm.v.NBytes()))
			for b.Loop() {
				_ = bm.v.Clone()
			}
		})
	}
}
