package pnm

import (
	"image"
	"image/color"
	"io"
)

func init() {
	for _, f := range []struct{ name, magic string }{
		{"pbm", "P1"}, {"pgm", "P2"}, {"ppm", "P3"},
		{"pbm", "P4"}, {"pgm", "P5"}, {"ppm", "P6"}, {"pam", "P7"},
	} {
		image.RegisterFormat(f.name, f.magic, Decode, DecodeConfig)
	}
}

// Decode reads the first Netpbm image from r as an image.Image, applying
// [DefaultMaxPixels]: *image.Gray or *image.Gray16 for one channel,
// *image.RGBA or *image.RGBA64 for three, *image.NRGBA or *image.NRGBA64
// for gray with alpha and RGB with alpha (PAM alpha is straight, not
// premultiplied). A one-channel 8-bit image and an RGB_ALPHA 8-bit image
// share the decoded samples without a copy. It is registered with
// image.RegisterFormat as "pbm", "pgm", "ppm" and "pam".
func Decode(r io.Reader) (image.Image, error) {
	img, err := Read(r, 0)
	if err != nil {
		return nil, err
	}
	return img.Image(), nil
}

// DecodeConfig returns the color model and dimensions of the first Netpbm
// image in r, reading only its header; it applies no pixel limit. The
// model does not tell a gray-with-alpha PAM from an RGBA one: use
// [ReadHeader] for the depth.
func DecodeConfig(r io.Reader) (image.Config, error) {
	h, err := ReadHeader(r)
	if err != nil {
		return image.Config{}, err
	}
	return image.Config{ColorModel: h.ColorModel(), Width: h.Width, Height: h.Height}, nil
}

// ReadHeader reads and validates the header of the first Netpbm image in
// r and nothing more: unless r is an io.ByteScanner (a *bufio.Reader, say)
// it reads one byte at a time, so that r is left at the first byte of the
// raster, Header.Size bytes in. It applies no pixel limit.
func ReadHeader(r io.Reader) (Header, error) {
	br, ok := r.(io.ByteScanner)
	if !ok {
		br = &byteReader{r: r}
	}
	return readHeader(br)
}

// byteReader reads one byte at a time from r, so that DecodeConfig reads
// no further than the header.
type byteReader struct {
	r    io.Reader
	b    [1]byte
	back bool
}

func (b *byteReader) ReadByte() (byte, error) {
	if b.back {
		b.back = false
		return b.b[0], nil
	}
	if _, err := io.ReadFull(b.r, b.b[:]); err != nil {
		return 0, err
	}
	return b.b[0], nil
}

func (b *byteReader) UnreadByte() error {
	b.back = true
	return nil
}

// ColorModel returns the color model of the image.Image that Decode
// returns for an image with this header.
func (h Header) ColorModel() color.Model {
	wide := h.MaxVal > 255
	switch {
	case h.Depth == 1 && wide:
		return color.Gray16Model
	case h.Depth == 1:
		return color.GrayModel
	case h.Depth == 3 && wide:
		return color.RGBA64Model
	case h.Depth == 3:
		return color.RGBAModel
	case wide:
		return color.NRGBA64Model
	}
	return color.NRGBAModel
}

// Image returns the decoded image as an image.Image of the type Decode
// describes. It shares memory with View8 for 8-bit gray and 8-bit RGBA,
// and copies otherwise.
func (img *Image) Image() image.Image {
	h := img.Header
	r := image.Rect(0, 0, h.Width, h.Height)
	if h.MaxVal <= 255 {
		s, _ := img.View8.Contiguous().Samples()
		switch h.Depth {
		case 1:
			return &image.Gray{Pix: s, Stride: h.Width, Rect: r}
		case 4:
			return &image.NRGBA{Pix: s, Stride: 4 * h.Width, Rect: r}
		case 3:
			m := image.NewRGBA(r)
			for i, j := 0, 0; i < len(s); i, j = i+3, j+4 {
				m.Pix[j], m.Pix[j+1], m.Pix[j+2], m.Pix[j+3] = s[i], s[i+1], s[i+2], 0xff
			}
			return m
		default:
			m := image.NewNRGBA(r)
			for i, j := 0, 0; i < len(s); i, j = i+2, j+4 {
				m.Pix[j], m.Pix[j+1], m.Pix[j+2], m.Pix[j+3] = s[i], s[i], s[i], s[i+1]
			}
			return m
		}
	}
	s, _ := img.View16.Contiguous().Samples()
	var pix []byte
	var m image.Image
	switch h.Depth {
	case 1:
		g := image.NewGray16(r)
		pix, m = g.Pix, g
	case 3:
		g := image.NewRGBA64(r)
		pix, m = g.Pix, g
	default:
		g := image.NewNRGBA64(r)
		pix, m = g.Pix, g
	}
	// Every pixel becomes 2 bytes per channel of the model: gray 1
	// channel, the others 4, with alpha 0xffff when the source has none.
	d := h.Depth
	out := 1
	if d > 1 {
		out = 4
	}
	for p, j := 0, 0; p < len(s); p, j = p+d, j+2*out {
		var c [4]uint16
		switch d {
		case 1:
			c[0] = s[p]
		case 2:
			c = [4]uint16{s[p], s[p], s[p], s[p+1]}
		case 3:
			c = [4]uint16{s[p], s[p+1], s[p+2], 0xffff}
		default:
			c = [4]uint16{s[p], s[p+1], s[p+2], s[p+3]}
		}
		for k := range out {
			pix[j+2*k], pix[j+2*k+1] = byte(c[k]>>8), byte(c[k])
		}
	}
	return m
}
