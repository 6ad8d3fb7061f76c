package codec

import (
	"bytes"
	"errors"
	"image"
	"image/gif"
	"io"
	"slices"
	"strings"

	pgif "github.com/pixview/pixview/codec/gif"
	"github.com/pixview/pixview/codec/meta"
)

// gifFormat is GIF: a still image decodes, placed on a screen-sized
// canvas; an animation is refused by Decode (ErrUnsupported, naming its
// frame count), as a multi-page TIFF and an animated PNG are, since a view
// holds one frame and the others would be dropped without a word;
// Transform moves every frame of an animation without decoding it to RGB
// (codec/gif: delays, disposal, loop count, colour tables and comments
// kept). Comment extensions and the XMP application extension are read
// into Image.Metadata and written back by the encoder, which reports every
// other part of EncodeOptions.Metadata dropped (GIF has no place for
// EXIF, ICC, IPTC or PNG text). The encoder writes an exact palette when
// the view has at most 256 colors, each fully opaque or fully transparent,
// and otherwise quantizes to the Plan 9 palette with Floyd-Steinberg
// dithering.
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
		cfg, err := stdConfig(GIF, ic, nil, gifTransparent(rr), 1)
		cfg.source = gifSource(rr)
		return cfg, err
	},
	Decode: func(r io.Reader, cfg Config, opts *DecodeOptions) (Pixels, error) {
		// image/gif's Decode stops after the first frame: the whole file
		// is read first (GIF data is small beside its pixels) so that
		// every frame is counted.
		data, err := io.ReadAll(replayer(r))
		if err != nil {
			return nil, err
		}
		if n, _ := pgif.Frames(bytes.NewReader(data)); n > 1 {
			return nil, tagged(ErrUnsupported, "gif: animated GIF with %d frames: a decoded view holds one frame, and the others would be dropped; flip, rotate and crop move every frame (Format.Transform), or split the frames first (gifsicle --explode)", n)
		}
		img, err := gif.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		if p, ok := img.(*image.Paletted); ok {
			img = gifCanvas(p, image.Pt(cfg.Width, cfg.Height))
		}
		return stdPixels(img, cfg, opts.workers())
	},
	Encode:    gifEncode,
	Writes:    Writes{Depths: []int{8}, Convert: true},
	Transform: gifTransform,
}

// maxGIFScan bounds how much of a GIF stream DecodeConfig reads to find
// its comments and XMP, which may follow the last frame.
const maxGIFScan = 64 << 20

// gifSource reads the comments and XMP of the GIF stream rr records, for
// Image.Metadata; nil when there are none or the stream is longer than
// maxGIFScan.
func gifSource(rr *rewindReader) *Source {
	if rr.fill(maxGIFScan + 1) {
		return nil
	}
	info, err := pgif.Scan(rr.buf)
	if err != nil || (len(info.Comments) == 0 && info.XMP == nil) {
		return nil
	}
	return &Source{Format: GIF, metadata: &meta.Metadata{Comments: info.Comments, XMP: info.XMP}}
}

// gifEncode writes one frame with image/gif and inserts the comments and
// XMP of opts.Metadata (PNG "Comment" text too, as JPEG's COM takes it);
// every other part is reported dropped.
func gifEncode(w io.Writer, p Pixels, opts *EncodeOptions) error {
	enc := func(w io.Writer) error {
		return stdEncode(w, p, opts, false, false, exactPaletted, func(w io.Writer, m image.Image) error {
			return gif.Encode(w, m, nil)
		})
	}
	o := encodeOpts(opts)
	if o.Metadata == nil {
		return enc(w)
	}
	var b bytes.Buffer
	if err := enc(&b); err != nil {
		return err
	}
	m := encodedMetadata(o.Metadata, p)
	held := &meta.Metadata{XMP: m.XMP}
	comments := slices.Clone(m.Comments)
	held.Comments = m.Comments
	for _, t := range m.Text {
		if strings.EqualFold(t.Keyword, "Comment") {
			comments = append(comments, t.Text)
			held.Text = append(held.Text, t)
		}
	}
	out, err := pgif.InsertMetadata(b.Bytes(), comments, m.XMP)
	if errors.Is(err, ErrUnsupported) {
		// An XMP packet GIF cannot carry: write the rest.
		held.XMP = nil
		out, err = pgif.InsertMetadata(b.Bytes(), comments, nil)
	}
	if err != nil {
		return err
	}
	if _, err := w.Write(out); err != nil {
		return err
	}
	report(opts, unheld(m, held, "GIF")...)
	return nil
}

// gifTransform orients and crops every frame of a GIF file with
// codec/gif, which keeps the block structure around the frames. GIF has no
// orientation tag, so t.Orientation is applied as it is.
func gifTransform(w io.Writer, r io.Reader, t Transform) (*Result, error) {
	cr := &countReader{r: r}
	cw := &countWriter{w: w}
	opts := &pgif.Options{MaxPixels: t.MaxPixels, StripMetadata: t.Metadata&MetadataStrip != 0}
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
