package jpeg_test

import (
	"bytes"
	"fmt"
	"image"
	"log"

	"github.com/pixview/pixview/codec/jpeg"
	"github.com/pixview/pixview/pixbuf"
)

// exampleFile returns a small 4:2:0 JPEG file of w x h pixels: flat grey
// blocks, made from coefficients so the example needs no file.
func exampleFile(w, h int) []byte {
	q := new(jpeg.QuantTable)
	for i := range q {
		q[i] = 2
	}
	m := &jpeg.Image{Width: w, Height: h, Quant: [4]*jpeg.QuantTable{q}}
	for i, s := range [][2]int{{2, 2}, {1, 1}, {1, 1}} {
		m.Components = append(m.Components, jpeg.Component{ID: uint8(i + 1), H: s[0], V: s[1]})
	}
	mw, mh := m.MCUs()
	for i := range m.Components {
		c := &m.Components[i]
		c.BlocksW, c.BlocksH = mw*c.H, mh*c.V
		c.Blocks = make([]jpeg.Block, c.BlocksW*c.BlocksH)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, nil); err != nil {
		log.Fatal(err)
	}
	return buf.Bytes()
}

// Rotating a JPEG file a quarter turn without loss, as jpegtran -rotate 90
// -copy all does.
func ExampleTransformFile() {
	in := exampleFile(48, 32)
	var out bytes.Buffer
	rep, err := jpeg.TransformFile(&out, bytes.NewReader(in), &jpeg.Request{Orientation: pixbuf.Rotate90})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rep.Width, rep.Height, rep.Perfect)
	// Output: 32 48 true
}

// A size that is not a multiple of the iMCU (16x16 for 4:2:0) cannot be
// mirrored exactly: Perfect says so, and the edge policies choose what to
// do about it.
func ExampleTransform() {
	m, err := jpeg.DecodeBytes(exampleFile(40, 32), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(jpeg.Perfect(m, pixbuf.FlipHorizontal), jpeg.Perfect(m, pixbuf.FlipVertical))
	t, err := jpeg.Transform(m, pixbuf.FlipHorizontal, &jpeg.TransformOptions{Edge: jpeg.EdgeTrim})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Width, t.Height)
	_, err = jpeg.Transform(m, pixbuf.FlipHorizontal, &jpeg.TransformOptions{Edge: jpeg.EdgePerfect})
	fmt.Println(err)
	c, err := jpeg.Crop(m, image.Rect(16, 16, 39, 30), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Width, c.Height)
	// Output:
	// false true
	// 32 32
	// jpeg: flip-horizontal of 40x32 with 16x16 iMCUs: transform is not perfect: partial iMCU on a mirrored edge
	// 23 14
}
