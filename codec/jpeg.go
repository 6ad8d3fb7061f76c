package codec

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"io"
)

// jpegFormat is baseline and progressive JPEG through image/jpeg: gray,
// YCbCr of every subsampling and CMYK decode to 8 bits, with the EXIF
// orientation of an APP1 segment; the encoder writes 8-bit gray or RGB,
// dropping alpha and keeping the high byte of 16-bit samples. Its
// transform without decoding (DCT coefficients) is wired in later.
var jpegFormat = &Format{
	Name:       JPEG,
	Aliases:    []string{"jpg"},
	Extensions: []string{".jpg", ".jpeg"},
	MediaType:  "image/jpeg",
	Sniff:      func(b []byte) bool { return bytes.HasPrefix(b, []byte("\xff\xd8")) },
	DecodeConfig: func(r io.Reader) (Config, error) {
		rr := rewinder(r)
		ic, err := jpeg.DecodeConfig(rr)
		return stdConfig(JPEG, ic, jpegError(err), false, jpegOrientation(rr.buf))
	},
	Decode: func(r io.Reader, cfg Config, opts *DecodeOptions) (Pixels, error) {
		img, err := jpeg.Decode(replayer(r))
		if err != nil {
			return nil, jpegError(err)
		}
		return stdPixels(img, cfg, opts.workers())
	},
	Encode: func(w io.Writer, p Pixels, opts *EncodeOptions) error {
		q := encodeOpts(opts).Quality
		if q == 0 {
			q = jpeg.DefaultQuality
		}
		return stdEncode(w, p, opts, false, true, nil, func(w io.Writer, m image.Image) error {
			return jpeg.Encode(w, m, &jpeg.Options{Quality: q})
		})
	},
	Writes: Writes{Depths: []int{8}, Channels: []int{1, 3}, Convert: true},
}

func jpegError(err error) error {
	var u jpeg.UnsupportedError
	return unsupported(err, errors.As(err, &u))
}
