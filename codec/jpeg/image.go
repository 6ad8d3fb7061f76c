package jpeg

import "strconv"

// Block is one 8x8 block of quantized DCT coefficients in natural order:
// Block[v*8+u] is the coefficient of horizontal frequency u and vertical
// frequency v, u and v in 0..7. Zigzag order exists only in the
// entropy-coded data and in DQT segments; everything in memory is natural.
type Block [64]int16

// QuantTable is a quantization table in natural order, like [Block].
// Values above 255 need a 16-bit DQT entry and a SOF1 (extended) frame.
type QuantTable [64]uint16

// Process is the coding process a frame header (SOFn) names. Only Huffman
// coding with 8-bit samples is supported.
type Process uint8

const (
	// Baseline is SOF0: sequential, 8-bit quantization tables, at most two
	// Huffman tables of each class.
	Baseline Process = iota
	// Extended is SOF1: sequential, 16-bit quantization tables allowed,
	// four Huffman tables of each class.
	Extended
	// Progressive is SOF2: spectral selection and successive approximation.
	Progressive
)

// Component is one colour component of a frame: its identifier, sampling
// factors, quantization table and quantized coefficient blocks.
type Component struct {
	// ID is the component identifier Ci of the frame header.
	ID uint8
	// H and V are the horizontal and vertical sampling factors, 1 to 4.
	H, V int
	// Quant is the quantization table selector Tq, 0 to 3: the table is
	// Image.Quant[Quant].
	Quant int
	// BlocksW and BlocksH are the size of Blocks' grid: the component's
	// blocks padded to whole iMCUs, MCUsWide*H by MCUsHigh*V (see
	// [Image.MCUs]; a one-component frame has MCUsWide by MCUsHigh blocks
	// whatever its sampling factors say). Blocks beyond the image's edge hold what an
	// interleaved scan coded there, or zeros where only non-interleaved
	// scans covered the component (they code just the blocks that hold
	// pixels, see [Component.CodedBlocks]).
	BlocksW, BlocksH int
	// Blocks holds the component's coefficients row-major: block (bx, by)
	// is Blocks[by*BlocksW+bx].
	Blocks []Block
}

// Image is a JPEG file at the coefficient level: the frame's geometry,
// its quantization tables and coefficients, and every segment that does
// not describe the coding (APPn, COM) kept verbatim, with whatever follows
// the end of the image. Huffman tables and the scan script are not kept:
// a writer chooses its own.
type Image struct {
	// Width and Height are the frame's dimensions in pixels as stored
	// (before any EXIF orientation).
	Width, Height int
	// Process is the frame's coding process.
	Process Process
	// Components are the frame's components in frame-header order: 1
	// (gray), 3 (YCbCr, or RGB per an Adobe segment) or 4 (CMYK or YCCK).
	Components []Component
	// Quant holds the quantization tables by selector; nil where the file
	// defines none.
	Quant [4]*QuantTable
	// RestartInterval is the number of MCUs between restart markers as
	// the file's DRI said, 0 for none.
	RestartInterval int
	// Segments are the file's APPn (0xE0-0xEF) and COM (0xFE) segments in
	// file order, JFIF, EXIF, ICC, XMP and Adobe included, payloads
	// untouched.
	Segments []Segment
	// Trailer is every byte after the EOI marker (a Motion Photo's video,
	// say), verbatim; nil when the file ends at EOI.
	Trailer []byte
}

// Segment is a marker segment carried verbatim: an APPn or COM marker and
// its payload (the bytes after the two length bytes).
type Segment struct {
	Marker byte // 0xE0-0xEF (APP0-APP15) or 0xFE (COM)
	Data   []byte
}

// MaxSampling returns the largest horizontal and vertical sampling
// factors of the frame's components.
func (m *Image) MaxSampling() (hmax, vmax int) {
	hmax, vmax = 1, 1
	for i := range m.Components {
		hmax = max(hmax, m.Components[i].H)
		vmax = max(vmax, m.Components[i].V)
	}
	return hmax, vmax
}

// MCUs returns the frame's size in iMCUs (interleaved MCUs): an iMCU
// covers 8*hmax x 8*vmax pixels. A gray (one-component) frame has 8x8
// iMCUs whatever its sampling factors say.
func (m *Image) MCUs() (wide, high int) {
	hmax, vmax := m.MaxSampling()
	if len(m.Components) == 1 {
		hmax, vmax = 1, 1
	}
	return ceilDiv(m.Width, 8*hmax), ceilDiv(m.Height, 8*vmax)
}

// CodedBlocks returns how many blocks of c hold pixels of an image whose
// largest sampling factors are hmax and vmax: ceil(ceil(width*H/hmax)/8)
// by ceil(ceil(height*V/vmax)/8), the blocks a non-interleaved scan codes.
// For a gray frame pass hmax = H and vmax = V.
func (c *Component) CodedBlocks(width, height, hmax, vmax int) (w, h int) {
	return ceilDiv(ceilDiv(width*c.H, hmax), 8), ceilDiv(ceilDiv(height*c.V, vmax), 8)
}

// Block returns a pointer to block (bx, by) of c. It panics if the block
// is outside the grid.
func (c *Component) Block(bx, by int) *Block {
	if uint(bx) >= uint(c.BlocksW) || uint(by) >= uint(c.BlocksH) {
		panic("jpeg: block index out of range")
	}
	return &c.Blocks[by*c.BlocksW+bx]
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// ColorSpace is the colour space of a frame's components.
type ColorSpace uint8

// The colour spaces a frame's components can be in.
const (
	ColorGray  ColorSpace = iota // one component
	ColorYCbCr                   // three components, converted from RGB
	ColorRGB                     // three components, untransformed
	ColorCMYK                    // four components, untransformed
	ColorYCCK                    // four components, the first three converted from RGB (inverted CMY)
)

// String returns the colour space's name.
func (c ColorSpace) String() string {
	switch c {
	case ColorGray:
		return "gray"
	case ColorYCbCr:
		return "YCbCr"
	case ColorRGB:
		return "RGB"
	case ColorCMYK:
		return "CMYK"
	case ColorYCCK:
		return "YCCK"
	}
	return "ColorSpace(" + strconv.Itoa(int(c)) + ")"
}

// ColorSpace returns the colour space of the frame's components by
// libjpeg's rules (jdapimin.c, default_decompress_parms): one component
// is gray; three are YCbCr when a JFIF segment is present, else as an
// Adobe segment's transform flag says (0: RGB), else RGB only when the
// component identifiers are 'R', 'G', 'B'; four are CMYK unless an Adobe
// segment's flag is not 0 (YCCK). Where several segments of a kind
// exist, the last one counts. A frame of another component count, which
// the reader refuses, reports ColorYCbCr.
func (m *Image) ColorSpace() ColorSpace {
	jfif, adobe := false, -1
	for _, s := range m.Segments {
		switch {
		case s.Marker == 0xE0 && len(s.Data) >= 14 && string(s.Data[:5]) == "JFIF\x00":
			jfif = true
		case s.Marker == 0xEE && len(s.Data) >= 12 && string(s.Data[:5]) == "Adobe":
			adobe = int(s.Data[11])
		}
	}
	switch len(m.Components) {
	case 1:
		return ColorGray
	case 4:
		if adobe > 0 {
			return ColorYCCK
		}
		return ColorCMYK
	}
	switch {
	case jfif:
		return ColorYCbCr
	case adobe == 0:
		return ColorRGB
	case adobe > 0:
		return ColorYCbCr
	case len(m.Components) == 3 && m.Components[0].ID == 'R' && m.Components[1].ID == 'G' && m.Components[2].ID == 'B':
		return ColorRGB
	}
	return ColorYCbCr
}
