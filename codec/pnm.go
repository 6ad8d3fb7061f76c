package codec

import (
	"io"

	"github.com/pixview/pixview/codec/pnm"
	"github.com/pixview/pixview/pixbuf"
)

// This file registers Netpbm, and holds all of codec's use of codec/pnm.

// pnmFormat is the Netpbm family as one sniffed format: PBM, PGM, PPM and
// PAM, plain or binary, 8 and 16 bits, decode; the encoder writes P5 for
// one channel, P6 for three and P7 otherwise, at the view's depth. Its
// transform without decoding moves the raster's bytes.
var pnmFormat = &Format{
	Name:         PNM,
	Extensions:   []string{".pnm"},
	MediaType:    "image/x-portable-anymap",
	Sniff:        sniffPNM,
	DecodeConfig: pnmConfig,
	Decode:       pnmDecode,
	Encode:       pnmEncoder(""),
	Writes:       Writes{Depths: []int{8, 16}, Channels: []int{1, 2, 3, 4}},
}

// The Netpbm writers that fix the variant, by name or extension: "--to
// ppm" means P6. Their files decode as "pnm".
var (
	pbmFormat = &Format{Name: "pbm", Family: PNM, Extensions: []string{".pbm"}, MediaType: "image/x-portable-bitmap",
		DecodeConfig: pnmConfig, Decode: pnmDecode}
	pgmFormat = &Format{Name: "pgm", Family: PNM, Extensions: []string{".pgm"}, MediaType: "image/x-portable-graymap",
		DecodeConfig: pnmConfig, Decode: pnmDecode, Encode: pnmEncoder("P5"),
		Writes: Writes{Depths: []int{8, 16}, Channels: []int{1}}}
	ppmFormat = &Format{Name: "ppm", Family: PNM, Extensions: []string{".ppm"}, MediaType: "image/x-portable-pixmap",
		DecodeConfig: pnmConfig, Decode: pnmDecode, Encode: pnmEncoder("P6"),
		Writes: Writes{Depths: []int{8, 16}, Channels: []int{3}}}
	pamFormat = &Format{Name: "pam", Family: PNM, Extensions: []string{".pam"}, MediaType: "image/x-portable-arbitrarymap",
		DecodeConfig: pnmConfig, Decode: pnmDecode, Encode: pnmEncoder("P7"),
		Writes: Writes{Depths: []int{8, 16}, Channels: []int{1, 2, 3, 4}}}
)

// sniffPNM recognises a Netpbm magic number: P1 to P6 followed by white
// space or a comment, P7 by white space (PAM comments are whole lines).
func sniffPNM(b []byte) bool {
	if len(b) < 3 || b[0] != 'P' || b[1] < '1' || b[1] > '7' {
		return false
	}
	return isSpace(b[2]) || b[2] == '#' && b[1] != '7'
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// pnmConfig reads a Netpbm header.
func pnmConfig(r io.Reader) (Config, error) {
	h, err := pnm.ReadHeader(rewinder(r))
	if err != nil {
		return Config{}, err
	}
	depth := 8
	if h.MaxVal > 255 {
		depth = 16
	}
	return Config{Format: PNM, Width: h.Width, Height: h.Height, Channels: h.Depth, Depth: depth, Orientation: 1}, nil
}

// pnmDecode decodes the first Netpbm image of r into an 8- or 16-bit view.
func pnmDecode(r io.Reader, _ Config, opts *DecodeOptions) (Pixels, error) {
	m, err := pnm.Read(replayer(r), opts.maxPixels())
	if err != nil {
		return nil, err
	}
	if m.Header.MaxVal > 255 {
		return m.View16, nil
	}
	return m.View8, nil
}

// pnmEncoder returns an encoder of the given magic ("" picks by channel
// count).
func pnmEncoder(magic string) func(io.Writer, Pixels, *EncodeOptions) error {
	return func(w io.Writer, p Pixels, _ *EncodeOptions) error {
		switch v := p.(type) {
		case pixbuf.View[uint8]:
			return pnm.Write(w, v, magic)
		case pixbuf.View[uint16]:
			return pnm.Write(w, v, magic)
		}
		return tagged(ErrUnsupported, "%T is not an 8- or 16-bit view", p)
	}
}
