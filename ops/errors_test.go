package ops

import (
	"errors"
	"image"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// filled returns an h x w x c view whose samples are 1, 2, 3, ...
func filled(h, w, c int) pixbuf.View[uint8] {
	v := pixbuf.New[uint8](h, w, c)
	s, _ := v.Samples()
	for i := range s {
		s[i] = uint8(i + 1)
	}
	return v
}

// TestErrors checks that every bad call returns an error wrapping the
// right sentinel and writes nothing into either buffer.
func TestErrors(t *testing.T) {
	type call func(img, other pixbuf.View[uint8]) error
	img43 := func() pixbuf.View[uint8] { return filled(4, 3, 3) }
	tests := []struct {
		name  string
		img   func() pixbuf.View[uint8] // the first buffer
		other func(img pixbuf.View[uint8]) pixbuf.View[uint8]
		call  call
		want  []error
	}{
		{"FlipH read-only", img43, nil, func(v, _ pixbuf.View[uint8]) error { return FlipH(v.AsReadOnly()) }, []error{pixbuf.ErrReadOnly}},
		{"FlipV read-only", img43, nil, func(v, _ pixbuf.View[uint8]) error { return FlipV(v.AsReadOnly()) }, []error{pixbuf.ErrReadOnly}},
		{"Rotate180 read-only", img43, nil, func(v, _ pixbuf.View[uint8]) error { return Rotate180(v.AsReadOnly()) }, []error{pixbuf.ErrReadOnly}},
		{"FlipH empty read-only", func() pixbuf.View[uint8] { return filled(0, 3, 3) }, nil,
			func(v, _ pixbuf.View[uint8]) error { return FlipH(v.AsReadOnly()) }, []error{pixbuf.ErrReadOnly}},
		{"SwapChannels read-only", img43, nil, func(v, _ pixbuf.View[uint8]) error { return SwapChannels(v.AsReadOnly(), 0, 2) }, []error{pixbuf.ErrReadOnly}},
		{"SwapChannels channel", img43, nil, func(v, _ pixbuf.View[uint8]) error { return SwapChannels(v, 0, 3) }, []error{pixbuf.ErrBounds}},
		{"SwapChannels negative", img43, nil, func(v, _ pixbuf.View[uint8]) error { return SwapChannels(v, -1, 0) }, []error{pixbuf.ErrBounds}},
		{"Permute read-only", img43, nil, func(v, _ pixbuf.View[uint8]) error { return Permute(v.AsReadOnly(), []int{2, 1, 0}) }, []error{pixbuf.ErrReadOnly}},
		{"Permute length", img43, nil, func(v, _ pixbuf.View[uint8]) error { return Permute(v, []int{1, 0}) }, []error{pixbuf.ErrShape}},
		{"Permute repeat", img43, nil, func(v, _ pixbuf.View[uint8]) error { return Permute(v, []int{0, 0, 1}) }, []error{pixbuf.ErrShape}},
		{"Permute range", img43, nil, func(v, _ pixbuf.View[uint8]) error { return Permute(v, []int{0, 1, 3}) }, []error{pixbuf.ErrBounds}},
		{"Transpose shape", img43, func(pixbuf.View[uint8]) pixbuf.View[uint8] { return filled(4, 3, 3) },
			func(v, o pixbuf.View[uint8]) error { return Transpose(o, v) }, []error{pixbuf.ErrShape}},
		{"Rotate90 channels", img43, func(pixbuf.View[uint8]) pixbuf.View[uint8] { return filled(3, 4, 4) },
			func(v, o pixbuf.View[uint8]) error { return Rotate90(o, v) }, []error{pixbuf.ErrShape}},
		{"Rotate270 read-only", img43, func(pixbuf.View[uint8]) pixbuf.View[uint8] { return filled(3, 4, 3) },
			func(v, o pixbuf.View[uint8]) error { return Rotate270(o.AsReadOnly(), v) }, []error{pixbuf.ErrReadOnly}},
		{"Transpose overlap", func() pixbuf.View[uint8] { return filled(8, 8, 3) },
			func(v pixbuf.View[uint8]) pixbuf.View[uint8] { return v.Crop(image.Rect(0, 0, 4, 6)) },
			func(v, o pixbuf.View[uint8]) error { return Transpose(o, v.Crop(image.Rect(2, 2, 8, 6))) }, []error{ErrOverlap, pixbuf.ErrShape}},
		{"Rotate90 onto own transpose", func() pixbuf.View[uint8] { return filled(5, 5, 3) },
			func(v pixbuf.View[uint8]) pixbuf.View[uint8] { return v.Transpose() },
			func(v, o pixbuf.View[uint8]) error { return Rotate90(o, v) }, []error{ErrOverlap}},
		{"Transpose in place non-square", func() pixbuf.View[uint8] { return filled(4, 5, 1) }, nil,
			func(v, _ pixbuf.View[uint8]) error { return Transpose(v, v) }, []error{pixbuf.ErrShape}},
		{"ExtractChannel channel", img43, func(pixbuf.View[uint8]) pixbuf.View[uint8] { return filled(4, 3, 1) },
			func(v, o pixbuf.View[uint8]) error { return ExtractChannel(o, v, 3) }, []error{pixbuf.ErrBounds}},
		{"ExtractChannel shape", img43, func(pixbuf.View[uint8]) pixbuf.View[uint8] { return filled(3, 4, 1) },
			func(v, o pixbuf.View[uint8]) error { return ExtractChannel(o, v, 0) }, []error{pixbuf.ErrShape}},
		{"ExtractChannel read-only", img43, func(pixbuf.View[uint8]) pixbuf.View[uint8] { return filled(4, 3, 1) },
			func(v, o pixbuf.View[uint8]) error { return ExtractChannel(o.AsReadOnly(), v, 0) }, []error{pixbuf.ErrReadOnly}},
		{"ExtractChannel into own channel", img43, nil,
			func(v, _ pixbuf.View[uint8]) error { return ExtractChannel(v.Channel(0), v, 1) }, []error{ErrOverlap}},
		{"Split count", img43, func(pixbuf.View[uint8]) pixbuf.View[uint8] { return filled(4, 3, 2) },
			func(v, o pixbuf.View[uint8]) error {
				return Split([]pixbuf.View[uint8]{o.Channel(0), o.Channel(1)}, v)
			}, []error{pixbuf.ErrShape}},
		{"Split read-only", img43, func(pixbuf.View[uint8]) pixbuf.View[uint8] { return filled(4, 3, 3) },
			func(v, o pixbuf.View[uint8]) error {
				return Split([]pixbuf.View[uint8]{o.Channel(0), o.Channel(1), o.Channel(2).AsReadOnly()}, v)
			}, []error{pixbuf.ErrReadOnly}},
		{"Split overlap", img43, func(pixbuf.View[uint8]) pixbuf.View[uint8] { return filled(4, 3, 3) },
			func(v, o pixbuf.View[uint8]) error {
				return Split([]pixbuf.View[uint8]{o.Channel(0), v.Channel(1), o.Channel(2)}, v)
			}, []error{ErrOverlap}},
		{"Merge count", img43, func(pixbuf.View[uint8]) pixbuf.View[uint8] { return filled(4, 3, 2) },
			func(v, o pixbuf.View[uint8]) error { return Merge(v, []pixbuf.View[uint8]{o.Channel(0)}) }, []error{pixbuf.ErrShape}},
		{"Merge shape", img43, func(pixbuf.View[uint8]) pixbuf.View[uint8] { return filled(3, 4, 3) },
			func(v, o pixbuf.View[uint8]) error {
				return Merge(v, []pixbuf.View[uint8]{o.Channel(0), o.Channel(1), o.Channel(2)})
			}, []error{pixbuf.ErrShape}},
		{"Merge read-only", img43, func(pixbuf.View[uint8]) pixbuf.View[uint8] { return filled(4, 3, 3) },
			func(v, o pixbuf.View[uint8]) error {
				return Merge(v.AsReadOnly(), []pixbuf.View[uint8]{o.Channel(0), o.Channel(1), o.Channel(2)})
			}, []error{pixbuf.ErrReadOnly}},
		{"Merge overlap", img43, func(pixbuf.View[uint8]) pixbuf.View[uint8] { return filled(4, 3, 3) },
			func(v, o pixbuf.View[uint8]) error {
				return Merge(v, []pixbuf.View[uint8]{o.Channel(0), v.Channel(2), o.Channel(2)})
			}, []error{ErrOverlap}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := tt.img()
			other := pixbuf.New[uint8](0, 0, 0)
			if tt.other != nil {
				other = tt.other(img)
			}
			imgBefore, otherBefore := img.Clone(), other.Clone()
			err := tt.call(img, other)
			for _, want := range tt.want {
				if !errors.Is(err, want) {
					t.Errorf("error %v, want one wrapping %v", err, want)
				}
			}
			if !img.Equal(imgBefore) || !other.Equal(otherBefore) {
				t.Errorf("a failed call wrote samples")
			}
		})
	}
}
