package codec

import (
	"io"

	"golang.org/x/image/webp"
)

// webpFormat is WebP through golang.org/x/image/webp: lossy, lossless and
// lossy with alpha decode; there is no encoder.
var webpFormat = &Format{
	Name:       WebP,
	Extensions: []string{".webp"},
	MediaType:  "image/webp",
	Sniff: func(b []byte) bool {
		return len(b) >= 16 && string(b[:4]) == "RIFF" && string(b[8:15]) == "WEBPVP8"
	},
	DecodeConfig: func(r io.Reader) (Config, error) {
		ic, err := webp.DecodeConfig(rewinder(r))
		return stdConfig(WebP, ic, err, false, 1)
	},
	Decode: func(r io.Reader, cfg Config, opts *DecodeOptions) (Pixels, error) {
		img, err := webp.Decode(replayer(r))
		if err != nil {
			return nil, err
		}
		return stdPixels(img, cfg, opts.workers())
	},
}
