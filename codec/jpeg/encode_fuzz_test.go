package jpeg

import (
	"bytes"
	"encoding/binary"
	"hash/fnv"
	"math/rand/v2"
	"testing"
)

// wrRandImage builds a small random Image from data: 1 to 4 components
// with random sampling (MCUs of more than 10 blocks included), sizes up
// to 40x40, tables 8 or 16 bits, coefficients anywhere in the 8-bit
// process's range with many zeros, a random restart interval and coding.
func wrRandImage(data []byte) (*Image, *EncodeOptions) {
	h := fnv.New64a()
	h.Write(data)
	rng := rand.New(rand.NewPCG(h.Sum64(), uint64(len(data))))
	m := &Image{Width: 1 + rng.IntN(40), Height: 1 + rng.IntN(40)}
	n := []int{1, 3, 4}[rng.IntN(3)]
	for t := range 2 {
		q := new(QuantTable)
		top := 255
		if rng.IntN(4) == 0 {
			top = 65535
		}
		for i := range q {
			q[i] = uint16(1 + rng.IntN(top))
		}
		m.Quant[t] = q
	}
	for i := range n {
		m.Components = append(m.Components, Component{ID: byte(i * 3), H: 1 + rng.IntN(4), V: 1 + rng.IntN(4), Quant: rng.IntN(2)})
	}
	mw, mh := m.MCUs()
	density := rng.Float64()
	for i := range m.Components {
		c := &m.Components[i]
		c.BlocksW, c.BlocksH = mw*c.H, mh*c.V
		if n == 1 {
			c.BlocksW, c.BlocksH = mw, mh
		}
		c.Blocks = make([]Block, c.BlocksW*c.BlocksH)
		for j := range c.Blocks {
			b := &c.Blocks[j]
			b[0] = int16(rng.IntN(2048) - 1024)
			for k := 1; k < 64; k++ {
				if rng.Float64() < density*density {
					b[k] = int16(rng.IntN(2047) - 1023)
					if rng.IntN(2) == 0 {
						b[k] /= 64
					}
				}
			}
		}
	}
	if rng.IntN(3) == 0 {
		m.Segments = []Segment{{Marker: 0xE0 + byte(rng.IntN(16)), Data: data[:min(len(data), 100)]}}
	}
	if rng.IntN(3) == 0 {
		m.Trailer = data
	}
	opts := &EncodeOptions{Coding: Coding(rng.IntN(3))}
	switch rng.IntN(3) {
	case 0:
		opts.RestartInterval = 1 + rng.IntN(5)
	case 1:
		opts.RestartRows = 1 + rng.IntN(2)
	}
	if rng.IntN(2) == 0 {
		m.Process = Progressive
	}
	return m, opts
}

// FuzzEncode encodes random Images: Encode never panics; what it writes
// starts with SOI, has EOI before the trailer, and decodes back to the
// same Image.
func FuzzEncode(f *testing.F) {
	for i := range 8 {
		f.Add(binary.LittleEndian.AppendUint64(nil, uint64(i)))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, opts := wrRandImage(data)
		out, err := AppendEncode(nil, m, opts)
		if err != nil {
			t.Fatalf("Encode of a valid Image: %v", err)
		}
		if !bytes.HasPrefix(out, []byte{0xFF, 0xD8}) || !bytes.HasSuffix(out, append([]byte{0xFF, 0xD9}, m.Trailer...)) {
			t.Fatalf("no SOI or EOI")
		}
		back, err := DecodeBytes(out, nil)
		if err != nil {
			t.Fatalf("Decode: %v", err)
		}
		pad := wrPadAll
		if opts.Coding == CodingProgressive || opts.Coding == CodingAsImage && m.Process == Progressive {
			pad = wrPadDC
		}
		if blocks := 0; len(m.Components) > 1 {
			for _, c := range m.Components {
				blocks += c.H * c.V
			}
			if blocks > 10 {
				pad = wrPadNone // one scan per component
			}
		}
		if d := wrDiff(m, back, pad); d != "" {
			t.Fatalf("round trip differs: %s (%dx%d, %+v, comps %v)", d, m.Width, m.Height, *opts, wrGeom(m))
		}
		// Corrupt the Image in one place: an error or a file, never a panic.
		c := &m.Components[len(data)%len(m.Components)]
		switch len(data) % 4 {
		case 0:
			c.Blocks[0][1+len(data)%63] = 1024
		case 1:
			c.Blocks = c.Blocks[:len(c.Blocks)-1]
		case 2:
			c.H = 0
		case 3:
			m.Quant[c.Quant][0] = 0
		}
		if _, err := AppendEncode(nil, m, opts); err == nil {
			t.Fatalf("Encode of a broken Image succeeded")
		}
	})
}

func wrGeom(m *Image) (g [][3]int) {
	for _, c := range m.Components {
		g = append(g, [3]int{c.H, c.V, c.Quant})
	}
	return g
}
