package jpeg

import (
	"bytes"
	"errors"
	"hash/fnv"
	"math/rand/v2"
	"testing"

	"github.com/pixview/pixview/codec/codecerr"
	"github.com/pixview/pixview/pixbuf"
)

// FuzzEncodePixels encodes a small view built from the input (its
// pixels, shape, channel count and layout) with options drawn from it:
// FromPixels must not panic, must refuse only with its sentinels, and
// every file it writes must decode with Decode to the frame asked for.
func FuzzEncodePixels(f *testing.F) {
	for _, s := range []string{"", "a", "gray", "4:1:1 progressive", "\xff\x00\x10\x20restart"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		hs := fnv.New64a()
		hs.Write(data)
		rng := rand.New(rand.NewPCG(hs.Sum64(), uint64(len(data))))
		h, w, ch := 1+rng.IntN(40), 1+rng.IntN(40), 1+rng.IntN(4)
		if rng.IntN(8) == 0 {
			ch = 5 + rng.IntN(3) // refused
		}
		v := pixbuf.New[uint8](h, w, ch)
		pix, _ := v.Samples()
		for i := range pix {
			if len(data) > 0 {
				pix[i] = data[i%len(data)] + uint8(i/len(data))
			}
		}
		switch rng.IntN(4) {
		case 1:
			v = v.FlipH()
		case 2:
			v = v.Transpose()
		case 3:
			v = v.Crop(v.Bounds().Inset(min(h, w) / 4))
		}
		opts := &PixelEncodeOptions{
			Quality:     rng.IntN(102),
			Progressive: rng.IntN(2) == 0,
			Gray:        rng.IntN(5) == 0,
		}
		for i := range 3 {
			opts.Sampling.H[i], opts.Sampling.V[i] = 1+rng.IntN(4), 1+rng.IntN(4)
		}
		if rng.IntN(3) == 0 {
			opts.Sampling = []Sampling{Sampling444, Sampling422, Sampling420, Sampling440, Sampling411}[rng.IntN(5)]
		}
		switch rng.IntN(4) {
		case 0:
			opts.RestartInterval = rng.IntN(5)
		case 1:
			opts.RestartRows = rng.IntN(3)
		}
		if rng.IntN(4) == 0 {
			opts.Quality = 0
			var q QuantTable
			for i := range q {
				q[i] = uint16(rng.IntN(300))
			}
			opts.Quant[rng.IntN(2)] = &q
		}
		var buf bytes.Buffer
		_, err := EncodePixels(&buf, v, opts)
		if err != nil {
			if !errors.Is(err, codecerr.ErrUnsupported) && !errors.Is(err, codecerr.ErrFormat) && !errors.Is(err, pixbuf.ErrShape) {
				t.Fatalf("error without a sentinel: %v", err)
			}
			return
		}
		m, err := DecodeBytes(buf.Bytes(), nil)
		if err != nil {
			t.Fatalf("Decode of our output: %v", err)
		}
		vh, vw, _ := v.Shape()
		if m.Width != vw || m.Height != vh {
			t.Fatalf("frame %dx%d, view %dx%d", m.Width, m.Height, vw, vh)
		}
	})
}
