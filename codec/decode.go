package codec

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/pixview/pixview/codec/meta"
	"github.com/pixview/pixview/pixbuf"
)

// Pixels is a decoded image's view at its own depth: a pixbuf.View[uint8]
// for 8 bits per sample or a pixbuf.View[uint16] for 16. Take it apart
// with a type switch; [Registry.Encode] and [Registry.Save] take it as it
// is, so a decoded image is saved without asking its depth. Any other
// type is refused with ErrUnsupported.
type Pixels interface {
	Shape() (h, w, c int)
	ItemSize() int
}

// depthOf returns the bits per sample of p: 8, 16, or 0 for a type codec
// does not encode.
func depthOf(p Pixels) int {
	switch p.(type) {
	case pixbuf.View[uint8]:
		return 8
	case pixbuf.View[uint16]:
		return 16
	}
	return 0
}

// Image is a decoded image file: its pixels as a view, and what the file
// said about them.
type Image struct {
	// Format is the name of the format the data was in: "png", "jpeg",
	// "gif", "bmp", "tiff", "webp" or "pnm" for the built-in formats.
	Format string
	// Orientation is what the file asks a viewer to do to the stored
	// pixels (its EXIF orientation tag): Identity, the zero value, when
	// it asks nothing. Orientation.EXIF() is the tag value, 1-8.
	Orientation pixbuf.Orientation
	// Depth is the number of bits per sample of Pixels: 8 or 16.
	Depth int
	// Pixels is the image as a pixbuf.View[uint8] when Depth is 8 and a
	// pixbuf.View[uint16] when Depth is 16, already oriented for display
	// unless DecodeOptions.NoAutoOrient was set.
	Pixels Pixels
	// View8 is Pixels when Depth is 8, and empty otherwise.
	//
	// Deprecated: use Pixels, which holds the view whatever the depth.
	View8 pixbuf.View[uint8]
	// View16 is Pixels when Depth is 16, and empty otherwise.
	//
	// Deprecated: use Pixels, which holds the view whatever the depth.
	View16 pixbuf.View[uint16]
	// Source is how the file coded the pixels, for an encoder that keeps
	// its choices (pass it as EncodeOptions.Source); nil when the format
	// records nothing (every format but JPEG today).
	Source *Source
	// Metadata is the file's metadata (EXIF, ICC, XMP, IPTC, comments,
	// text, resolution) read in the header pass, for Encode to write
	// where the target holds it (EncodeOptions.Metadata); with the
	// orientation applied to the pixels, its orientation tags say 1. nil
	// when the format's reader records none (see metadata.go).
	Metadata *meta.Metadata
}

// Shape returns the height, width and channel count of the image's view,
// whichever its depth.
func (m *Image) Shape() (h, w, c int) {
	if m.Pixels == nil {
		return 0, 0, 0
	}
	return m.Pixels.Shape()
}

// setPixels sets m's view and the fields that follow from it.
func (m *Image) setPixels(p Pixels) {
	m.Pixels, m.Depth = p, depthOf(p)
	m.View8, m.View16 = pixbuf.View[uint8]{}, pixbuf.View[uint16]{}
	switch v := p.(type) {
	case pixbuf.View[uint8]:
		m.View8 = v
	case pixbuf.View[uint16]:
		m.View16 = v
	}
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
	// Workers bounds the goroutines a decoder's conversions fan out to;
	// zero or a negative value means GOMAXPROCS. A program decoding N
	// files at once gives each max(1, GOMAXPROCS/N).
	Workers int
}

func (o *DecodeOptions) maxPixels() int {
	if o == nil || o.MaxPixels <= 0 {
		return DefaultMaxPixels
	}
	return o.MaxPixels
}

func (o *DecodeOptions) workers() int {
	if o == nil {
		return 0
	}
	return o.Workers
}

// Config is what the header of an image file says, read without decoding
// the pixels.
type Config struct {
	// Format is the format name, as in Image.Format.
	Format string
	// Width and Height are the dimensions as displayed: swapped from the
	// stored ones when Orientation swaps the axes. (A Format's own
	// DecodeConfig reports them as stored.)
	Width, Height int
	// Channels is the channel count Decode's view will have: 1 gray, 3 RGB,
	// 4 RGBA, 2 gray+alpha (Netpbm only). A file whose header leaves
	// transparency open (a GIF frame with a transparent index, a TIFF with
	// associated alpha) may decode to 4 channels where Channels says 3.
	Channels int
	// Depth is the bits per sample of Decode's view: 8 or 16.
	Depth int
	// Orientation is the orientation the file asks for, as in
	// Image.Orientation.
	Orientation pixbuf.Orientation
	// source is how the file codes its pixels, for Image.Source; the
	// registry's DecodeConfig leaves it out.
	source *Source
}

// orientation returns the Orientation of an EXIF tag value, the identity
// for a value outside 1-8.
func orientation(tag int) pixbuf.Orientation {
	o, _ := pixbuf.OrientationFromEXIF(tag)
	return o
}

// Decode reads an image from r in any format of [Default], as
// [Registry.Decode] does.
func Decode(r io.Reader, opts *DecodeOptions) (*Image, error) {
	return defaultRegistry.Decode(r, opts)
}

// Decode reads an image in any of the registry's formats from r, detected
// from the content, and returns its pixels as an 8- or 16-bit view: with
// the built-in formats, 16-bit PNG, TIFF and Netpbm samples stay 16-bit,
// all else is 8-bit, and GIF gives its first frame. The EXIF orientation
// of JPEG, PNG (eXIf before the image data) and TIFF files is applied as
// an O(1) view unless opts.NoAutoOrient.
//
// The header is checked before any pixel is allocated: a zero width or
// height wraps ErrFormat, more than opts.MaxPixels pixels (or a size that
// overflows) wraps ErrTooLarge. When r's length is known (a file, a
// bytes.Reader, ...), a PNG or uncompressed BMP too short to hold the
// declared pixels is refused too, wrapping ErrFormat and
// io.ErrUnexpectedEOF. Malformed or truncated data, or an unknown
// format, wraps ErrFormat; a valid but unsupported variant wraps
// ErrUnsupported; an error reading r is returned as that error, wrapped.
func (reg *Registry) Decode(r io.Reader, opts *DecodeOptions) (*Image, error) {
	m, err := reg.decode(r, opts)
	if err != nil {
		return nil, prefixed("codec: ", err)
	}
	return m, nil
}

func (reg *Registry) decode(r io.Reader, opts *DecodeOptions) (*Image, error) {
	rr := &rewindReader{r: r, size: inputSize(r)}
	f, cfg, err := reg.readConfig(rr)
	if err != nil {
		return nil, err
	}
	if err := checkLimit(cfg, opts.maxPixels()); err != nil {
		return nil, err
	}
	if f.Decode == nil {
		return nil, tagged(ErrUnsupported, "%s: decoding is not supported", f.Name)
	}
	rr.rewind()
	p, err := f.Decode(rr, cfg, opts)
	if err != nil {
		return nil, decodeError(f, rr, err)
	}
	if depthOf(p) == 0 {
		return nil, tagged(ErrUnsupported, "%s: the decoder returned a %T, not an 8- or 16-bit view", f.Name, p)
	}
	if h, w, _ := p.Shape(); w != cfg.Width || h != cfg.Height {
		return nil, tagged(ErrFormat, "%s: invalid data: decoded %dx%d pixels, header said %dx%d",
			f.Name, w, h, cfg.Width, cfg.Height)
	}
	m := &Image{Format: cfg.Format, Orientation: cfg.Orientation, Source: cfg.source}
	applied := opts == nil || !opts.NoAutoOrient
	if applied {
		p = orient(p, cfg.Orientation)
	}
	m.Metadata = decodedMetadata(cfg.source, applied && cfg.Orientation != pixbuf.Identity)
	m.setPixels(p)
	return m, nil
}

// orient returns p as seen under o, an O(1) view.
func orient(p Pixels, o pixbuf.Orientation) Pixels {
	switch v := p.(type) {
	case pixbuf.View[uint8]:
		return v.Orient(o)
	case pixbuf.View[uint16]:
		return v.Orient(o)
	}
	return p
}

// Load decodes the image file at path with [Default], as
// [Registry.Load] does.
func Load(path string, opts *DecodeOptions) (*Image, error) {
	return defaultRegistry.Load(path, opts)
}

// Load decodes the image file at path, as [Registry.Decode] does. An error
// opening the file (a missing file, a directory, a permission error) is
// os.Open's, naming the path; any other error names it once too.
func (reg *Registry) Load(path string, opts *DecodeOptions) (*Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := reg.decode(f, opts)
	if err != nil {
		return nil, prefixed("codec: load "+path+": ", err)
	}
	return m, nil
}

// DecodeConfig reads the header of an image in any format of [Default],
// as [Registry.DecodeConfig] does.
func DecodeConfig(r io.Reader) (Config, error) {
	return defaultRegistry.DecodeConfig(r)
}

// DecodeConfig reads the header of an image in any of the registry's
// formats from r and returns its format, displayed dimensions, channel
// count, depth and orientation without decoding the pixels or checking a
// pixel limit. Errors are reported as by [Registry.Decode].
func (reg *Registry) DecodeConfig(r io.Reader) (Config, error) {
	_, cfg, err := reg.readConfig(&rewindReader{r: r, size: -1})
	if err != nil {
		return Config{}, prefixed("codec: ", err)
	}
	return displayed(cfg), nil
}

// LoadConfig returns the [Config] of the image file at path, with
// [Default].
func LoadConfig(path string) (Config, error) {
	return defaultRegistry.LoadConfig(path)
}

// LoadConfig returns the [Config] of the image file at path. Errors name
// the path once, as [Registry.Load]'s do.
func (reg *Registry) LoadConfig(path string) (Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return Config{}, err
	}
	defer f.Close()
	_, cfg, err := reg.readConfig(&rewindReader{r: f, size: -1})
	if err != nil {
		return Config{}, prefixed("codec: load "+path+": ", err)
	}
	return displayed(cfg), nil
}

// displayed returns cfg with the dimensions as displayed.
func displayed(cfg Config) Config {
	cfg.source = nil
	if cfg.Orientation.SwapsAxes() {
		cfg.Width, cfg.Height = cfg.Height, cfg.Width
	}
	return cfg
}

// readConfig sniffs the format of the data rr records and decodes its
// header. The config has the dimensions as stored, before orientation; its
// Format is the name Decode reports.
func (reg *Registry) readConfig(rr *rewindReader) (*Format, Config, error) {
	head := rr.peek(SniffLen)
	if rr.err != nil {
		return nil, Config{}, fmt.Errorf("reading image: %w", rr.err)
	}
	if len(head) == 0 {
		return nil, Config{}, tagged(ErrFormat, "empty input")
	}
	f := reg.Sniff(head)
	if f == nil {
		return nil, Config{}, tagged(ErrFormat, "unknown image format (data starts %q)", head[:min(len(head), 16)])
	}
	if f.DecodeConfig == nil {
		return nil, Config{}, tagged(ErrUnsupported, "%s: decoding is not supported", f.Name)
	}
	cfg, err := f.DecodeConfig(rr)
	if err != nil {
		return nil, Config{}, decodeError(f, rr, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, Config{}, tagged(ErrFormat, "%s: invalid header: dimensions %dx%d", f.Name, cfg.Width, cfg.Height)
	}
	if cfg.Depth != 8 && cfg.Depth != 16 {
		return nil, Config{}, tagged(ErrUnsupported, "%s: %d bits per sample", f.Name, cfg.Depth)
	}
	cfg.Orientation &= 7 // the eight orientations are the values 0-7
	cfg.Format = f.decodedName()
	return f, cfg, nil
}

// decodeError describes a format function's error once: the reader's own
// error when reading failed, else the error under the format's name,
// wrapping ErrFormat unless it already wraps a codec sentinel. io.EOF
// in the middle of an image becomes io.ErrUnexpectedEOF.
func decodeError(f *Format, rr *rewindReader, err error) error {
	if rr.err != nil {
		return fmt.Errorf("reading %s: %w", f.Name, rr.err)
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	msg := err.Error()
	// Say the format's name once: the decoders of the standard library
	// and codec/pnm start their messages with it.
	if !strings.HasPrefix(msg, f.Name+":") {
		msg = f.Name + ": " + msg
	}
	if errors.Is(err, ErrFormat) || errors.Is(err, ErrTooLarge) || errors.Is(err, ErrUnsupported) {
		return &codecError{msg: msg, errs: []error{err}}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) && !strings.Contains(msg, "truncated") {
		msg = f.Name + ": truncated: " + strings.TrimPrefix(msg, f.Name+": ")
	}
	return &codecError{msg: msg, errs: []error{ErrFormat, err}}
}
