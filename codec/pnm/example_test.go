package pnm_test

import (
	"bytes"
	"fmt"
	"image"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/pixview/pixview/codec/pnm"
	"github.com/pixview/pixview/ops"
	"github.com/pixview/pixview/pixbuf"
)

func ExampleRead() {
	// A 3x1 PGM with maxval 15: samples are scaled to 0..255.
	img, err := pnm.Read(strings.NewReader("P2\n# a comment\n3 1\n15\n0 7 15\n"), 0)
	if err != nil {
		log.Fatal(err)
	}
	h, w, c := img.View8.Shape()
	fmt.Println(img.Header.Magic, h, w, c)
	fmt.Println(img.View8.At(0, 0, 0), img.View8.At(0, 1, 0), img.View8.At(0, 2, 0))
	// Output:
	// P2 1 3 1
	// 0 119 255
}

func ExampleParse() {
	// Parse aliases the caller's buffer: the view is the raster, no copy.
	data := []byte("P6\n2 1\n255\n\x10\x20\x30\x40\x50\x60")
	img, err := pnm.Parse(data, 0)
	if err != nil {
		log.Fatal(err)
	}
	img.View8.Set(0, 1, 0, 0xff) // the red of pixel (0, 1)
	fmt.Printf("%x\n", data[len(data)-6:])
	// Output: 102030ff5060
}

func ExampleAll() {
	file := "P5 1 1 255\n\x07P2 1 1 255\n9\n"
	for img, err := range pnm.All(strings.NewReader(file), 0) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(img.Header.Magic, img.View8.At(0, 0, 0))
	}
	// Output:
	// P5 7
	// P2 9
}

func ExampleWrite() {
	v := pixbuf.New[uint8](1, 2, 3)
	v.Set(0, 0, 0, 255)
	var b bytes.Buffer
	// Write the view mirrored, straight from the flip view.
	if err := pnm.Write(&b, v.FlipH(), ""); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%q\n", b.String())
	// Output: "P6\n2 1\n255\n\x00\x00\x00\xff\x00\x00"
}

func ExampleMap() {
	dir, err := os.MkdirTemp("", "pnm")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "a.ppm")
	if err := os.WriteFile(path, []byte("P6\n3 1\n255\nAAABBBCCC"), 0o644); err != nil {
		log.Fatal(err)
	}

	// Flip the image in the file itself: no read, no write call.
	m, err := pnm.Map(path, true)
	if err != nil {
		log.Fatal(err)
	}
	if err := ops.FlipH(m.View()); err != nil {
		log.Fatal(err)
	}
	if err := m.Sync(); err != nil {
		log.Fatal(err)
	}
	if err := m.Close(); err != nil {
		log.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	fmt.Printf("%q\n", data)
	// Output: "P6\n3 1\n255\nCCCBBBAAA"
}

func ExampleFrameReader() {
	// In a pipe: ffmpeg -i in.mp4 -f rawvideo -pix_fmt rgb24 - | prog | ffmpeg -f rawvideo -pix_fmt rgb24 -s 2x1 -i - out.mp4
	in := strings.NewReader("ABCDEF" + "abcdef" + "xy")
	var out bytes.Buffer
	fr, err := pnm.NewFrameReader(in, 2, 1, pnm.RGB24)
	if err != nil {
		log.Fatal(err)
	}
	fw := pnm.NewFrameWriter(&out)
	for {
		v, err := fr.Next() // one reused buffer, no allocation per frame
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			break
		}
		if err := ops.FlipH(v); err != nil {
			log.Fatal(err)
		}
		if err := fw.Write(v); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(out.String())
	// Output:
	// pnm: partial frame of 2 of 6 bytes after 2 whole frames: unexpected EOF
	// DEFABCdefabc
}

func ExampleDecode() {
	m, format, err := image.Decode(strings.NewReader("P7\nWIDTH 1\nHEIGHT 1\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n\xff\x00\x00\x80"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s %T %v\n", format, m, m.At(0, 0))
	// Output: pam *image.NRGBA {255 0 0 128}
}
