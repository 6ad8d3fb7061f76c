package codec

import (
	"bytes"
	"image"
	"image/gif"
	"io"
)

// gifFormat is GIF: the first frame decodes, placed on a screen-sized
// canvas; the encoder writes an exact palette when the view has at most
// 256 colors, each fully opaque or fully transparent, and otherwise
// quantizes to the Plan 9 palette with Floyd-Steinberg dithering.
var gifFormat = &Format{
	Name:       GIF,
	Extensions: []string{".gif"},
	MediaType:  "image/gif",
	Sniff: func(b []byte) bool {
		return bytes.HasPrefix(b, []byte("GIF87a")) || bytes.HasPrefix(b, []byte("GIF89a"))
	},
	DecodeConfig: func(r io.Reader) (Config, error) {
		rr := rewinder(r)
		ic, err := gif.DecodeConfig(rr)
		if err != nil {
			return Config{}, err
		}
		return stdConfig(GIF, ic, nil, gifTransparent(rr), 1)
	},
	Decode: func(r io.Reader, cfg Config, opts *DecodeOptions) (Pixels, error) {
		img, err := gif.Decode(replayer(r))
		if err != nil {
			return nil, err
		}
		if p, ok := img.(*image.Paletted); ok {
			img = gifCanvas(p, image.Pt(cfg.Width, cfg.Height))
		}
		return stdPixels(img, cfg, opts.workers())
	},
	Encode: func(w io.Writer, p Pixels, opts *EncodeOptions) error {
		return stdEncode(w, p, opts, false, false, exactPaletted, func(w io.Writer, m image.Image) error {
			return gif.Encode(w, m, nil)
		})
	},
	Writes: Writes{Depths: []int{8}, Convert: true},
}

// gifCanvas places a GIF's first frame, which may cover only part of the
// logical screen, on a screen-sized canvas of its transparent color, or of
// palette entry 0 when it has none.
func gifCanvas(p *image.Paletted, screen image.Point) *image.Paletted {
	r := image.Rectangle{Max: screen}
	if p.Rect == r || !p.Rect.In(r) {
		return p
	}
	bg := uint8(0)
	for i, c := range p.Palette {
		if _, _, _, a := c.RGBA(); a == 0 {
			bg = uint8(i)
			break
		}
	}
	m := image.NewPaletted(r, p.Palette)
	for i := range m.Pix {
		m.Pix[i] = bg
	}
	for y := p.Rect.Min.Y; y < p.Rect.Max.Y; y++ {
		copy(m.Pix[m.PixOffset(p.Rect.Min.X, y):], p.Pix[p.PixOffset(p.Rect.Min.X, y):p.PixOffset(p.Rect.Max.X, y)])
	}
	return m
}
