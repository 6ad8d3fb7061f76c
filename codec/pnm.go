package codec

import (
	"image"
	"io"

	"github.com/pixview/pixview/codec/pnm"
	"github.com/pixview/pixview/pixbuf"
)

// This file holds all of codec's use of codec/pnm.

// pnmConfig reads a Netpbm header from rr and returns its config with the
// channel count and depth of the view pnmRead makes.
func pnmConfig(rr *rewindReader) (image.Config, int, int, error) {
	h, err := pnm.ReadHeader(rr)
	if err != nil {
		return image.Config{}, 0, 0, err
	}
	depth := 8
	if h.MaxVal > 255 {
		depth = 16
	}
	return image.Config{ColorModel: h.ColorModel(), Width: h.Width, Height: h.Height}, h.Depth, depth, nil
}

// pnmRead decodes a Netpbm image into an 8- or 16-bit view.
func pnmRead(r io.Reader, maxPixels int) (pixbuf.View[uint8], pixbuf.View[uint16], int, error) {
	m, err := pnm.Read(r, maxPixels)
	if err != nil {
		return pixbuf.View[uint8]{}, pixbuf.View[uint16]{}, 0, err
	}
	if m.Header.MaxVal > 255 {
		return pixbuf.View[uint8]{}, m.View16, 16, nil
	}
	return m.View8, pixbuf.View[uint16]{}, 8, nil
}

// pnmWrite encodes v as Netpbm with the given magic ("" picks by channel
// count).
func pnmWrite[T uint8 | uint16](w io.Writer, v pixbuf.View[T], magic string) error {
	return pnm.Write(w, v, magic)
}
