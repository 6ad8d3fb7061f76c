package codec

import (
	"image/png"
	"io"

	"github.com/pixview/pixview/codec/meta"
	"github.com/pixview/pixview/pixbuf"
)

// EncodeOptions tunes [Encode] and [Save]. A nil *EncodeOptions, like the
// zero value, means the defaults.
type EncodeOptions struct {
	// Format is the format to write, as a name ("png", "jpeg", "gif",
	// "bmp", "tiff", "pnm", "pgm", "ppm", "pam") or an alias or extension
	// ("jpg", "tif", ".png"). "" means: for Save, from the path's
	// extension; for Encode, its format argument.
	Format string
	// Quality is the JPEG quality, 1 to 100, as cjpeg -quality gives it
	// (libjpeg's standard tables scaled); 0 means unset: the tables,
	// sampling and process of Source when it is a JPEG, else quality 75.
	// A value outside 0-100 is an error wrapping ErrUnsupported.
	Quality int
	// Source, when not nil, is how the pixels were coded in the file they
	// were decoded from (Image.Source): a JPEG encoder with Quality 0
	// keeps its quantization tables, sampling and progressive coding.
	Source *Source
	// Metadata, when not nil, is written where the format holds it (PNG
	// chunks, TIFF tags, JPEG segments, GIF comments and XMP), its
	// dimension tags set to the view's size; what the format cannot hold
	// is dropped and reported in Changes (BMP and Netpbm hold nothing).
	// For TIFF it replaces the tags of a TIFF Source. nil writes none (but
	// a TIFF Source's tags).
	//
	// To strip, pass a changed copy: m := img.Metadata.Clone(), then
	// m.Strip() for privacy (EXIF with GPS, XMP, IPTC, comments, text; the
	// ICC profile and colour chunks stay), m.StripICC() for the profile,
	// or both; &meta.Metadata{} writes nothing, even for a TIFF Source.
	// Apply the orientation to the pixels before stripping (Decode does
	// unless NoAutoOrient), or the picture turns.
	Metadata *meta.Metadata
	// Changes, when not nil, receives what the encoder could not keep of
	// Source (metadata a format cannot hold, palette transparency, ...),
	// appended, so that nothing is lost without a word.
	Changes *[]Change
	// PNGCompression is the PNG compression level; the zero value is
	// png.DefaultCompression.
	PNGCompression png.CompressionLevel
	// Workers bounds the goroutines the conversion to the encoder's image
	// type fans out to; zero or a negative value means GOMAXPROCS.
	Workers int
}

// Encode writes v to w in the named format of [Default], as
// [Registry.Encode] does.
//
// With the built-in formats, channels map as for [ToImage]: 1 gray, 2
// gray+alpha, 3 RGB, 4 RGBA. PNG and TIFF keep 16-bit views 16-bit and
// write 2-channel views as RGBA; PNG writes a 4-channel view whose alpha is
// all opaque as RGB, which decodes as 3 channels; TIFF writes gray, RGB
// and RGBA as they are, keeping a TIFF Source's compression and tags. Netpbm keeps every
// channel count and depth (P5 for 1 channel, P6 for 3, P7 otherwise, or
// the variant a "pgm", "ppm" or "pam" format name fixes). JPEG, GIF and
// BMP write 8 bits, keeping the high byte of 16-bit samples. JPEG and BMP
// drop alpha, keeping the stored colors (x/image/bmp's 32-bit files are
// read back as opaque anyway). GIF writes an exact palette when the view
// has at most 256 colors, each fully opaque or fully transparent, and
// otherwise quantizes to the Plan 9 palette with Floyd-Steinberg
// dithering.
func Encode[T uint8 | uint16](w io.Writer, v pixbuf.View[T], format string, opts *EncodeOptions) error {
	return defaultRegistry.Encode(w, v, format, opts)
}

// Encode writes p — a pixbuf.View[uint8], a pixbuf.View[uint16] or a
// decoded [Image]'s Pixels — to w in the format a name, alias or
// extension names ("png", "jpg", ".tif", ...); an empty format takes
// opts.Format. p may be any view: flipped, cropped, transposed.
//
// The error wraps pixbuf.ErrShape for an empty view and ErrUnsupported for
// an unknown format, a format without an encoder (WebP), a view with more
// than 4 channels, or one the format's [Writes] does not accept.
func (reg *Registry) Encode(w io.Writer, p Pixels, format string, opts *EncodeOptions) error {
	f, err := reg.encoder(format, opts)
	if err == nil {
		err = encodeWith(w, f, p, opts)
	}
	if err != nil {
		return prefixed("codec: ", err)
	}
	return nil
}

// encoder returns the format that Encode writes for name, or opts.Format
// when name is empty.
func (reg *Registry) encoder(name string, opts *EncodeOptions) (*Format, error) {
	if name == "" && opts != nil {
		name = opts.Format
	}
	f := reg.Lookup(name)
	switch {
	case name == "":
		return nil, tagged(ErrUnsupported, "encode: no format named")
	case f == nil:
		return nil, tagged(ErrUnsupported, "encode: unknown format %q", name)
	case f.Encode == nil:
		return nil, tagged(ErrUnsupported, "encode: %s can be decoded, not encoded", f.Name)
	}
	return f, nil
}

// encodeWith checks p against what f writes and encodes it.
func encodeWith(w io.Writer, f *Format, p Pixels, opts *EncodeOptions) error {
	if p == nil {
		return tagged(pixbuf.ErrShape, "encode %s: no pixels", f.Name)
	}
	h, wd, c := p.Shape()
	depth := depthOf(p)
	switch {
	case h == 0 || wd == 0 || c == 0:
		return tagged(pixbuf.ErrShape, "encode %s: an empty %dx%dx%d view", f.Name, h, wd, c)
	case depth == 0:
		return tagged(ErrUnsupported, "encode %s: a %T is not an 8- or 16-bit view", f.Name, p)
	case !f.Writes.Accepts(depth, c):
		return tagged(ErrUnsupported, "encode %s: cannot write a %d-channel %d-bit view", f.Name, c, depth)
	}
	if err := f.Encode(w, p, opts); err != nil {
		return prefixed("encode "+f.Name+": ", err)
	}
	return nil
}
