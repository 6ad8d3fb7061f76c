package codec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"

	"golang.org/x/image/bmp"
)

// bmpFormat is BMP through golang.org/x/image/bmp: 1 to 32 bits decode;
// the encoder writes 8-bit gray or 24-bit RGB, dropping alpha, and no
// metadata (each part of EncodeOptions.Metadata is reported dropped).
var bmpFormat = &Format{
	Name:       BMP,
	Extensions: []string{".bmp"},
	MediaType:  "image/bmp",
	Sniff:      func(b []byte) bool { return bytes.HasPrefix(b, []byte("BM")) },
	DecodeConfig: func(r io.Reader) (Config, error) {
		rr := rewinder(r)
		ic, err := bmp.DecodeConfig(rr)
		// A 32-bit BMP with a V4 or V5 header decodes as NRGBA.
		b := rr.buf
		alpha := len(b) >= 30 && binary.LittleEndian.Uint32(b[14:18]) > 40 && binary.LittleEndian.Uint16(b[28:30]) == 32
		return stdConfig(BMP, ic, bmpError(err), alpha, 1)
	},
	Decode: func(r io.Reader, cfg Config, opts *DecodeOptions) (Pixels, error) {
		rr := replayer(r)
		if err := checkBody(BMP, cfg.Width, cfg.Height, rr.buf, rr.size); err != nil {
			return nil, err
		}
		img, err := bmp.Decode(rr)
		if err != nil {
			return nil, bmpError(err)
		}
		return stdPixels(img, cfg, opts.workers())
	},
	Encode: func(w io.Writer, p Pixels, opts *EncodeOptions) error {
		if err := stdEncode(w, p, opts, false, true, nil, bmp.Encode); err != nil {
			return err
		}
		reportUnheld(opts, BMP)
		return nil
	},
	Writes: Writes{Depths: []int{8}, Channels: []int{1, 3}, Convert: true},
}

func bmpError(err error) error { return unsupported(err, errors.Is(err, bmp.ErrUnsupported)) }
