package ops_test

import (
	"errors"
	"fmt"
	"image"

	"github.com/pixview/pixview/ops"
	"github.com/pixview/pixview/pixbuf"
)

func ExampleFlipH() {
	// A 1 x 3 RGB image: red, green, blue.
	v, _ := pixbuf.Wrap([]uint8{255, 0, 0, 0, 255, 0, 0, 0, 255}, 1, 3, 3)
	if err := ops.FlipH(v); err != nil {
		panic(err)
	}
	s, _ := v.Samples()
	fmt.Println(s)
	// Output: [0 0 255 0 255 0 255 0 0]
}

func ExampleFlipH_crop() {
	// Flipping a crop moves only the pixels inside it.
	v, _ := pixbuf.Wrap([]uint8{1, 2, 3, 4, 5, 6}, 1, 6, 1)
	if err := ops.FlipH(v.Crop(image.Rect(1, 0, 5, 1))); err != nil {
		panic(err)
	}
	s, _ := v.Samples()
	fmt.Println(s)
	// Output: [1 5 4 3 2 6]
}

func ExampleRotate90() {
	src, _ := pixbuf.Wrap([]uint8{
		1, 2, 3,
		4, 5, 6,
	}, 2, 3, 1)
	dst := pixbuf.New[uint8](3, 2, 1)
	if err := ops.Rotate90(dst, src); err != nil {
		panic(err)
	}
	for _, row := range dst.Rows() {
		s, _ := row.RowSlice(0)
		fmt.Println(s)
	}
	// Output:
	// [4 1]
	// [5 2]
	// [6 3]
}

func ExamplePermute() {
	// One RGBA pixel reordered to BGRA.
	v, _ := pixbuf.Wrap([]uint8{10, 20, 30, 255}, 1, 1, 4)
	if err := ops.Permute(v, []int{2, 1, 0, 3}); err != nil {
		panic(err)
	}
	s, _ := v.Samples()
	fmt.Println(s)
	// Output: [30 20 10 255]
}

func ExampleExtractChannel() {
	rgb, _ := pixbuf.Wrap([]uint8{1, 2, 3, 4, 5, 6}, 1, 2, 3)
	green := pixbuf.New[uint8](1, 2, 1)
	if err := ops.ExtractChannel(green, rgb, 1); err != nil {
		panic(err)
	}
	s, _ := green.Samples()
	fmt.Println(s)
	// Output: [2 5]
}

func ExampleSplit() {
	rgb, _ := pixbuf.Wrap([]uint8{1, 2, 3, 4, 5, 6}, 1, 2, 3)
	planes := []pixbuf.View[uint8]{pixbuf.New[uint8](1, 2, 1), pixbuf.New[uint8](1, 2, 1), pixbuf.New[uint8](1, 2, 1)}
	if err := ops.Split(planes, rgb); err != nil {
		panic(err)
	}
	// Merge them back in reverse order: BGR.
	bgr := pixbuf.New[uint8](1, 2, 3)
	if err := ops.Merge(bgr, []pixbuf.View[uint8]{planes[2], planes[1], planes[0]}); err != nil {
		panic(err)
	}
	s, _ := bgr.Samples()
	fmt.Println(s)
	// Output: [3 2 1 6 5 4]
}

func ExampleWorkers() {
	v := pixbuf.New[uint8](3000, 4000, 3)
	// Keep this call on the calling goroutine; without the option a large
	// image is split into row bands over up to GOMAXPROCS goroutines.
	if err := ops.FlipV(v, ops.Workers(1)); err != nil {
		panic(err)
	}
	fmt.Println(v.Shape())
	// Output: 3000 4000 3
}

func ExampleTranspose_overlap() {
	v := pixbuf.New[uint8](4, 4, 1)
	// The same square view is transposed in place; any other overlap is refused.
	fmt.Println(ops.Transpose(v, v))
	err := ops.Transpose(v.Transpose(), v)
	fmt.Println(errors.Is(err, ops.ErrOverlap), errors.Is(err, pixbuf.ErrShape))
	// Output:
	// <nil>
	// true true
}

func ExampleSwapChannels() {
	// Two RGB pixels turned into BGR in place.
	v, _ := pixbuf.Wrap([]uint8{1, 2, 3, 4, 5, 6}, 1, 2, 3)
	if err := ops.SwapChannels(v, 0, 2); err != nil {
		panic(err)
	}
	s, _ := v.Samples()
	fmt.Println(s)
	// Output: [3 2 1 6 5 4]
}

func ExampleRotate180() {
	v, _ := pixbuf.Wrap([]uint8{
		1, 2, 3,
		4, 5, 6,
	}, 2, 3, 1)
	if err := ops.Rotate180(v); err != nil {
		panic(err)
	}
	s, _ := v.Samples()
	fmt.Println(s)
	// Output: [6 5 4 3 2 1]
}

func ExampleFlipV_readOnly() {
	v := pixbuf.New[uint8](2, 2, 1).AsReadOnly()
	err := ops.FlipV(v)
	fmt.Println(errors.Is(err, pixbuf.ErrReadOnly))
	// Output: true
}

// Orient applies an EXIF orientation to the pixels themselves: a quarter
// turn into a new buffer, or a mirror in place.
func ExampleOrient() {
	src := pixbuf.New[uint8](2, 3, 1)
	src.Set(0, 0, 0, 9) // top-left as stored
	dst := pixbuf.New[uint8](3, 2, 1)
	if err := ops.Orient(dst, src, pixbuf.Rotate90); err != nil {
		panic(err)
	}
	fmt.Println(dst.At(0, 1, 0)) // now top-right
	if err := ops.Orient(dst, dst, pixbuf.FlipHorizontal); err != nil {
		panic(err)
	}
	fmt.Println(dst.At(0, 0, 0)) // mirrored back to the left
	// Output:
	// 9
	// 9
}
