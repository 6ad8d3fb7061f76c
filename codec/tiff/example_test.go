package tiff_test

import (
	"bytes"
	"fmt"

	"github.com/pixview/pixview/codec/tiff"
	"github.com/pixview/pixview/pixbuf"
)

// Write a 16-bit RGB page with LZW and the predictor, and read its
// structure back: no alpha is added and the compression is kept.
func ExampleEncode() {
	var b bytes.Buffer
	page := tiff.Page{Pix16: pixbuf.New[uint16](4, 6, 3), Compression: tiff.LZW, Predictor: true}
	if _, err := tiff.Encode(&b, []tiff.Page{page}); err != nil {
		fmt.Println(err)
		return
	}
	info, err := tiff.Inspect(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		fmt.Println(err)
		return
	}
	p := info.Pages[0]
	fmt.Println(len(info.Pages), p.Width, p.Height, p.Compression, p.Predictor, p.Photometric, p.BitsPerSample, p.ExtraSamples, info.RAW == "")
	// Output: 1 6 4 5 2 2 [16 16 16] [] true
}
