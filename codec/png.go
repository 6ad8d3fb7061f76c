package codec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"

	"github.com/pixview/pixview/pixbuf"
)

// pngFormat is PNG: 8- and 16-bit gray, gray+alpha, RGB, RGBA and
// paletted, with the EXIF orientation of an eXIf chunk before the image
// data. A 4-channel view whose alpha is all opaque is written as RGB, and
// gray+alpha as RGBA. The metadata chunks before the image data are read
// into Image.Metadata, and EncodeOptions.Metadata is written after IHDR
// (meta.InsertPNG). A paletted source (EncodeOptions.Source) is written
// paletted again while its colours fit in 256 entries, each opaque or
// fully transparent (tRNS); a gray or truecolour source with a tRNS colour
// key decodes with an alpha channel and is written with its key again
// while the pixels fit it (pngkey.go says why). An animated PNG (an acTL chunk before the image
// data) is refused with ErrUnsupported naming its frame count: image/png
// decodes only the default image, and the other frames would be dropped
// without a word.
var pngFormat = &Format{
	Name:       PNG,
	Extensions: []string{".png"},
	MediaType:  "image/png",
	Sniff:      func(b []byte) bool { return bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) },
	DecodeConfig: func(r io.Reader) (Config, error) {
		rr := rewinder(r)
		ic, err := png.DecodeConfig(rr)
		if err != nil {
			return Config{}, pngError(err)
		}
		rr.fillPNGMetadata()
		_, alpha := pngChunkData(rr.buf, "tRNS")
		cfg, err := stdConfig(PNG, ic, nil, alpha, pngOrientation(rr.buf))
		cfg.source = pngSource(rr.buf)
		if _, ok := ic.ColorModel.(color.Palette); ok {
			if cfg.source == nil {
				cfg.source = &Source{Format: PNG}
			}
			cfg.source.paletted = true
		} else if k := pngColourKey(rr.buf); k != nil {
			if cfg.source == nil {
				cfg.source = &Source{Format: PNG}
			}
			cfg.source.pngKey = k
		}
		if alpha && cfg.Channels == 1 {
			cfg.Channels = 4 // gray with a transparent value decodes as NRGBA
		}
		return cfg, err
	},
	Decode: func(r io.Reader, cfg Config, opts *DecodeOptions) (Pixels, error) {
		rr := replayer(r)
		if err := checkBody(PNG, cfg.Width, cfg.Height, rr.buf, rr.size); err != nil {
			return nil, err
		}
		if actl, ok := pngChunkData(rr.buf, "acTL"); ok {
			return nil, apngError(actl)
		}
		img, err := png.Decode(rr)
		if err != nil {
			return nil, pngError(err)
		}
		return stdPixels(img, cfg, opts.workers())
	},
	Encode: pngEncode,
	Writes: Writes{Depths: []int{8, 16}, Channels: []int{1, 3, 4}, Convert: true},
}

// pngEncode writes p as PNG: paletted again for a paletted Source while
// the colours fit, gray or truecolour with its tRNS colour key for a keyed
// Source while the alpha fits the key (pngkey.go), else as the view's
// channels say; then the metadata.
func pngEncode(w io.Writer, p Pixels, opts *EncodeOptions) error {
	o := encodeOpts(opts)
	enc := png.Encoder{CompressionLevel: o.PNGCompression}
	var pal func(pixbuf.View[uint8]) *image.Paletted
	if s := o.Source; s != nil && s.paletted {
		pal = exactPaletted // nil, and so truecolour, when the colours no longer fit
	}
	if s := o.Source; s != nil && s.pngKey != nil {
		if _, _, c := p.Shape(); c == 4 {
			if kp, trns, ok := keyedPNG(p, s.pngKey); ok {
				return pngWithMetadata(w, p, opts, func(w io.Writer) error {
					var b bytes.Buffer
					if err := stdEncode(&b, kp, opts, true, false, nil, enc.Encode); err != nil {
						return err
					}
					_, err := w.Write(insertAfterIHDR(b.Bytes(), trns))
					return err
				})
			}
			report(opts, Change{Kind: Changed, Item: "transparency",
				Detail: "the tRNS colour key no longer says the alpha exactly; written as an alpha channel"})
		}
	}
	return pngWithMetadata(w, p, opts, func(w io.Writer) error {
		return stdEncode(w, p, opts, true, false, pal, enc.Encode)
	})
}

func pngError(err error) error {
	var u png.UnsupportedError
	return unsupported(err, errors.As(err, &u))
}

// apngError refuses an animated PNG whose acTL chunk holds actl.
func apngError(actl []byte) error {
	frames := "several"
	if len(actl) >= 4 {
		frames = fmt.Sprint(binary.BigEndian.Uint32(actl))
	}
	return fmt.Errorf("png: animated PNG with %s frames: only the default image would decode and the other frames be dropped; animated PNG is not supported: %w", frames, ErrUnsupported)
}
