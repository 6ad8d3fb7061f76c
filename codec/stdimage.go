package codec

import (
	"image"

	"github.com/pixview/pixview/codec/internal/stdimg"
	"github.com/pixview/pixview/pixbuf"
)

// The encoders of the standard library and x/image take fast paths only for
// their own concrete image types and fall back to a per-pixel At call for
// anything else. Encode therefore hands them a standard image: the view's
// own memory when its layout is that of one, otherwise one copy made row by
// row, which costs a small fraction of the encoding. codec/pnm's Image
// method goes the same one way, codec/internal/stdimg.

// stdImage returns v as the standard image type its channel count and
// depth map to (see stdimg.Of), sharing memory when the layout allows, so
// the result must only be read.
func stdImage[T uint8 | uint16](v pixbuf.View[T], workers int) image.Image {
	return stdimg.Of(v, workers)
}
