package codec

import (
	"image"
	"image/color"
	"io"

	"github.com/pixview/pixview/pixbuf"
)

// This file holds what the formats decoded and encoded by the standard
// library and golang.org/x/image share; each format's own file registers
// it.

// stdConfig turns the image.Config of a standard decoder into a Config
// with stored dimensions: the channel count and depth of the view
// stdPixels makes, 4 channels when alpha is declared where the color
// model looks opaque RGB, and the orientation of EXIF tag value o.
func stdConfig(name string, ic image.Config, err error, alpha bool, o int) (Config, error) {
	if err != nil {
		return Config{}, err
	}
	c, depth := layoutOf(ic.ColorModel)
	if alpha && c == 3 {
		c = 4
	}
	return Config{Format: name, Width: ic.Width, Height: ic.Height, Channels: c, Depth: depth, Orientation: orientation(o)}, nil
}

// unsupported marks err as ErrUnsupported when the decoder calls it an
// unsupported variant.
func unsupported(err error, isUnsupported bool) error {
	if err == nil || !isUnsupported {
		return err
	}
	return &codecError{msg: err.Error(), errs: []error{ErrUnsupported, err}}
}

// stdPixels converts a standard decoder's image into the view Decode
// returns for cfg: 16 bits when cfg.Depth is 16, keeping a declared alpha
// channel; an RGB file decoded as opaque RGBA shows its RGB without a copy.
func stdPixels(img image.Image, cfg Config, workers int) (Pixels, error) {
	if b := img.Bounds(); b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		return nil, tagged(ErrFormat, "invalid data: decoded %dx%d pixels, header said %dx%d", b.Dx(), b.Dy(), cfg.Width, cfg.Height)
	}
	if cfg.Depth == 16 {
		v, err := fromImage[uint16](img, workers)
		if err == nil && cfg.Channels == 4 && v.Channels() == 3 {
			// Declared alpha that happens to be opaque: keep the channel
			// the header promised.
			a := pixbuf.New[uint16](cfg.Height, cfg.Width, 4)
			if err = a.Channel(3).Fill(0xffff); err == nil {
				err = a.ChannelRange(0, 3).CopyFrom(v)
			}
			v = a
		}
		return v, err
	}
	v, err := fromImage[uint8](img, workers)
	if err == nil && cfg.Channels == 3 && v.Channels() == 4 && opaque8(v) {
		// An RGB file decoded as an opaque RGBA image (PNG, BMP, TIFF):
		// show its RGB, without a copy.
		v = v.ChannelRange(0, 3)
	}
	return v, err
}

// opaque8 reports whether every alpha sample of a 4-channel view is 0xff.
func opaque8(v pixbuf.View[uint8]) bool {
	h, w, _ := v.Shape()
	a := v.Channel(3)
	for y := range h {
		for x := range w {
			if a.At(y, x, 0) != 0xff {
				return false
			}
		}
	}
	return true
}

// encodeOpts returns opts, or the defaults for nil.
func encodeOpts(opts *EncodeOptions) *EncodeOptions {
	if opts == nil {
		return &EncodeOptions{}
	}
	return opts
}

// stdEncode hands p to a standard encoder as a standard image: 16-bit
// when keep16 and p is 16-bit, else 8-bit; with noAlpha, gray+alpha
// becomes gray and RGBA RGB, as the format holds no alpha. pal, when not
// nil, may return a lossless paletted image for an 8-bit view.
func stdEncode(w io.Writer, p Pixels, opts *EncodeOptions, keep16, noAlpha bool,
	pal func(pixbuf.View[uint8]) *image.Paletted, enc func(io.Writer, image.Image) error) error {
	workers := encodeOpts(opts).Workers
	var v8 pixbuf.View[uint8]
	switch v := p.(type) {
	case pixbuf.View[uint16]:
		if keep16 {
			return enc(w, stdImage(v, workers))
		}
		v8 = narrow(v)
	case pixbuf.View[uint8]:
		v8 = v
	default:
		return tagged(ErrUnsupported, "%T is not an 8- or 16-bit view", p)
	}
	if noAlpha {
		switch v8.Channels() {
		case 2:
			v8 = v8.Channel(0)
		case 4:
			v8 = v8.ChannelRange(0, 3)
		}
	}
	if pal != nil {
		if m := pal(v8); m != nil {
			return enc(w, m)
		}
	}
	return enc(w, stdImage(v8, workers))
}

// exactPaletted returns v as an *image.Paletted with no loss when it holds
// at most 256 distinct colors, each fully opaque or fully transparent (all
// transparent pixels share one entry), and nil otherwise.
func exactPaletted(v pixbuf.View[uint8]) *image.Paletted {
	h, w, c := v.Shape()
	index := make(map[color.NRGBA]uint8)
	var pal color.Palette
	pix := make([]uint8, h*w)
	for y := range h {
		for x := range w {
			var n color.NRGBA
			switch c {
			case 1:
				g := v.At(y, x, 0)
				n = color.NRGBA{g, g, g, 0xff}
			case 2:
				g := v.At(y, x, 0)
				n = color.NRGBA{g, g, g, v.At(y, x, 1)}
			case 3:
				n = color.NRGBA{v.At(y, x, 0), v.At(y, x, 1), v.At(y, x, 2), 0xff}
			default:
				n = color.NRGBA{v.At(y, x, 0), v.At(y, x, 1), v.At(y, x, 2), v.At(y, x, 3)}
			}
			switch n.A {
			case 0:
				n = color.NRGBA{}
			case 0xff:
			default:
				return nil
			}
			i, ok := index[n]
			if !ok {
				if len(pal) == 256 {
					return nil
				}
				i = uint8(len(pal))
				index[n] = i
				pal = append(pal, n)
			}
			pix[y*w+x] = i
		}
	}
	return &image.Paletted{Pix: pix, Stride: w, Rect: image.Rect(0, 0, w, h), Palette: pal}
}
