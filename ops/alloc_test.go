package ops

import (
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// TestZeroAllocs checks that every op allocates nothing on the sequential
// path, both with Workers(1) and by default on an image below the
// parallel threshold.
func TestZeroAllocs(t *testing.T) {
	img := filled(64, 96, 3)
	sq := filled(48, 48, 3)
	rot := pixbuf.New[uint8](96, 64, 3)
	planes := []pixbuf.View[uint8]{pixbuf.New[uint8](64, 96, 1), pixbuf.New[uint8](64, 96, 1), pixbuf.New[uint8](64, 96, 1)}
	rgba := filled(64, 96, 4)
	perm := []int{2, 1, 0, 3}
	gray16 := pixbuf.New[uint16](64, 96, 1)
	f32 := pixbuf.New[float32](40, 40, 5) // more channels than the fast kernels take
	perm5 := []int{4, 3, 2, 1, 0}
	ops := []struct {
		name string
		do   func(o Option) error
	}{
		{"FlipH", func(o Option) error { return FlipH(img, o) }},
		{"FlipV", func(o Option) error { return FlipV(img, o) }},
		{"Rotate180", func(o Option) error { return Rotate180(img, o) }},
		{"FlipH gray16", func(o Option) error { return FlipH(gray16, o) }},
		{"FlipH strided", func(o Option) error { return FlipH(img.Transpose().ChannelRange(0, 2), o) }},
		{"Transpose", func(o Option) error { return Transpose(rot, img, o) }},
		{"Rotate90", func(o Option) error { return Rotate90(rot, img, o) }},
		{"Rotate270 in place", func(o Option) error { return Rotate270(sq, sq, o) }},
		{"ExtractChannel", func(o Option) error { return ExtractChannel(planes[0], img, 1, o) }},
		{"Split", func(o Option) error { return Split(planes, img, o) }},
		{"Merge", func(o Option) error { return Merge(img, planes, o) }},
		{"SwapChannels", func(o Option) error { return SwapChannels(img, 0, 2, o) }},
		{"Permute", func(o Option) error { return Permute(rgba, perm, o) }},
		{"Permute 5 channels", func(o Option) error { return Permute(f32, perm5, o) }},
	}
	for _, op := range ops {
		for _, o := range []Option{Workers(1), {}, {path: pathGeneric}} {
			if n := testing.AllocsPerRun(20, func() {
				if err := op.do(o); err != nil {
					t.Fatal(err)
				}
			}); n != 0 {
				t.Errorf("%s %+v: %v allocations per call, want 0", op.name, o, n)
			}
		}
	}
}
