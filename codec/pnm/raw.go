package pnm

import (
	"bytes"
	"fmt"
	"iter"

	"github.com/pixview/pixview/pixbuf"
)

// RawImage is one image of a binary Netpbm file as it is stored, header
// and raster undecoded: the raster's bytes are the file's own, 16-bit
// samples as big-endian byte pairs.
type RawImage struct {
	// Header is the image's header.
	Header Header
	// HeaderBytes is the header's text as stored, comments included.
	HeaderBytes []byte
	// Raster is the image's raster, exactly RasterSize bytes.
	Raster []byte
}

// View returns the raster as a Height x Width x (Channels*BytesPerSample)
// view of bytes sharing Raster, the layout [Mapped.View] has: geometric
// operations on whole pixels work on it unchanged.
func (r RawImage) View() (pixbuf.View[uint8], error) {
	h := r.Header
	return pixbuf.Wrap(r.Raster, h.Height, h.Width, h.Channels*h.BytesPerSample())
}

// ParseRaw returns an iterator over the images of data, a binary Netpbm
// file (P5, P6 or P7; several images one after the other, as [All] reads
// them), without decoding them: each RawImage's Raster aliases data. Every
// raster is checked as [CheckRaster] checks it, so a sample above maxval is
// refused here exactly as the decoder refuses it, and an image of more
// than maxPixels pixels (<= 0 means [DefaultMaxPixels]) is refused with
// codecerr.ErrTooLarge. A plain (P1, P2, P3) or PBM (P4) image, whose bytes
// are not samples, is an [UnsupportedError]. The iteration stops after the
// first error, which it yields; an empty input yields one error.
func ParseRaw(data []byte, maxPixels int) iter.Seq2[RawImage, error] {
	return func(yield func(RawImage, error) bool) {
		for off := 0; ; {
			h, err := readHeader(bytes.NewReader(data[off:]))
			if err == nil {
				err = h.checkLimit(maxPixels)
			}
			if err == nil && (h.Plain() || h.Magic == "P4") {
				err = UnsupportedError(fmt.Sprintf("%s: the raster is not stored as samples", h.Magic))
			}
			if err != nil {
				yield(RawImage{}, err)
				return
			}
			n, _ := h.RasterSize()
			start := off + int(h.Size)
			if rest := len(data) - start; rest < n {
				yield(RawImage{}, truncated("raster", int64(rest), int64(n)))
				return
			}
			img := RawImage{Header: h, HeaderBytes: data[off:start:start], Raster: data[start : start+n : start+n]}
			if err := CheckRaster(h, img.Raster); err != nil {
				yield(RawImage{}, err)
				return
			}
			if !yield(img, nil) {
				return
			}
			for off = start + n; off < len(data) && isSpace(data[off]); off++ {
			}
			if off == len(data) {
				return
			}
		}
	}
}

// CheckRaster returns an error unless raster is exactly the binary raster
// of an image with header h: RasterSize bytes, every sample at most
// h.MaxVal. Any program that moves a raster as bytes — a flip, a crop, a
// copy into another Netpbm file — checks it first, so that it refuses
// what the decoder refuses and never writes a file Netpbm's tools reject.
// A maxval of 255 or 65535 needs no pass over the samples.
func CheckRaster(h Header, raster []byte) error {
	n, ok := h.RasterSize()
	switch {
	case !ok || h.Magic == "P4":
		return UnsupportedError(fmt.Sprintf("%s: the raster is not stored as samples", h.Magic))
	case len(raster) != n:
		return FormatError(fmt.Sprintf("%s: a raster of %d bytes, the header needs %d", h.Magic, len(raster), n))
	}
	switch {
	case h.MaxVal == 255 || h.MaxVal == 65535:
		return nil
	case h.MaxVal < 255:
		m := byte(h.MaxVal)
		for i, b := range raster {
			if b > m {
				return sampleErr(int(b), h.MaxVal, i)
			}
		}
	default:
		m := uint16(h.MaxVal)
		for i := 0; i+1 < len(raster); i += 2 {
			if v := uint16(raster[i])<<8 | uint16(raster[i+1]); v > m {
				return sampleErr(int(v), h.MaxVal, i/2)
			}
		}
	}
	return nil
}
