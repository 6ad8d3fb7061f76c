package jpeg_test

import (
	"bytes"
	"fmt"
	"log"

	"github.com/pixview/pixview/codec/jpeg"
	"github.com/pixview/pixview/pixbuf"
)

// Encode an RGB view as cjpeg -quality 90 -sample 1x1 would, then
// re-encode its pixels keeping the first file's tables, sampling and
// process.
func ExampleEncodePixels() {
	v := pixbuf.New[uint8](48, 64, 3)
	for y := range 48 {
		for x := range 64 {
			v.Set(y, x, 0, uint8(4*x))
			v.Set(y, x, 1, uint8(5*y))
			v.Set(y, x, 2, 128)
		}
	}
	var first bytes.Buffer
	if _, err := jpeg.EncodePixels(&first, v, &jpeg.PixelEncodeOptions{Quality: 90, Sampling: jpeg.Sampling444, Progressive: true}); err != nil {
		log.Fatal(err)
	}

	src, err := jpeg.DecodeBytes(first.Bytes(), nil)
	if err != nil {
		log.Fatal(err)
	}
	opts, err := jpeg.OptionsFromSource(src) // tables, sampling, process, restarts, segments
	if err != nil {
		log.Fatal(err)
	}
	var again bytes.Buffer
	if _, err := jpeg.EncodePixels(&again, v.FlipH(), opts); err != nil {
		log.Fatal(err)
	}
	m, err := jpeg.DecodeBytes(again.Bytes(), nil)
	if err != nil {
		log.Fatal(err)
	}
	c := m.Components[1]
	fmt.Println(m.Width, m.Height, m.Process == jpeg.Progressive, c.H, c.V, *m.Quant[0] == *src.Quant[0])
	// Output: 64 48 true 1 1 true
}
