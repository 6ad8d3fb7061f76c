package codec

import (
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"strings"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"

	"github.com/pixview/pixview/pixbuf"
)

// EncodeOptions tunes [Encode] and [Save]. A nil *EncodeOptions, like the
// zero value, means the defaults.
type EncodeOptions struct {
	// Format is the format to write, as a name ("png", "jpeg", "gif",
	// "bmp", "tiff", "pnm") or an extension without its dot ("jpg", "tif",
	// "pgm", "ppm", "pam"). "" means: for Save, from the path's extension;
	// for Encode, its format argument.
	Format string
	// Quality is the JPEG quality, 1 to 100; 0 means jpeg.DefaultQuality.
	Quality int
	// PNGCompression is the PNG compression level; the zero value is
	// png.DefaultCompression.
	PNGCompression png.CompressionLevel
}

// Encode writes v to w in the named format, which may also be an extension
// without its dot ("jpg", "tif", "pgm", ...); an empty format takes
// opts.Format. v may be any view: flipped, cropped, transposed.
//
// Channels map as for [ToImage]: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.
// PNG and TIFF keep 16-bit views 16-bit and write 2-channel views as RGBA;
// PNG writes a 4-channel view whose alpha is all opaque as RGB, which
// decodes as 3 channels;
// TIFF also writes RGB with an opaque alpha channel, which decodes as 4
// channels (golang.org/x/image/tiff writes no 3-sample RGB). Netpbm keeps
// every channel count and depth (P5 for 1 channel, P6 for 3, P7
// otherwise, or the magic of a "pgm", "ppm", "pam" or "pbm" format name).
// JPEG, GIF and BMP write 8 bits, keeping the high byte of 16-bit samples.
// JPEG and BMP drop alpha, keeping the stored colors (x/image/bmp's 32-bit
// files are read back as opaque anyway). GIF writes an
// exact palette when the view has at most 256 colors, each fully opaque
// or fully transparent, and otherwise quantizes to the Plan 9 palette with
// Floyd-Steinberg dithering.
//
// The error wraps pixbuf.ErrShape for an empty view and ErrUnsupported for
// an unknown format, WebP (decode only), or a view with more than 4
// channels.
func Encode[T uint8 | uint16](w io.Writer, v pixbuf.View[T], format string, opts *EncodeOptions) error {
	if format == "" && opts != nil {
		format = opts.Format
	}
	return encode(w, v, format, opts)
}

func encode[T uint8 | uint16](w io.Writer, v pixbuf.View[T], name string, opts *EncodeOptions) error {
	format := normalizeFormat(name)
	switch {
	case format == "":
		return fmt.Errorf("codec: Encode: unknown format %q: %w", name, ErrUnsupported)
	case format == WebP:
		return fmt.Errorf("codec: Encode: WebP can be decoded, not encoded: %w", ErrUnsupported)
	case v.Height() == 0 || v.Width() == 0 || v.Channels() == 0:
		return fmt.Errorf("codec: Encode of an empty view %v: %w", v, pixbuf.ErrShape)
	case v.Channels() > 4:
		return fmt.Errorf("codec: Encode: %d channels: %w", v.Channels(), ErrUnsupported)
	}
	if opts == nil {
		opts = &EncodeOptions{}
	}
	if format == PNM {
		return pnmWrite(w, v, extFormats["."+strings.ToLower(name)].magic)
	}
	var v8 pixbuf.View[uint8]
	var v16 pixbuf.View[uint16]
	switch v := any(v).(type) {
	case pixbuf.View[uint8]:
		v8 = v
	case pixbuf.View[uint16]:
		v16 = v
	}
	if v16.Channels() > 0 && (format == PNG || format == TIFF) {
		return encodeStd(w, stdImage16(v16), format, opts)
	}
	if v16.Channels() > 0 {
		v8 = narrow(v16)
	}
	switch format {
	case JPEG, BMP:
		switch v8.Channels() {
		case 2:
			v8 = v8.Channel(0)
		case 4:
			v8 = v8.ChannelRange(0, 3)
		}
	case GIF:
		if p := exactPaletted(v8); p != nil {
			return encodeStd(w, p, format, opts)
		}
	}
	return encodeStd(w, stdImage8(v8), format, opts)
}

// encodeStd encodes a standard image with the format's own encoder.
func encodeStd(w io.Writer, m image.Image, format string, opts *EncodeOptions) error {
	var err error
	switch format {
	case PNG:
		enc := png.Encoder{CompressionLevel: opts.PNGCompression}
		err = enc.Encode(w, m)
	case JPEG:
		q := opts.Quality
		if q == 0 {
			q = jpeg.DefaultQuality
		}
		err = jpeg.Encode(w, m, &jpeg.Options{Quality: q})
	case GIF:
		err = gif.Encode(w, m, nil)
	case BMP:
		err = bmp.Encode(w, m)
	case TIFF:
		err = tiff.Encode(w, m, &tiff.Options{Compression: tiff.Deflate})
	}
	if err != nil {
		return fmt.Errorf("codec: encoding %s: %w", format, err)
	}
	return nil
}

// exactPaletted returns v as an *image.Paletted with no loss when it holds
// at most 256 distinct colors, each fully opaque or fully transparent (all
// transparent pixels share one entry), and nil otherwise.
func exactPaletted(v pixbuf.View[uint8]) *image.Paletted {
	h, w, c := v.Shape()
	index := make(map[color.NRGBA]uint8)
	var pal color.Palette
	pix := make([]uint8, h*w)
	for y := range h {
		for x := range w {
			var n color.NRGBA
			switch c {
			case 1:
				g := v.At(y, x, 0)
				n = color.NRGBA{g, g, g, 0xff}
			case 2:
				g := v.At(y, x, 0)
				n = color.NRGBA{g, g, g, v.At(y, x, 1)}
			case 3:
				n = color.NRGBA{v.At(y, x, 0), v.At(y, x, 1), v.At(y, x, 2), 0xff}
			default:
				n = color.NRGBA{v.At(y, x, 0), v.At(y, x, 1), v.At(y, x, 2), v.At(y, x, 3)}
			}
			switch n.A {
			case 0:
				n = color.NRGBA{}
			case 0xff:
			default:
				return nil
			}
			i, ok := index[n]
			if !ok {
				if len(pal) == 256 {
					return nil
				}
				i = uint8(len(pal))
				index[n] = i
				pal = append(pal, n)
			}
			pix[y*w+x] = i
		}
	}
	return &image.Paletted{Pix: pix, Stride: w, Rect: image.Rect(0, 0, w, h), Palette: pal}
}
