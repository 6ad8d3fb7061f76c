package jpeg_test

import (
	"bytes"
	"fmt"
	"log"
	"os"

	"github.com/pixview/pixview/codec/jpeg"
)

// A JPEG file made progressive without loss: its coefficients are read
// and written again with a progressive scan script and optimized tables.
func ExampleAppendEncode() {
	data, err := os.ReadFile("../../testdata/video-001.q50.420.jpeg")
	if err != nil {
		log.Fatal(err)
	}
	m, err := jpeg.DecodeBytes(data, nil)
	if err != nil {
		log.Fatal(err)
	}
	out, err := jpeg.AppendEncode(nil, m, &jpeg.EncodeOptions{Coding: jpeg.CodingProgressive})
	if err != nil {
		log.Fatal(err)
	}
	back, err := jpeg.DecodeBytes(out, nil)
	if err != nil {
		log.Fatal(err)
	}
	// A progressive file codes the blocks past the image's edge only in
	// part; compare those that hold pixels.
	same := true
	hmax, vmax := m.MaxSampling()
	for i, c := range m.Components {
		w, h := c.CodedBlocks(m.Width, m.Height, hmax, vmax)
		for by := range h {
			for bx := range w {
				same = same && *c.Block(bx, by) == *back.Components[i].Block(bx, by)
			}
		}
	}
	fmt.Println("progressive:", back.Process == jpeg.Progressive)
	fmt.Println("same coefficients:", same)
	// Output:
	// progressive: true
	// same coefficients: true
}

// Writing an Image built from coefficients: a gray 16x8 image of two
// flat blocks, mid-gray and white, with restart markers after each block.
func ExampleEncode() {
	var q jpeg.QuantTable
	for i := range q {
		q[i] = 1
	}
	m := &jpeg.Image{
		Width: 16, Height: 8,
		Quant: [4]*jpeg.QuantTable{&q},
		Components: []jpeg.Component{{
			ID: 1, H: 1, V: 1, BlocksW: 2, BlocksH: 1,
			// DC is 8 times the mean sample minus 128: 0 and 127*8.
			Blocks: []jpeg.Block{{0: 0}, {0: 1016}},
		}},
		Segments: []jpeg.Segment{{Marker: 0xFE, Data: []byte("made by pixview")}},
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.EncodeOptions{RestartInterval: 1}); err != nil {
		log.Fatal(err)
	}
	back, err := jpeg.DecodeBytes(buf.Bytes(), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(back.Width, back.Height, back.RestartInterval, string(back.Segments[0].Data))
	fmt.Println(back.Components[0].Blocks[1][0])
	// Output:
	// 16 8 1 made by pixview
	// 1016
}
