package codec

import (
	"bytes"
	"image"
	"image/color"
	"io"
	"strconv"

	"github.com/pixview/pixview/codec/pnm"
	"github.com/pixview/pixview/pixbuf"
)

// This file holds all of codec's use of codec/pnm.

// pnmConfig reads a Netpbm header from rr and returns its config with the
// channel count and depth of the view pnmRead makes.
func pnmConfig(rr *rewindReader) (image.Config, int, int, error) {
	ic, err := pnm.DecodeConfig(rr)
	if err != nil {
		return ic, 0, 0, err
	}
	c, depth := layoutOf(ic.ColorModel)
	if ic.ColorModel == color.NRGBAModel || ic.ColorModel == color.NRGBA64Model {
		c = pamDepth(rr.buf)
	}
	return ic, c, depth, nil
}

// pamDepth returns the DEPTH of the PAM header at the start of b, which
// pnm.DecodeConfig has validated, or 4 if there is none.
func pamDepth(b []byte) int {
	if end := bytes.Index(b, []byte("ENDHDR")); end >= 0 {
		b = b[:end]
	}
	for line := range bytes.Lines(b) {
		f := bytes.Fields(line)
		if len(f) == 2 && string(f[0]) == "DEPTH" {
			if d, err := strconv.Atoi(string(f[1])); err == nil && 1 <= d && d <= 4 {
				return d
			}
		}
	}
	return 4
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
