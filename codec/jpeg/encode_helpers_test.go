package jpeg

import (
	"bytes"
	"context"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"testing"
	"time"
)

// The writer's tests make their coefficients themselves: pixels of a
// smooth pattern with noise, a plain floating-point FDCT and quantization
// (test-only code, obviously correct rather than fast).

// wrSynth describes a synthetic image for the tests.
type wrSynth struct {
	w, h     int
	sampling [][2]int // H, V of each component
	quality  int      // IJG quality; below 10 with wide set, tables need 16 bits
	wide     bool     // keep table entries above 255 (16-bit DQT, SOF1)
	noise    float64  // amplitude of the per-pixel noise
	adobe    int      // Adobe APP14 transform to add, -1 for none
	seed     uint64
}

// wrScaledTable scales a base table to an IJG quality as cjpeg does,
// clamping to 255 unless wide.
func wrScaledTable(base *[64]uint16, quality int, wide bool) *QuantTable {
	scale := 200 - 2*quality
	if quality < 50 {
		scale = 5000 / quality
	}
	var q QuantTable
	for i, v := range base {
		t := (int(v)*scale + 50) / 100
		t = max(t, 1)
		if !wide {
			t = min(t, 255)
		}
		q[i] = uint16(min(t, 32767))
	}
	return &q
}

// wrCos[x][u] = C(u)/2 * cos((2x+1)uπ/16), the 1-D DCT basis.
var wrCos = func() (t [8][8]float64) {
	for x := range 8 {
		for u := range 8 {
			c := 1.0
			if u == 0 {
				c = 1 / math.Sqrt2
			}
			t[x][u] = c / 2 * math.Cos(float64(2*x+1)*float64(u)*math.Pi/16)
		}
	}
	return t
}()

// wrFDCT quantizes the 8x8 samples s (level-shifted inside) with q.
func wrFDCT(s *[64]float64, q *QuantTable, b *Block) {
	var tmp [64]float64
	for y := range 8 {
		for u := range 8 {
			var sum float64
			for x := range 8 {
				sum += (s[y*8+x] - 128) * wrCos[x][u]
			}
			tmp[y*8+u] = sum
		}
	}
	for v := range 8 {
		for u := range 8 {
			var sum float64
			for y := range 8 {
				sum += tmp[y*8+u] * wrCos[y][v]
			}
			b[v*8+u] = int16(math.Round(sum / float64(q[v*8+u])))
		}
	}
}

// make builds the Image: each component's samples at its own resolution,
// replicated past the edge to fill the padded block grid.
func (sy wrSynth) make() *Image {
	m := &Image{Width: sy.w, Height: sy.h}
	m.Quant[0] = wrScaledTable(&stdLumaQuant, sy.quality, sy.wide)
	if len(sy.sampling) > 1 {
		m.Quant[1] = wrScaledTable(&stdChromaQuant, sy.quality, sy.wide)
	}
	if sy.adobe >= 0 {
		m.Segments = append(m.Segments, Segment{Marker: 0xEE,
			Data: []byte{'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, byte(sy.adobe)}})
	}
	rng := rand.New(rand.NewPCG(sy.seed, 7))
	m.Components = make([]Component, len(sy.sampling))
	for i, hv := range sy.sampling {
		m.Components[i] = Component{ID: byte(i + 1), H: hv[0], V: hv[1]}
		if i > 0 && (len(sy.sampling) == 3 || sy.adobe == 2 && i < 3) {
			m.Components[i].Quant = 1
		}
	}
	hmax, vmax := m.MaxSampling()
	mw, mh := m.MCUs()
	for i := range m.Components {
		c := &m.Components[i]
		cw, ch := ceilDiv(sy.w*c.H, hmax), ceilDiv(sy.h*c.V, vmax)
		c.BlocksW, c.BlocksH = mw*c.H, mh*c.V
		if len(m.Components) == 1 {
			cw, ch = sy.w, sy.h
			c.BlocksW, c.BlocksH = mw, mh
		}
		pix := make([]float64, cw*ch)
		fx, fy := 0.05+0.03*float64(i), 0.04+0.02*float64(i)
		for y := range ch {
			for x := range cw {
				v := 128 + 70*math.Sin(float64(x)*fx+float64(y)*fy+float64(i)) +
					30*math.Cos(float64(x*y)*0.001) + sy.noise*(rng.Float64()*2-1)
				pix[y*cw+x] = max(0, min(255, math.Round(v)))
			}
		}
		c.Blocks = make([]Block, c.BlocksW*c.BlocksH)
		q := m.Quant[c.Quant]
		var s [64]float64
		for by := range c.BlocksH {
			for bx := range c.BlocksW {
				for y := range 8 {
					py := min(by*8+y, ch-1)
					for x := range 8 {
						px := min(bx*8+x, cw-1)
						s[y*8+x] = pix[py*cw+px]
					}
				}
				wrFDCT(&s, q, c.Block(bx, by))
			}
		}
		if len(m.Components) > 1 {
			wrDummyPadding(c, sy.w, sy.h, hmax, vmax)
		}
	}
	return m
}

// wrDummyPadding replaces the blocks of c past the image's edge by the dummy
// blocks libjpeg codes there (jccoefct.c, and jpegtran's jctrans.c): AC
// zero, DC that of the block before in MCU order (the left neighbour at
// the right edge, the last block of the MCU's row above at the bottom),
// so that scans compare byte for byte with jpegtran's.
func wrDummyPadding(c *Component, width, height, hmax, vmax int) {
	cw, ch := c.CodedBlocks(width, height, hmax, vmax)
	for by := range c.BlocksH {
		for bx := range c.BlocksW {
			if bx < cw && by < ch {
				continue
			}
			var dc int16
			if by < ch {
				dc = c.Block(bx-1, by)[0]
			} else {
				dc = c.Block(bx/c.H*c.H+c.H-1, by-1)[0]
			}
			*c.Block(bx, by) = Block{0: dc}
		}
	}
}

// wrLong reports whether the long test matrices run: WRITER_LONG=1 and
// not -short.
func wrLong() bool { return os.Getenv("WRITER_LONG") == "1" && !testing.Short() }

// tool returns the path of an outside program, skipping the test when it
// is missing, unless CI is set: CI installs them, so there it fails.
func wrTool(tb testing.TB, name string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("%s is required in CI: %v", name, err)
		}
		tb.Skipf("%s not installed", name)
	}
	return p
}

// run runs an outside program with input on stdin and a timeout,
// returning its stdout and stderr; it fails the test if the program fails.
func wrRun(tb testing.TB, input []byte, name string, args ...string) (stdout, stderr []byte) {
	tb.Helper()
	p := wrTool(tb, name)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, p, args...)
	cmd.Stdin = bytes.NewReader(input)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	if err := cmd.Run(); err != nil {
		tb.Fatalf("%s %v: %v: %s", name, args, err, e.Bytes())
	}
	return o.Bytes(), e.Bytes()
}

// djpeg decodes a JPEG file with djpeg to PNM and fails on any warning.
func wrDjpeg(tb testing.TB, file []byte, what string) []byte {
	tb.Helper()
	out, stderr := wrRun(tb, file, "djpeg", "-pnm")
	if len(stderr) != 0 {
		tb.Fatalf("%s: djpeg warns: %s", what, stderr)
	}
	return out
}

// wrEncode encodes m with opts or fails the test.
func wrEncode(tb testing.TB, m *Image, opts *EncodeOptions) []byte {
	tb.Helper()
	b, err := AppendEncode(nil, m, opts)
	if err != nil {
		tb.Fatalf("Encode: %v", err)
	}
	return b
}

// wrScanData returns the entropy-coded data of every scan of a JPEG file
// (restart markers included), to compare two encoders' scans byte for
// byte whatever their headers. It fails on a malformed marker sequence.
func wrScanData(tb testing.TB, f []byte) [][]byte {
	tb.Helper()
	var scans [][]byte
	i := 2
	for i+4 <= len(f) {
		if f[i] != 0xFF {
			tb.Fatalf("no marker at %d", i)
		}
		mk := f[i+1]
		if mk == 0xD9 {
			break
		}
		n := int(f[i+2])<<8 | int(f[i+3])
		i += 2 + n
		if mk != 0xDA {
			continue
		}
		j := i
		for j+1 < len(f) && (f[j] != 0xFF || f[j+1] == 0 || f[j+1] >= 0xD0 && f[j+1] <= 0xD7) {
			j++
		}
		scans = append(scans, f[i:j])
		i = j
	}
	return scans
}
