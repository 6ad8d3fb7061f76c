package codec_test

import (
	"bytes"
	"fmt"
	"log"
	"strings"

	"github.com/pixview/pixview/codec"
	"github.com/pixview/pixview/pixbuf"
)

// The default registry lists the built-in formats; a lookup takes a name,
// an alias or an extension.
func ExampleDefault() {
	for _, f := range codec.Default().Formats() {
		fmt.Println(f.Name, f.Extensions[0], f.Encode != nil, f.Transform != nil)
	}
	fmt.Println(codec.Default().Lookup("jpg").Name, codec.Default().Lookup(".tif").Name)
	// Output:
	// png .png true false
	// jpeg .jpg true true
	// gif .gif true true
	// bmp .bmp true false
	// tiff .tiff true false
	// webp .webp false false
	// pnm .pnm true true
	// pbm .pbm false false
	// pgm .pgm true false
	// ppm .ppm true false
	// pam .pam true false
	// jpeg tiff
}

// Identify goes by content, whatever a file is called.
func ExampleRegistry_Identify() {
	f, err := codec.Default().Identify(strings.NewReader("P6#a comment\n1 1 255\nabc"))
	fmt.Println(f, err)
	// Output: pnm <nil>
}

// Netpbm's Transform turns a file a quarter turn without decoding it: the
// samples, maxval 1000 included, are moved as bytes.
func ExampleFormat_transform() {
	src := "P5\n2 1\n1000\n\x00\x01\x03\xe8" // two 16-bit samples: 1 and 1000
	var out bytes.Buffer
	res, err := codec.Default().Lookup("pnm").Transform(&out, strings.NewReader(src), codec.Transform{Orientation: pixbuf.Rotate90})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%q %s %d image(s)\n", out.String(), res.Path, res.Images)
	// Output: "P5\n1 2\n1000\n\x00\x01\x03\xe8" raster 1 image(s)
}
