package jpeg_test

import (
	"fmt"
	"image"
	"log"
	"os"

	"github.com/pixview/pixview/codec/jpeg"
	"github.com/pixview/pixview/pixbuf"
)

// Decode a JPEG's pixels into a new RGB view, then its EXIF orientation
// applied by a view (the decoder gives the stored orientation).
func ExampleDecodePixels() {
	f, err := os.Open("../../testdata/video-001.q50.420.jpeg")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	v, m, err := jpeg.DecodePixels(f, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(v.Shape())
	fmt.Println(m.Width, m.Height, m.ColorSpace())
	// Output:
	// 103 150 3
	// 150 103 YCbCr
}

// A thumbnail path: the smallest scaled decode that still covers 40
// pixels on the longer side (a resampler finishes the job).
func ExampleScaleFor() {
	data, err := os.ReadFile("../../testdata/video-001.q50.420.jpeg")
	if err != nil {
		log.Fatal(err)
	}
	dec, err := jpeg.NewDecoderBytes(data, nil)
	if err != nil {
		log.Fatal(err)
	}
	m := dec.Header()
	opts := &jpeg.PixelOptions{Scale: jpeg.ScaleFor(m.Width, m.Height, 40)}
	h, w, c, err := dec.PixelSize(opts)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("1 /", opts.Scale, "->", h, w, c)
	// Output: 1 / 2 -> 52 75 3
}

// Decode a region straight into a crop of a larger, caller-owned buffer:
// no pixels are allocated, and only the iMCU rows and block columns the
// region needs go through the inverse DCT.
func ExampleDecoder_DecodeInto() {
	data, err := os.ReadFile("../../testdata/video-001.q50.444.jpeg")
	if err != nil {
		log.Fatal(err)
	}
	canvas := pixbuf.New[uint8](100, 100, 3)
	dec, err := jpeg.NewDecoderBytes(data, nil)
	if err != nil {
		log.Fatal(err)
	}
	opts := &jpeg.PixelOptions{Region: image.Rect(40, 30, 80, 60)}
	dst := canvas.Crop(image.Rect(10, 10, 50, 40)) // 30 rows of 40 pixels
	if err := dec.DecodeInto(dst, opts); err != nil {
		log.Fatal(err)
	}
	fmt.Println(dst.Shape())
	// Output: 30 40 3
}
