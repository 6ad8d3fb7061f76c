package codec_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"io"
	"log"
	"os"
	"path/filepath"

	"github.com/pixview/pixview/codec"
	"github.com/pixview/pixview/pixbuf"
)

// Load a photo, turn it by a quarter as a view, and encode it: no pixel is
// moved before the encoder reads them.
func ExampleLoad() {
	m, err := codec.Load("../testdata/video-001.q50.420.jpeg", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.Format, m.Depth, m.View8.Height(), m.View8.Width(), m.View8.Channels())
	turned := m.View8.Rotate(90)
	var buf bytes.Buffer
	if err := codec.Encode(&buf, turned, "png", nil); err != nil {
		log.Fatal(err)
	}
	cfg, err := codec.DecodeConfig(&buf)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cfg.Format, cfg.Width, cfg.Height)
	// Output:
	// jpeg 8 103 150 3
	// png 103 150
}

// EXIF orientation is applied on load as an O(1) view.
func ExampleLoad_orientation() {
	m, err := codec.Load("../testdata/orient-6.jpg", nil)
	if err != nil {
		log.Fatal(err)
	}
	raw, err := codec.Load("../testdata/orient-6.jpg", &codec.DecodeOptions{NoAutoOrient: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("orientation", m.Orientation.EXIF())
	fmt.Println("stored", raw.View8.Width(), "x", raw.View8.Height())
	fmt.Println("shown ", m.View8.Width(), "x", m.View8.Height())
	// Output:
	// orientation 6
	// stored 32 x 48
	// shown  48 x 32
}

// FromImage shares memory with an *image.NRGBA: a write through the view
// shows in the image.
func ExampleFromImage() {
	img := image.NewNRGBA(image.Rect(0, 0, 4, 2))
	v, err := codec.FromImage(img)
	if err != nil {
		log.Fatal(err)
	}
	v.Channel(0).Fill(200) // red plane
	fmt.Println(v.Height(), v.Width(), v.Channels(), img.NRGBAAt(3, 1))
	// Output: 2 4 4 {200 0 0 0}
}

// ToImage hands any view, here a mirrored one, to code that takes an
// image.Image.
func ExampleToImage() {
	v, _ := pixbuf.Wrap([]uint8{
		10, 20, 30, 40, 50, 60,
	}, 1, 2, 3) // one row of two RGB pixels
	var buf bytes.Buffer
	if err := png.Encode(&buf, codec.ToImage(v.FlipH())); err != nil {
		log.Fatal(err)
	}
	img, _ := png.Decode(&buf)
	fmt.Println(img.At(0, 0), img.At(1, 0))
	// Output: {40 50 60 255} {10 20 30 255}
}

// Limits are checked against the header before any pixel is allocated.
func ExampleLoad_limit() {
	m, err := codec.Load("../testdata/video-001.png", &codec.DecodeOptions{MaxPixels: 100 * 100})
	fmt.Println(m, err)
	// Output: <nil> codec: load ../testdata/video-001.png: png: 150x103 pixels exceed the limit of 10000
}

func ExampleFormatFromPath() {
	for _, p := range []string{"a.JPG", "b.tif", "c.pam", "d.xcf"} {
		f, err := codec.FormatFromPath(p)
		fmt.Printf("%q %v\n", f, err != nil)
	}
	// Output:
	// "jpeg" false
	// "tiff" false
	// "pnm" false
	// "" true
}

// Save writes a temporary file next to the target and renames it into
// place; WriteFileAtomic offers the same to any writer function.
func ExampleSave() {
	dir, err := os.MkdirTemp("", "codec-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	v := pixbuf.New[uint16](2, 3, 1) // a 16-bit gray image
	v.Fill(40000)
	path := filepath.Join(dir, "deep.png")
	if err := codec.Save(path, v, nil); err != nil {
		log.Fatal(err)
	}
	m, err := codec.Load(path, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.Format, m.Depth, m.View16.At(1, 2, 0))
	err = codec.WriteFileAtomic(path, func(w io.Writer) error {
		return fmt.Errorf("disk full")
	})
	m, _ = codec.Load(path, nil)
	fmt.Println(err, "- the old file is intact:", m.View16.At(1, 2, 0))
	// Output:
	// png 16 40000
	// disk full - the old file is intact: 40000
}
