package pixbuf_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"image"

	"github.com/pixview/pixview/pixbuf"
)

// Casting a flat buffer to a shape works only when the lengths agree, like
// memoryview.cast('B', shape=[3, 4]): 12 bytes fit [3, 4], 10 bytes do not,
// but 10 bytes fit [2, 5].
func ExampleWrap() {
	buf := []uint8{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	v, err := pixbuf.Wrap(buf, 3, 4, 1)
	fmt.Println(v.Shape())
	fmt.Println(v.At(2, 1, 0), err)

	_, err = pixbuf.Wrap(buf[:10], 3, 4, 1)
	fmt.Println(errors.Is(err, pixbuf.ErrShape))

	w, err := pixbuf.Wrap(buf[:10], 2, 5, 1)
	fmt.Println(w.Shape())
	fmt.Println(err)
	// Output:
	// 3 4 1
	// 9 <nil>
	// true
	// 2 5 1
	// <nil>
}

// A padded frame, such as a video frame or an image.RGBA whose Stride is
// larger than 4*width, is described by its strides; a layout that would
// reach outside the buffer is refused.
func ExampleWrapStrided() {
	// Two rows of three RGB pixels, each row padded to 12 samples.
	buf := make([]uint8, 2*12)
	v, err := pixbuf.WrapStrided(buf, 0, 2, 3, 3, 12, 3, 1)
	fmt.Println(v.Shape())
	fmt.Println(v.IsContiguous(), err)

	_, err = pixbuf.WrapStrided(buf, 0, 3, 3, 3, 12, 3, 1) // a third row does not fit
	fmt.Println(errors.Is(err, pixbuf.ErrBounds))
	// Output:
	// 2 3 3
	// false <nil>
	// true
}

// Crops of crops share memory with the image they came from, as nested
// memoryview slices do: a write to the parent is seen through the inner crop,
// and a write through the inner crop lands in the parent.
func ExampleView_Crop() {
	img := pixbuf.New[uint8](6, 8, 1)
	outer := img.Crop(image.Rect(2, 1, 8, 6)) // 5 x 6, its (0, 0) is img's (1, 2)
	inner := outer.Crop(image.Rect(1, 1, 3, 3))

	img.Set(2, 3, 0, 200)
	fmt.Println(inner.At(0, 0, 0))

	inner.Set(1, 1, 0, 7)
	fmt.Println(img.At(3, 4, 0))
	fmt.Println(inner.Shape())
	// Output:
	// 200
	// 7
	// 2 2 1
}

// A read-only view refuses writes: CopyFrom and Fill return ErrReadOnly and
// Set panics. Every view made from it is read-only too.
func ExampleView_AsReadOnly() {
	img := pixbuf.New[uint8](2, 2, 3)
	ro := img.AsReadOnly()

	err := ro.Fill(255)
	fmt.Println(errors.Is(err, pixbuf.ErrReadOnly))
	fmt.Println(ro.Crop(image.Rect(0, 0, 1, 1)).FlipH().ReadOnly())

	defer func() { fmt.Println("recovered:", recover()) }()
	ro.Set(0, 0, 0, 1)
	// Output:
	// true
	// true
	// recovered: pixbuf: Set(0, 0, 0) on a read-only view of shape [2 2 3]
}

// Copying between views of different shapes is an error, as assigning a
// memoryview slice of the wrong length is.
func ExampleView_CopyFrom() {
	dst := pixbuf.New[uint8](2, 3, 1)
	err := dst.CopyFrom(pixbuf.New[uint8](3, 2, 1))
	fmt.Println(errors.Is(err, pixbuf.ErrShape))
	fmt.Println(err)

	src, _ := pixbuf.Wrap([]uint8{1, 2, 3, 4, 5, 6}, 2, 3, 1)
	fmt.Println(dst.CopyFrom(src), dst.Bytes())
	// Output:
	// true
	// pixbuf: CopyFrom: shape [3 2 1] into [2 3 1]: pixbuf: shape mismatch
	// <nil> [1 2 3 4 5 6]
}

// Copying a view onto its own flipped twin mirrors the pixels in place: the
// source is set aside first because the two overlap.
func ExampleView_CopyFrom_overlap() {
	v, _ := pixbuf.Wrap([]uint8{1, 2, 3, 4, 5, 6}, 2, 3, 1)
	err := v.CopyFrom(v.FlipH())
	fmt.Println(v.Bytes(), err)
	// Output:
	// [3 2 1 6 5 4] <nil>
}

// A flipped view costs nothing: it shares the pixels and only turns a stride
// negative. Pixels move when the view is cloned.
func ExampleView_FlipH() {
	buf := []uint8{1, 2, 3, 4, 5, 6}
	v, _ := pixbuf.Wrap(buf, 2, 3, 1)
	f := v.FlipH()
	fmt.Println(f.Strides())
	fmt.Println(pixbuf.Overlap(f, v), f.At(0, 0, 0))

	c := f.Clone()
	fmt.Println(c.Bytes(), pixbuf.Overlap(c, v))
	fmt.Println(buf)
	// Output:
	// 3 -1 1
	// true 3
	// [3 2 1 6 5 4] false
	// [1 2 3 4 5 6]
}

// Rotate turns a view clockwise by a multiple of 90 degrees, without moving a
// pixel.
func ExampleView_Rotate() {
	v, _ := pixbuf.Wrap([]uint8{
		1, 2, 3,
		4, 5, 6,
	}, 2, 3, 1)
	for _, deg := range []int{90, 180, -90} {
		fmt.Println(deg, v.Rotate(deg).Bytes())
	}
	// Output:
	// 90 [4 1 5 2 6 3]
	// 180 [6 5 4 3 2 1]
	// -90 [3 6 2 5 1 4]
}

// Cast reinterprets the bytes of a uint16 buffer, as memoryview.cast('B') does
// for an array of shorts. The byte order is the machine's own.
func ExampleCast() {
	v, _ := pixbuf.Wrap([]uint16{0x0102, 0x0304}, 1, 2, 1)
	b, err := pixbuf.Cast[uint8](v, 1, 4, 1)
	fmt.Println(b.Shape())
	fmt.Println(err)

	if binary.NativeEndian.Uint16([]byte{1, 0}) == 1 { // little endian: amd64, arm64
		fmt.Println(b.Bytes())
	} else {
		fmt.Println([]uint8{2, 1, 4, 3}) // what a little-endian machine shows
	}

	_, err = pixbuf.Cast[uint8](v.FlipH(), 1, 4, 1)
	fmt.Println(errors.Is(err, pixbuf.ErrShape))
	// Output:
	// 1 4 1
	// <nil>
	// [2 1 4 3]
	// true
}

// ChannelRange opens an RGB window onto RGBA pixels: three channels out of
// four, sharing memory, with the alpha channel skipped by the stride.
func ExampleView_ChannelRange() {
	rgba, _ := pixbuf.Wrap([]uint8{
		10, 20, 30, 255,
		40, 50, 60, 128,
	}, 1, 2, 4)
	rgb := rgba.ChannelRange(0, 3)
	fmt.Println(rgb.Shape())
	fmt.Println(rgb.Strides())
	fmt.Println(rgb.Bytes())

	_ = rgb.Channel(0).Fill(0) // clear red, leave alpha alone
	fmt.Println(rgba.Bytes())
	// Output:
	// 1 2 3
	// 8 4 1
	// [10 20 30 40 50 60]
	// [0 20 30 255 0 50 60 128]
}

// Reshape gives contiguous samples a new shape of the same length, sharing
// memory; it refuses views whose samples are not one plain run.
func ExampleView_Reshape() {
	v := pixbuf.New[float32](2, 6, 1)
	r, err := v.Reshape(2, 2, 3)
	fmt.Println(r.Shape())
	fmt.Println(err)

	_, err = v.Transpose().Reshape(2, 2, 3)
	fmt.Println(errors.Is(err, pixbuf.ErrShape))
	// Output:
	// 2 2 3
	// <nil>
	// true
}

// Rows iterates over the rows of any view; RowSlice hands out a row as a
// plain slice when its samples are contiguous.
func ExampleView_Rows() {
	v, _ := pixbuf.Wrap([]uint8{1, 2, 3, 4, 5, 6}, 3, 2, 1)
	for y, row := range v.FlipV().Rows() {
		s, ok := row.RowSlice(0)
		fmt.Println(y, s, ok)
	}
	// Output:
	// 0 [5 6] true
	// 1 [3 4] true
	// 2 [1 2] true
}

// A 4 x 4 RGB frame arrives as a flat buffer. Its top-right quarter, turned
// a quarter clockwise, is a view; nothing is copied until Bytes.
func Example() {
	frame := make([]uint8, 4*4*3)
	for i := range frame {
		frame[i] = uint8(i / 3) // every pixel holds its own index
	}
	v, err := pixbuf.Wrap(frame, 4, 4, 3)
	if err != nil {
		panic(err)
	}
	q := v.Crop(image.Rect(2, 0, 4, 2)).Rotate(90).Channel(0)
	fmt.Println(q.Shape())
	fmt.Println(q.Bytes())
	// Output:
	// 2 2 1
	// [6 2 7 3]
}

// An EXIF orientation tag becomes an Orientation, and the stored pixels
// are shown as displayed through an O(1) view.
func ExampleView_Orient() {
	stored := pixbuf.New[uint8](2, 3, 1)  // 2 rows of 3 pixels, as the camera wrote them
	o, _ := pixbuf.OrientationFromEXIF(6) // "rotate 90 degrees clockwise to display"
	shown := stored.Orient(o)
	fmt.Println(o, shown.Height(), shown.Width())
	fmt.Println(o.Then(o.Inverse()), o.Inverse().EXIF())
	// Output:
	// rotate-90 3 2
	// identity 8
}
