package meta_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"

	"github.com/pixview/pixview/codec/meta"
)

// The lossless path: an image whose orientation has been applied to its
// pixels keeps its metadata, with the orientation set to 1 in EXIF and
// XMP and the dimension tags following the pixels.
func ExampleMetadata_SetOrientation() {
	// EXIF as a camera writes it: big-endian, IFD0 with Orientation = 6.
	exif := []byte("MM\x00*\x00\x00\x00\x08" +
		"\x00\x01" + "\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00" + "\x00\x00\x00\x00")
	m := &meta.Metadata{
		EXIF: exif,
		XMP:  []byte(`<rdf:Description tiff:Orientation="6"/>`),
	}
	m.SetOrientation(1)
	o, _ := meta.ExifOrientation(m.EXIF)
	fmt.Println(o, string(m.XMP))
	// Output:
	// 1 <rdf:Description tiff:Orientation="1"/>
}

// Moving metadata from a JPEG to a PNG: read the JPEG's segments, write
// PNG chunks, and hear what PNG cannot hold.
func ExampleMetadata_PNGChunks() {
	segs := []meta.Segment{
		{Marker: 0xfe, Data: []byte("shot on a test bench")},                         // COM
		{Marker: 0xe0, Data: []byte("JFIF\x00\x01\x02\x01\x00\x48\x00\x48\x00\x00")}, // JFIF, 72 dpi
	}
	m, err := meta.FromJPEG(segs)
	if err != nil {
		fmt.Println(err)
		return
	}
	m.ExtendedXMP = []byte("<x:xmpmeta/>") // JPEG's overflow for XMP: PNG has no place for it
	chunks, dropped := m.PNGChunks()
	for _, c := range chunks {
		fmt.Println(c.Type)
	}
	fmt.Println(dropped)
	// Output:
	// pHYs
	// tEXt
	// [extended XMP: PNG holds one XMP packet; merging the extension into it is not done]
}

// What pixtool info shows: the summary marshals to JSON.
func ExampleMetadata_Summary() {
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 1, 1)))
	out, _, err := meta.InsertPNG(buf.Bytes(), &meta.Metadata{
		Text:       []meta.Text{{Keyword: "Title", Text: "Pont Neuf"}},
		Resolution: &meta.Resolution{X: 300, Y: 300, Unit: meta.UnitInch},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := meta.FromPNG(out)
	if err != nil {
		fmt.Println(err)
		return
	}
	j, _ := json.Marshal(m.Summary())
	fmt.Println(string(j))
	// Output:
	// {"text":["Title"],"resolution":{"x":118.11,"y":118.11,"unit":"cm"}}
}
