package jpeg_test

import (
	"fmt"
	"io"
	"log"
	"os"

	"github.com/pixview/pixview/codec/jpeg"
)

// Read a file's coefficients: the frame, each component's sampling and
// block grid, and the segments kept verbatim.
func ExampleDecodeBytes() {
	data, err := os.ReadFile("../../testdata/video-001.q50.420.jpeg")
	if err != nil {
		log.Fatal(err)
	}
	m, err := jpeg.DecodeBytes(data, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.Width, m.Height, m.Process == jpeg.Baseline)
	for _, c := range m.Components {
		fmt.Printf("component %d: %dx%d sampling, %dx%d blocks, DC %d\n", c.ID, c.H, c.V, c.BlocksW, c.BlocksH, c.Blocks[0][0])
	}
	fmt.Printf("%d segment(s), first APP%d\n", len(m.Segments), m.Segments[0].Marker-0xE0)
	// Output:
	// 150 103 true
	// component 1: 2x2 sampling, 20x14 blocks, DC -40
	// component 2: 1x1 sampling, 10x7 blocks, DC -13
	// component 3: 1x1 sampling, 10x7 blocks, DC 26
	// 1 segment(s), first APP0
}

// Stream a sequential file one iMCU row at a time into buffers the
// caller owns, as a pixel decoder does: memory for one row, whatever the
// image's height.
func ExampleDecoder() {
	f, err := os.Open("../../testdata/video-001.q50.422.jpeg")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	dec, err := jpeg.NewDecoder(f, nil)
	if err != nil {
		log.Fatal(err)
	}
	hd := dec.Header()
	row := make([][]jpeg.Block, len(hd.Components))
	for c := range row {
		row[c] = make([]jpeg.Block, hd.Components[c].BlocksW*hd.IMCUBlockRows(c))
	}
	n := 0
	for {
		err := dec.ReadIMCURow(row)
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		n++ // row[c] now holds component c's blocks of iMCU row n-1
	}
	fmt.Println(dec.Streaming(), n, "rows of", len(row[0]), "luma blocks")
	// Output:
	// true 13 rows of 20 luma blocks
}
