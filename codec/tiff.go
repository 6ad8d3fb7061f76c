package codec

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"io"

	ptiff "github.com/pixview/pixview/codec/tiff"
	"golang.org/x/image/tiff"
)

// tagExtraSamples is the TIFF tag that declares an alpha channel.
const tagExtraSamples = 338

// tiffFormat is TIFF through golang.org/x/image/tiff: 8/16-bit, paletted
// and bilevel decode, with the orientation of the first IFD; the encoder
// writes 8/16-bit with Deflate, and RGB with an opaque alpha channel,
// which decodes as 4 channels.
//
// Decode refuses (ErrUnsupported) what it could only show in part: a file
// with more than one full-resolution page, since it would decode the first
// and drop the rest without a word, and a camera RAW file built on TIFF
// (DNG, CR2, NEF, ...), whose first page is a small preview, not the
// photograph. Reduced-resolution pages (NewSubfileType bit 0, the
// thumbnails some writers chain after the image) do not count as pages.
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
		// x/image/tiff reads the whole file into memory anyway when r is
		// not an io.ReaderAt, so reading it first costs nothing more and
		// lets tiffCheck see every IFD.
		data, err := io.ReadAll(replayer(r))
		if err != nil {
			return nil, err
		}
		if err := tiffCheck(data); err != nil {
			return nil, err
		}
		img, err := tiff.Decode(bytes.NewReader(data))
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

// tiffCheck refuses, with ErrUnsupported, a TIFF file that decoding its
// first page would misrepresent: a camera RAW file or a multi-page file.
// A file Inspect cannot read is left to the decoder, which says why.
func tiffCheck(data []byte) error {
	info, err := ptiff.Inspect(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil
	}
	if info.RAW != "" {
		return fmt.Errorf("tiff: camera RAW file (%s): its first image is a preview, not the photograph; RAW development is not supported: %w", info.RAW, ErrUnsupported)
	}
	if n := tiffPages(info); n > 1 {
		return fmt.Errorf("tiff: %d pages: only single-page TIFF files decode, so that no page is dropped; split the file first (tiffsplit): %w", n, ErrUnsupported)
	}
	return nil
}

// tiffPages counts the full-resolution pages of info: reduced-resolution
// images (thumbnails) are not pages.
func tiffPages(info *ptiff.Info) int {
	n := 0
	for _, p := range info.Pages {
		if p.NewSubfileType&1 == 0 {
			n++
		}
	}
	return n
}
