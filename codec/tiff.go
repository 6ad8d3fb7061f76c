package codec

import (
	"bytes"
	"errors"
	"image"
	"io"

	"golang.org/x/image/tiff"
)

// tagExtraSamples is the TIFF tag that declares an alpha channel.
const tagExtraSamples = 338

// tiffFormat is TIFF through golang.org/x/image/tiff: 8/16-bit, paletted
// and bilevel decode, with the orientation of the first IFD; the encoder
// writes 8/16-bit with Deflate, and RGB with an opaque alpha channel,
// which decodes as 4 channels.
var tiffFormat = &Format{
	Name:       TIFF,
	Aliases:    []string{"tif"},
	Extensions: []string{".tiff", ".tif"},
	MediaType:  "image/tiff",
	Sniff: func(b []byte) bool {
		return bytes.HasPrefix(b, []byte("II*\x00")) || bytes.HasPrefix(b, []byte("MM\x00*"))
	},
	DecodeConfig: func(r io.Reader) (Config, error) {
		rr := rewinder(r)
		ic, err := tiff.DecodeConfig(rr)
		// Associated alpha decodes as premultiplied RGBA.
		v, ok := tiffTag(rr.buf, tagExtraSamples)
		return stdConfig(TIFF, ic, tiffError(err), ok && v == 1, ExifOrientation(rr.buf))
	},
	Decode: func(r io.Reader, cfg Config, opts *DecodeOptions) (Pixels, error) {
		img, err := tiff.Decode(replayer(r))
		if err != nil {
			return nil, tiffError(err)
		}
		return stdPixels(img, cfg, opts.workers())
	},
	Encode: func(w io.Writer, p Pixels, opts *EncodeOptions) error {
		return stdEncode(w, p, opts, true, false, nil, func(w io.Writer, m image.Image) error {
			return tiff.Encode(w, m, &tiff.Options{Compression: tiff.Deflate})
		})
	},
	Writes: Writes{Depths: []int{8, 16}, Channels: []int{1, 4}, Convert: true},
}

func tiffError(err error) error {
	var u tiff.UnsupportedError
	return unsupported(err, errors.As(err, &u))
}
