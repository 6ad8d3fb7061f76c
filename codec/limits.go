package codec

import (
	"fmt"
	"image/color"

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
		return fmt.Errorf("codec: %s: %dx%d pixels exceed the limit of %d: %w",
			cfg.Format, cfg.Width, cfg.Height, maxPixels, ErrTooLarge)
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
