package codec

import (
	"encoding/binary"
	"fmt"
	"image/color"
	"io"
	"os"

	"github.com/pixview/pixview/internal/safemath"
)

// DefaultMaxPixels is the pixel limit of Decode and Load when the options
// set none: 2^26, about 67 megapixels, an 8192 x 8192 image. At 4 channels
// of 16 bits that is half a gigabyte of samples.
const DefaultMaxPixels = 1 << 26

// checkLimit refuses a config whose pixel count exceeds maxPixels, or
// whose size in bytes, width*height*channels*bytes-per-sample, overflows.
func checkLimit(cfg Config, maxPixels int) error {
	n, ok := safemath.Mul(cfg.Width, cfg.Height)
	if ok {
		_, ok = safemath.Mul4(cfg.Width, cfg.Height, max(cfg.Channels, 4), cfg.Depth/8)
	}
	if !ok || n > maxPixels {
		return tagged(ErrTooLarge, "%s: %dx%d pixels exceed the limit of %d",
			cfg.Format, cfg.Width, cfg.Height, maxPixels)
	}
	return nil
}

// layoutOf returns the channel count and bits per sample of the view
// Decode makes from an image of color model m.
func layoutOf(m color.Model) (channels, depth int) {
	if p, ok := m.(color.Palette); ok {
		return paletteChannels(p), 8
	}
	switch m {
	case color.GrayModel:
		return 1, 8
	case color.Gray16Model:
		return 1, 16
	case color.RGBAModel, color.YCbCrModel, color.CMYKModel:
		return 3, 8
	case color.RGBA64Model:
		return 3, 16
	case color.NRGBA64Model, color.Alpha16Model:
		return 4, 16
	}
	return 4, 8
}

// inputSize returns how many bytes r holds from its current position, or
// -1 when that cannot be known without reading: the length of an in-memory
// reader, or the rest of a regular file.
func inputSize(r io.Reader) int64 {
	switch r := r.(type) {
	case interface{ Len() int }:
		return int64(r.Len())
	case *os.File:
		st, err := r.Stat()
		if err != nil || !st.Mode().IsRegular() {
			return -1
		}
		off, err := r.Seek(0, io.SeekCurrent)
		if err != nil {
			return -1
		}
		return st.Size() - off
	}
	return -1
}

// maxDeflateRatio bounds how many bytes deflate can expand one byte to:
// a 258-byte match costs at least two bits.
const maxDeflateRatio = 1032

// checkBody refuses, before any pixel is allocated, a file of size bytes
// that cannot hold the pixels its header declares: an uncompressed BMP
// raster longer than the file, or PNG rows that even deflate's best ratio
// cannot squeeze into it. head holds the file's first bytes.
func checkBody(format string, w, h int, head []byte, size int64) error {
	if size < 0 {
		return nil
	}
	need := int64(0)
	switch {
	case format == PNG && len(head) >= 26:
		bpp := int64(head[24]) * int64(pngChannels(head[25]))
		// Filter bytes and partial bytes left out: a lower bound for
		// interlaced images too.
		need = int64(h) * (int64(w) * bpp / 8) / maxDeflateRatio
	case format == BMP && len(head) >= 34:
		bpp := int64(binary.LittleEndian.Uint16(head[28:30]))
		if c := binary.LittleEndian.Uint32(head[30:34]); c == 0 || c == 3 { // BI_RGB, BI_BITFIELDS
			need = int64(h) * ((int64(w)*bpp + 31) / 32 * 4)
		}
	}
	if need > size {
		return fmt.Errorf("%d bytes cannot hold %dx%d pixels: %w", size, w, h, io.ErrUnexpectedEOF)
	}
	return nil
}

// pngChannels is the number of samples per pixel of a PNG color type.
func pngChannels(colorType byte) int {
	switch colorType {
	case 2:
		return 3
	case 4:
		return 2
	case 6:
		return 4
	}
	return 1
}
