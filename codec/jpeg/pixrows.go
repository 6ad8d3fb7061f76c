package jpeg

import (
	"errors"
	"image"

	"github.com/pixview/pixview/pixbuf"
)

// DecodeRows decodes the image's pixels as [Decoder.DecodeInto] does, but
// hands them to fn one band of rows at a time instead of filling one view
// of the whole image: band holds the output rows y to y+band.Height()-1
// (of the region opts asks for, in its coordinates), at most one iMCU row
// of them (8*vmax pixel rows at full size), in the order of the file. The
// band's memory is reused for the next one once fn returns. A sequential
// file is then decoded in O(width) memory in all, as djpeg decodes it to
// a file; a progressive one holds its coefficients. An error from fn
// stops the decode and is returned as it is.
//
// DecodeRows, like DecodeInto, must be called before any row is read, and
// once.
func (dec *Decoder) DecodeRows(opts *PixelOptions, fn func(y int, band pixbuf.View[uint8]) error) error {
	p, err := dec.plan(opts)
	if err != nil {
		return err
	}
	if dec.row != 0 || dec.err != nil {
		return errors.New("jpeg: DecodeRows after rows were read")
	}
	if p.region.Empty() {
		return nil
	}
	buf := pixbuf.New[uint8](p.rowsIMCU, p.region.Dx(), p.channels)
	return p.run(dec, buf, func(y, n int) error {
		return fn(y, buf.Crop(image.Rect(0, 0, p.region.Dx(), n)))
	})
}
