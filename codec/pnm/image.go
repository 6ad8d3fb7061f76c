package pnm

import (
	"image"
	"image/color"
	"io"

	"github.com/pixview/pixview/codec/internal/stdimg"
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
	case h.Channels == 1 && wide:
		return color.Gray16Model
	case h.Channels == 1:
		return color.GrayModel
	case h.Channels == 3 && wide:
		return color.RGBA64Model
	case h.Channels == 3:
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
	if img.Header.MaxVal > 255 {
		return stdimg.Of(img.View16, 0)
	}
	return stdimg.Of(img.View8, 0)
}
