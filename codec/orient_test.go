package codec

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/disintegration/imaging"

	"github.com/pixview/pixview/pixbuf"
)

// The orientation samples show a 3 x 2 grid of 16-pixel color blocks, as
// displayed:
//
//	R G B
//	C M Y
//
// orient-N.jpg stores it so that EXIF orientation N displays it so.
var blockColors = map[byte]color.RGBA{
	'R': {230, 20, 20, 255}, 'G': {20, 200, 20, 255}, 'B': {20, 20, 230, 255},
	'C': {20, 210, 210, 255}, 'M': {210, 20, 210, 255}, 'Y': {230, 230, 20, 255},
}

const blockSize = 16

// storedGrids are, by hand from the EXIF specification, the grids as
// stored in the file for each orientation, row by row.
var storedGrids = map[int]string{
	1: "RGB/CMY",
	2: "BGR/YMC",  // mirrored left to right
	3: "YMC/BGR",  // turned 180 degrees
	4: "CMY/RGB",  // mirrored top to bottom
	5: "RC/GM/BY", // transposed: row 0 is the left side
	6: "BY/GM/RC", // row 0 is the right side, column 0 the top: turn clockwise to view
	7: "YB/MG/CR", // row 0 is the right side, column 0 the bottom
	8: "CR/MG/YB", // row 0 is the left side, column 0 the bottom: turn counter-clockwise
}

// gridImage paints a grid such as "RGB/CMY".
func gridImage(grid string) *image.RGBA {
	rows := strings.Split(grid, "/")
	m := image.NewRGBA(image.Rect(0, 0, len(rows[0])*blockSize, len(rows)*blockSize))
	for y := range m.Rect.Dy() {
		for x := range m.Rect.Dx() {
			m.SetRGBA(x, y, blockColors[rows[y/blockSize][x/blockSize]])
		}
	}
	return m
}

// exifSegment returns a JPEG APP1 segment whose EXIF IFD holds only the
// orientation o, in big- or little-endian TIFF.
func exifSegment(o int, bo binary.AppendByteOrder) []byte {
	tiff := exifTIFF(o, bo)
	seg := []byte{0xff, 0xe1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(2+len(exifHeader)+len(tiff)))
	return append(append(seg, exifHeader...), tiff...)
}

// exifTIFF returns TIFF-structured EXIF data holding orientation o.
func exifTIFF(o int, bo binary.AppendByteOrder) []byte {
	b := []byte("MM\x00*")
	if bo == binary.LittleEndian {
		b = []byte("II*\x00")
	}
	b = bo.AppendUint32(b, 8)
	b = bo.AppendUint16(b, 1)
	b = bo.AppendUint16(b, tagOrientation)
	b = bo.AppendUint16(b, 3)
	b = bo.AppendUint32(b, 1)
	b = bo.AppendUint16(b, uint16(o))
	b = bo.AppendUint16(b, 0)
	return bo.AppendUint32(b, 0)
}

// pngChunk returns a PNG chunk with its length and CRC.
func pngChunk(typ string, data []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	b = append(append(b, typ...), data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:]))
}

// TestGenerateOrientationSamples writes the generated samples of testdata
// with -update — orient-N.jpg, orient-6.png and three Netpbm files — and
// otherwise checks that they are current.
func TestGenerateOrientationSamples(t *testing.T) {
	files := map[string][]byte{}
	for o := 1; o <= 8; o++ {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, gridImage(storedGrids[o]), &jpeg.Options{Quality: 90}); err != nil {
			t.Fatal(err)
		}
		bo := binary.AppendByteOrder(binary.BigEndian)
		if o%2 == 0 {
			bo = binary.LittleEndian
		}
		j := buf.Bytes()
		files[fmt.Sprintf("orient-%d.jpg", o)] = append(append(j[:2:2], exifSegment(o, bo)...), j[2:]...)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, gridImage(storedGrids[6])); err != nil {
		t.Fatal(err)
	}
	p := buf.Bytes()
	const ihdrEnd = 8 + 8 + 13 + 4
	files["orient-6.png"] = append(append(p[:ihdrEnd:ihdrEnd], pngChunk("eXIf", exifTIFF(6, binary.BigEndian))...), p[ihdrEnd:]...)
	// Netpbm samples, made by Encode from the PNG samples.
	for _, pnm := range []struct{ name, src, format string }{
		{"video-001.ppm", "video-001.png", "ppm"},
		{"basn0g16.pgm", "basn0g16.png", "pgm"},
		{"basn6a08.pam", "basn6a08.png", "pam"},
	} {
		m, err := Load(filepath.Join(testdataDir, pnm.src), nil)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if m.Depth == 16 {
			err = Encode(&buf, m.View16, pnm.format, nil)
		} else {
			err = Encode(&buf, m.View8, pnm.format, nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		files[pnm.name] = buf.Bytes()
	}
	for name, data := range files {
		path := filepath.Join(testdataDir, name)
		if *updateGolden {
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		old, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(old, data) {
			t.Errorf("%s is not what the generator makes (%v); regenerate with -update", path, err)
		}
	}
}

// checkGrid reports whether the centers of the blocks of v show grid.
func checkGrid(t *testing.T, v pixbuf.View[uint8], grid string, tol int) {
	t.Helper()
	rows := strings.Split(grid, "/")
	if v.Height() != len(rows)*blockSize || v.Width() != len(rows[0])*blockSize {
		t.Fatalf("shape %v, want grid %s", v, grid)
	}
	for by, row := range rows {
		for bx := range row {
			want := blockColors[row[bx]]
			y, x := by*blockSize+blockSize/2, bx*blockSize+blockSize/2
			got := [3]int{int(v.At(y, x, 0)), int(v.At(y, x, 1)), int(v.At(y, x, 2))}
			for k, w := range []uint8{want.R, want.G, want.B} {
				if absDiff(got[k], int(w)) > tol {
					t.Fatalf("block (%d,%d) is %v, want %c %v (grid %s)", by, bx, got, row[bx], want, grid)
				}
			}
		}
	}
}

// TestOrientation checks all 8 orientations: as stored, the hand-made grid;
// as displayed, the canonical one; the config's dimensions; and the same
// pixels as imaging's own auto-orientation.
func TestOrientation(t *testing.T) {
	for o := 1; o <= 8; o++ {
		t.Run(fmt.Sprint(o), func(t *testing.T) {
			path := filepath.Join(testdataDir, fmt.Sprintf("orient-%d.jpg", o))
			stored, err := Load(path, &DecodeOptions{NoAutoOrient: true})
			if err != nil {
				t.Fatal(err)
			}
			if stored.Orientation.EXIF() != o {
				t.Errorf("Orientation %d, want %d", stored.Orientation.EXIF(), o)
			}
			checkGrid(t, stored.View8, storedGrids[o], 12)
			shown, err := Load(path, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkGrid(t, shown.View8, storedGrids[1], 12)
			cfg, err := LoadConfig(path)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Orientation.EXIF() != o || cfg.Width != 3*blockSize || cfg.Height != 2*blockSize {
				t.Errorf("config %+v", cfg)
			}
			ref, err := imaging.Open(path, imaging.AutoOrientation(true))
			if err != nil {
				t.Fatal(err)
			}
			want, err := FromImage(ref)
			if err != nil {
				t.Fatal(err)
			}
			// imaging decodes with image/jpeg, whose chroma upsampling
			// (replication) differs from libjpeg-turbo's fancy upsampling,
			// which the decoder matches exactly (TestJPEGDecodeMatchesDjpeg),
			// by up to 131 at the grid's colour edges: both must show the
			// same upright grid instead.
			checkGrid(t, want.ChannelRange(0, 3), storedGrids[1], 12)
		})
	}
	m, err := Load(filepath.Join(testdataDir, "orient-6.png"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.Orientation.EXIF() != 6 {
		t.Errorf("PNG eXIf orientation %d, want 6", m.Orientation.EXIF())
	}
	checkGrid(t, m.View8, storedGrids[1], 0)
}

// TestExifOrientation covers the parser on good and hostile data.
func TestExifOrientation(t *testing.T) {
	good := exifTIFF(6, binary.LittleEndian)
	le := binary.LittleEndian
	patch := func(f func(b []byte)) []byte {
		b := bytes.Clone(good)
		f(b)
		return b
	}
	tests := []struct {
		name string
		data []byte
		want int
	}{
		{"big endian", exifTIFF(8, binary.BigEndian), 8},
		{"little endian", good, 6},
		{"empty", nil, 1},
		{"not tiff", []byte("JFIF\x00\x00\x00\x00\x00\x00"), 1},
		{"ifd offset past end", patch(func(b []byte) { le.PutUint32(b[4:], 1000) }), 1},
		{"ifd offset overflow", patch(func(b []byte) { le.PutUint32(b[4:], 0xffffffff) }), 1},
		{"entry count 0xffff", patch(func(b []byte) { le.PutUint16(b[8:], 0xffff) }), 1},
		{"entry count 0", patch(func(b []byte) { le.PutUint16(b[8:], 0) }), 1},
		{"orientation 0", exifTIFF(0, le), 1},
		{"orientation 9", exifTIFF(9, le), 1},
		{"orientation 0xffff", exifTIFF(0xffff, le), 1},
		{"wrong type", patch(func(b []byte) { le.PutUint16(b[12:], 2) }), 1},
		{"count 2", patch(func(b []byte) { le.PutUint32(b[14:], 2) }), 1},
		{"truncated entry", good[:15], 1},
	}
	for _, tt := range tests {
		if got := ExifOrientation(tt.data); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
	// Every truncation of an APP1 segment in a JPEG header is harmless.
	seg := append([]byte{0xff, 0xd8}, exifSegment(3, binary.BigEndian)...)
	for n := range len(seg) {
		if got := jpegOrientation(seg[:n]); got != 1 {
			t.Errorf("JPEG truncated to %d bytes: orientation %d", n, got)
		}
	}
	if got := jpegOrientation(seg); got != 3 {
		t.Errorf("JPEG: orientation %d, want 3", got)
	}
}

// FuzzExifOrientation checks that no input makes the parsers panic or
// return a value outside 1-8.
func FuzzExifOrientation(f *testing.F) {
	f.Add(exifTIFF(6, binary.LittleEndian))
	f.Add(exifTIFF(3, binary.BigEndian))
	f.Add(append([]byte{0xff, 0xd8}, exifSegment(5, binary.BigEndian)...))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, o := range []int{ExifOrientation(b), jpegOrientation(b), pngOrientation(b)} {
			if o < 1 || o > 8 {
				t.Fatalf("orientation %d", o)
			}
		}
	})
}

// grayTIFF returns an uncompressed 8-bit gray TIFF of the given w x h
// pixels with orientation o, byte order bo.
func grayTIFF(w, h int, pix []byte, o int, bo binary.AppendByteOrder) []byte {
	b := []byte("II*\x00")
	if bo == binary.BigEndian {
		b = []byte("MM\x00*")
	}
	entries := [][3]uint32{ // tag, type, value; sorted by tag
		{256, 4, uint32(w)}, {257, 4, uint32(h)}, {258, 3, 8}, {259, 3, 1}, {262, 3, 1},
		{273, 4, 0}, {tagOrientation, 3, uint32(o)}, {277, 3, 1}, {278, 4, uint32(h)}, {279, 4, uint32(len(pix))},
	}
	data := uint32(8 + 2 + 12*len(entries) + 4)
	b = bo.AppendUint32(b, 8)
	b = bo.AppendUint16(b, uint16(len(entries)))
	for _, e := range entries {
		if e[0] == 273 {
			e[2] = data
		}
		b = bo.AppendUint16(b, uint16(e[0]))
		b = bo.AppendUint16(b, uint16(e[1]))
		b = bo.AppendUint32(b, 1)
		if e[1] == 3 {
			b = bo.AppendUint16(b, uint16(e[2]))
			b = bo.AppendUint16(b, 0)
		} else {
			b = bo.AppendUint32(b, e[2])
		}
	}
	b = bo.AppendUint32(b, 0)
	return append(b, pix...)
}

// TestTIFFOrientation checks the orientation tag of a TIFF's first IFD, in
// both byte orders, against the view turned by hand.
func TestTIFFOrientation(t *testing.T) {
	pix := []byte{1, 2, 3, 4, 5, 6} // 3 wide, 2 high
	stored, _ := pixbuf.Wrap(pix, 2, 3, 1)
	want := map[int][]byte{ // the displayed pixels, row by row
		1: {1, 2, 3, 4, 5, 6},
		2: {3, 2, 1, 6, 5, 4},
		3: {6, 5, 4, 3, 2, 1},
		4: {4, 5, 6, 1, 2, 3},
		5: {1, 4, 2, 5, 3, 6},
		6: {4, 1, 5, 2, 6, 3},
		7: {6, 3, 5, 2, 4, 1},
		8: {3, 6, 2, 5, 1, 4},
	}
	for o := 1; o <= 8; o++ {
		for _, bo := range []binary.AppendByteOrder{binary.LittleEndian, binary.BigEndian} {
			m, err := Decode(bytes.NewReader(grayTIFF(3, 2, pix, o, bo)), nil)
			if err != nil {
				t.Fatal(err)
			}
			if m.Orientation.EXIF() != o || !bytes.Equal(m.View8.Bytes(), want[o]) {
				t.Errorf("orientation %d (%v): got %d, %v, want %v", o, bo, m.Orientation.EXIF(), m.View8.Bytes(), want[o])
			}
			if !m.View8.Equal(Orient(stored, o)) {
				t.Errorf("orientation %d: Orient disagrees with Decode", o)
			}
		}
	}
}

// tagOrientation is the TIFF/EXIF tag of the orientation.
const tagOrientation = 0x0112
