package codec

import (
	"github.com/pixview/pixview/codec/jpeg"
	"github.com/pixview/pixview/codec/meta"
)

// Source is how a file coded its pixels, kept with the decoded [Image] so
// that writing the pixels back in the same format can keep the file's
// choices instead of an encoder's defaults: for JPEG, its quantization
// tables, sampling factors, progressive coding and restart interval.
// Pass Image.Source as EncodeOptions.Source; a program may also build one
// to give the JPEG encoder choices where no JPEG source exists (cjpeg's
// -sample, -progressive, -restart).
type Source struct {
	// Format is the name of the format the choices are for.
	Format string
	// JPEG holds the JPEG pixel encoder's options (without metadata
	// segments, which follow the caller's metadata policy); nil when the
	// source was not a JPEG the encoder can reproduce (a sampling it does
	// not write), and then the encoder's defaults apply. A CMYK, YCCK or
	// RGB source keeps its tables and sampling in YCbCr, and the encoder
	// records the conversion (see jpeg.PixelEncodeOptions.Converted).
	JPEG *jpeg.PixelEncodeOptions
	// TIFF holds a TIFF source's compression, predictor, alpha kind and
	// tags, which the TIFF encoder keeps (see tiff.go); nil otherwise.
	TIFF *TIFFSource
	// metadata is the file's metadata as its DecodeConfig read it, for
	// Image.Metadata (see metadata.go).
	metadata *meta.Metadata
	// paletted is true for a paletted PNG, whose encoder then writes a
	// palette again while the colours fit (see png.go).
	paletted bool
	// pngKey is the tRNS colour key of a gray or truecolour PNG, which
	// its encoder writes again while the pixels fit it (see pngkey.go).
	pngKey *pngKey
}
