package codec

import (
	"bytes"
	"image"
	"image/gif"
	"io"

	pgif "github.com/pixview/pixview/codec/gif"
)

// gifFormat is GIF: the first frame decodes, placed on a screen-sized
// canvas; Transform moves every frame of an animation without decoding it
// to RGB (codec/gif: delays, disposal, loop count, colour tables and
// comments kept); the encoder writes an exact palette when the view has at most
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
	Writes:    Writes{Depths: []int{8}, Convert: true},
	Transform: gifTransform,
}

// gifTransform orients and crops every frame of a GIF file with
// codec/gif, which keeps the block structure around the frames. GIF has no
// orientation tag, so t.Orientation is applied as it is.
func gifTransform(w io.Writer, r io.Reader, t Transform) (*Result, error) {
	cr := &countReader{r: r}
	cw := &countWriter{w: w}
	opts := &pgif.Options{MaxPixels: t.MaxPixels, StripMetadata: t.Metadata == MetadataStrip}
	if opts.MaxPixels <= 0 {
		opts.MaxPixels = DefaultMaxPixels
	}
	rep, err := pgif.Transform(cw, cr, t.Orientation, t.Crop, opts)
	if err != nil {
		return nil, err
	}
	res := &Result{FormatIn: GIF, FormatOut: GIF, Path: PathRaster, BytesIn: cr.n, BytesOut: cw.n, Images: rep.Frames}
	for _, c := range rep.Changes {
		res.Changes = append(res.Changes, Change{Kind: ChangeKind(c.Kind), Item: c.Item, Detail: c.Detail})
	}
	return res, nil
}

// countReader counts the bytes read through it, for Result.BytesIn.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
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
