package codec

import (
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"os"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
	"golang.org/x/image/webp"

	"github.com/pixview/pixview/pixbuf"
)

// Image is a decoded image file: its pixels as a view, and what the file
// said about them.
type Image struct {
	// Format is the format the data was in: "png", "jpeg", "gif", "bmp",
	// "tiff", "webp" or "pnm".
	Format string
	// Orientation is the EXIF orientation found in the file, 1-8, or 1
	// when there is none.
	Orientation int
	// Depth is the number of bits per sample of the view: 8 or 16.
	Depth int
	// View8 holds the pixels when Depth is 8, already oriented for display
	// unless DecodeOptions.NoAutoOrient was set.
	View8 pixbuf.View[uint8]
	// View16 holds the pixels when Depth is 16, already oriented for
	// display unless DecodeOptions.NoAutoOrient was set.
	View16 pixbuf.View[uint16]
}

// Shape returns the height, width and channel count of the image's view,
// whichever its depth.
func (m *Image) Shape() (h, w, c int) {
	if m.Depth == 16 {
		return m.View16.Shape()
	}
	return m.View8.Shape()
}

// DecodeOptions tunes [Decode] and [Load]. A nil *DecodeOptions, like the
// zero value, means the defaults.
type DecodeOptions struct {
	// MaxPixels is the largest width*height accepted; larger images are
	// refused with ErrTooLarge before any pixel is allocated. Zero or a
	// negative value means DefaultMaxPixels.
	MaxPixels int
	// NoAutoOrient leaves the view as stored in the file instead of
	// applying its EXIF orientation. Image.Orientation reports it either
	// way.
	NoAutoOrient bool
}

// Config is what the header of an image file says, read without decoding
// the pixels.
type Config struct {
	// Format is the format name, as in Image.Format.
	Format string
	// Width and Height are the dimensions as displayed: swapped from the
	// stored ones when Orientation is 5 to 8.
	Width, Height int
	// Channels is the channel count Decode's view will have: 1 gray, 3 RGB,
	// 4 RGBA, 2 gray+alpha (Netpbm only). A file whose header leaves
	// transparency open (a GIF frame with a transparent index, a TIFF with
	// associated alpha) may decode to 4 channels where Channels says 3.
	Channels int
	// Depth is the bits per sample of Decode's view: 8 or 16.
	Depth int
	// Orientation is the EXIF orientation, 1-8 (1 when absent).
	Orientation int
}

// Decode reads an image in any supported format from r, detected from the
// content, and returns its pixels as an 8- or 16-bit view: 16-bit PNG,
// TIFF and Netpbm samples stay 16-bit, all else is 8-bit. GIF gives its
// first frame. The EXIF orientation of JPEG, PNG (eXIf before the image
// data) and TIFF files is applied as an O(1) view unless opts.NoAutoOrient.
//
// The header is checked before any pixel is allocated: a zero width or
// height wraps ErrFormat, more than opts.MaxPixels pixels (or a size that
// overflows) wraps ErrTooLarge. When r's length is known (a file, a
// bytes.Reader, ...), a PNG or uncompressed BMP too short to hold the
// declared pixels is refused too, wrapping ErrFormat and
// io.ErrUnexpectedEOF. Malformed or truncated data, or an unknown
// format, wraps ErrFormat; a valid but unsupported variant wraps
// ErrUnsupported; an error reading r is returned as that error, wrapped.
func Decode(r io.Reader, opts *DecodeOptions) (*Image, error) {
	maxPixels := DefaultMaxPixels
	autoOrient := true
	if opts != nil {
		if opts.MaxPixels > 0 {
			maxPixels = opts.MaxPixels
		}
		autoOrient = !opts.NoAutoOrient
	}
	size := inputSize(r)
	rr := &rewindReader{r: r}
	cfg, stored, err := readConfig(rr)
	if err != nil {
		return nil, err
	}
	if err := checkLimit(cfg, maxPixels); err != nil {
		return nil, err
	}
	if err := checkBody(cfg.Format, stored.X, stored.Y, rr.buf, size); err != nil {
		return nil, decodeError(cfg.Format, rr, err)
	}
	rr.rewind()
	m := &Image{Format: cfg.Format, Orientation: cfg.Orientation, Depth: cfg.Depth}
	if cfg.Format == PNM {
		m.View8, m.View16, m.Depth, err = pnmRead(rr, maxPixels)
	} else {
		err = decodeStd(rr, m, cfg, stored)
	}
	if err != nil {
		return nil, decodeError(cfg.Format, rr, err)
	}
	if h, w, _ := m.Shape(); w != stored.X || h != stored.Y {
		return nil, fmt.Errorf("codec: %s: decoded %dx%d pixels, header said %dx%d: %w",
			cfg.Format, w, h, stored.X, stored.Y, ErrFormat)
	}
	if autoOrient {
		m.View8 = Orient(m.View8, m.Orientation)
		m.View16 = Orient(m.View16, m.Orientation)
	}
	return m, nil
}

// decodeStd decodes the formats of the standard library and x/image into
// m's view.
func decodeStd(r io.Reader, m *Image, cfg Config, stored image.Point) error {
	var img image.Image
	var err error
	switch cfg.Format {
	case PNG:
		img, err = png.Decode(r)
	case JPEG:
		img, err = jpeg.Decode(r)
	case GIF:
		img, err = gif.Decode(r)
	case BMP:
		img, err = bmp.Decode(r)
	case TIFF:
		img, err = tiff.Decode(r)
	case WebP:
		img, err = webp.Decode(r)
	}
	if err != nil {
		return err
	}
	if p, ok := img.(*image.Paletted); ok && cfg.Format == GIF {
		img = gifCanvas(p, stored)
	}
	if b := img.Bounds(); b.Dx() != stored.X || b.Dy() != stored.Y {
		return fmt.Errorf("decoded %dx%d pixels, header said %dx%d: %w", b.Dx(), b.Dy(), stored.X, stored.Y, ErrFormat)
	}
	if m.Depth == 16 {
		m.View16, err = FromImage16(img)
		if err == nil && cfg.Channels == 4 && m.View16.Channels() == 3 {
			// Declared alpha that happens to be opaque: keep the channel
			// the header promised.
			v := pixbuf.New[uint16](stored.Y, stored.X, 4)
			v.Channel(3).Fill(0xffff)
			v.ChannelRange(0, 3).CopyFrom(m.View16)
			m.View16 = v
		}
		return err
	}
	m.View8, err = FromImage(img)
	if err == nil && cfg.Channels == 3 && m.View8.Channels() == 4 && opaque8(m.View8) {
		// An RGB file decoded as an opaque RGBA image (PNG, BMP, TIFF):
		// show its RGB, without a copy.
		m.View8 = m.View8.ChannelRange(0, 3)
	}
	return err
}

// opaque8 reports whether every alpha sample of a 4-channel view is 0xff.
func opaque8(v pixbuf.View[uint8]) bool {
	h, w, _ := v.Shape()
	a := v.Channel(3)
	for y := range h {
		for x := range w {
			if a.At(y, x, 0) != 0xff {
				return false
			}
		}
	}
	return true
}

// gifCanvas places a GIF's first frame, which may cover only part of the
// logical screen, on a screen-sized canvas of its transparent color, or of
// palette entry 0 when it has none.
func gifCanvas(p *image.Paletted, screen image.Point) *image.Paletted {
	r := image.Rectangle{Max: screen}
	if p.Rect == r || !p.Rect.In(r) {
		return p
	}
	bg := uint8(0)
	for i, c := range p.Palette {
		if _, _, _, a := c.RGBA(); a == 0 {
			bg = uint8(i)
			break
		}
	}
	m := image.NewPaletted(r, p.Palette)
	for i := range m.Pix {
		m.Pix[i] = bg
	}
	for y := p.Rect.Min.Y; y < p.Rect.Max.Y; y++ {
		copy(m.Pix[m.PixOffset(p.Rect.Min.X, y):], p.Pix[p.PixOffset(p.Rect.Min.X, y):p.PixOffset(p.Rect.Max.X, y)])
	}
	return m
}

// Load decodes the image file at path, as [Decode] does. An error opening
// or reading the file (a missing file, a directory, a permission error)
// is returned as that error, never as an unknown format.
func Load(path string, opts *DecodeOptions) (*Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := Decode(f, opts)
	if err != nil {
		return nil, fmt.Errorf("codec: loading %s: %w", path, err)
	}
	return m, nil
}

// DecodeConfig reads the header of an image in any supported format from r
// and returns its format, displayed dimensions, channel count, depth and
// orientation without decoding the pixels or checking a pixel limit. Errors
// are reported as by [Decode].
func DecodeConfig(r io.Reader) (Config, error) {
	cfg, _, err := readConfig(&rewindReader{r: r})
	return cfg, err
}

// LoadConfig returns the [Config] of the image file at path.
func LoadConfig(path string) (Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return Config{}, err
	}
	defer f.Close()
	cfg, err := DecodeConfig(f)
	if err != nil {
		return Config{}, fmt.Errorf("codec: reading %s: %w", path, err)
	}
	return cfg, nil
}

// readConfig sniffs the format of the data rr records, decodes its header
// and finds its orientation. It returns the config and the dimensions as
// stored, before orientation.
func readConfig(rr *rewindReader) (Config, image.Point, error) {
	head := rr.peek(sniffLen)
	if rr.err != nil {
		return Config{}, image.Point{}, fmt.Errorf("codec: reading image: %w", rr.err)
	}
	if len(head) == 0 {
		return Config{}, image.Point{}, fmt.Errorf("codec: empty input: %w", ErrFormat)
	}
	format := sniff(head)
	if format == "" {
		return Config{}, image.Point{}, fmt.Errorf("codec: unknown image format (data starts %q): %w", head, ErrFormat)
	}
	var ic image.Config
	var c, depth int
	var err error
	switch format {
	case PNG:
		ic, err = png.DecodeConfig(rr)
	case JPEG:
		ic, err = jpeg.DecodeConfig(rr)
	case GIF:
		ic, err = gif.DecodeConfig(rr)
	case BMP:
		ic, err = bmp.DecodeConfig(rr)
	case TIFF:
		ic, err = tiff.DecodeConfig(rr)
	case WebP:
		ic, err = webp.DecodeConfig(rr)
	case PNM:
		ic, c, depth, err = pnmConfig(rr)
	}
	if err != nil {
		return Config{}, image.Point{}, decodeError(format, rr, err)
	}
	if format != PNM {
		c, depth = layoutOf(ic.ColorModel)
	}
	if (c == 3 || c == 1 && format == PNG) && hasAlpha(format, rr) {
		c = 4
	}
	if ic.Width <= 0 || ic.Height <= 0 {
		return Config{}, image.Point{}, fmt.Errorf("codec: %s: dimensions %dx%d: %w", format, ic.Width, ic.Height, ErrFormat)
	}
	o := 1
	switch format {
	case JPEG:
		o = jpegOrientation(rr.buf)
	case PNG:
		rr.fillPNGMetadata()
		o = pngOrientation(rr.buf)
	case TIFF:
		o = ExifOrientation(rr.buf)
	}
	cfg := Config{Format: format, Width: ic.Width, Height: ic.Height, Channels: c, Depth: depth, Orientation: o}
	if o >= 5 {
		cfg.Width, cfg.Height = cfg.Height, cfg.Width
	}
	return cfg, image.Pt(ic.Width, ic.Height), nil
}

// decodeError describes a decoder's error: the reader's own error when
// reading failed, ErrUnsupported for a valid but unsupported variant,
// ErrFormat for all else, wrapping the decoder's error too.
func decodeError(format string, rr *rewindReader, err error) error {
	if rr.err != nil {
		return fmt.Errorf("codec: reading %s: %w", format, rr.err)
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	var pu png.UnsupportedError
	var ju jpeg.UnsupportedError
	var tu tiff.UnsupportedError
	switch {
	case errors.Is(err, ErrFormat), errors.Is(err, ErrTooLarge), errors.Is(err, ErrUnsupported):
		return fmt.Errorf("codec: %s: %w", format, err)
	case errors.As(err, &pu), errors.As(err, &ju), errors.As(err, &tu), errors.Is(err, bmp.ErrUnsupported):
		return fmt.Errorf("codec: %s: %w: %w", format, ErrUnsupported, err)
	}
	return fmt.Errorf("codec: %s: %w: %w", format, ErrFormat, err)
}
