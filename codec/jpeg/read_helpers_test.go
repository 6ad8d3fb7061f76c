package jpeg

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// rdTool returns the path of an outside tool, skipping the test when it
// is missing, or failing it under CI, which installs every tool.
func rdTool(tb testing.TB, name string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("%s is missing: %v", name, err)
		}
		tb.Skipf("%s is missing", name)
	}
	return p
}

// rdExec runs a tool with a timeout and returns its output, failing the
// test when it fails.
func rdExec(tb testing.TB, stdin []byte, name string, args ...string) []byte {
	tb.Helper()
	out, err := rdExecErr(stdin, rdTool(tb, name), args...)
	if err != nil {
		tb.Fatalf("%s %v: %v", name, args, err)
	}
	return out
}

func rdExecErr(stdin []byte, path string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%w: %s", err, stderr.Bytes())
	}
	return stdout.Bytes(), nil
}

// photoPPM returns a binary PPM of w x h pixels that looks enough like a
// photo to exercise every code length: smooth gradients, waves, edges
// and noise.
func photoPPM(w, h int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 7))
	out := fmt.Appendf(nil, "P6\n%d %d\n255\n", w, h)
	for y := range h {
		for x := range w {
			fx, fy := float64(x)/float64(max(w, 1)), float64(y)/float64(max(h, 1))
			base := 128 + 60*math.Sin(fx*7+fy*3) + 40*math.Cos(fy*11)
			if (x/37+y/23)%3 == 0 {
				base += 50 // hard edges
			}
			for c := range 3 {
				v := base + float64(c-1)*30*fx + rng.NormFloat64()*6
				out = append(out, uint8(max(0, min(255, v))))
			}
		}
	}
	return out
}

// rdFile is one test input: a name and the file's bytes.
type rdFile struct {
	name string
	data []byte
}

// rdMatrix makes the test matrix with cjpeg (and ImageMagick for CMYK):
// gray and every common sampling plus odd mixes, sizes from one block to
// several iMCUs with and without partial edges, baseline, optimized,
// progressive and restart intervals, 16-bit quantization tables (SOF1).
// By default it makes half the combinations of sampling, size and mode;
// with short every combination of one size, with PIXVIEW_JPEG_FULL set
// every combination of more sizes.
func rdMatrix(tb testing.TB, short bool) []rdFile {
	tb.Helper()
	rdTool(tb, "cjpeg")
	dir := tb.TempDir()
	// 4x4 luma has too many blocks for an interleaved MCU: those files
	// take scripts of non-interleaved scans, sequential or progressive.
	seqScript := filepath.Join(dir, "seq.txt")
	progScript := filepath.Join(dir, "prog.txt")
	for name, script := range map[string]string{
		seqScript:  "0;\n1;\n2;\n",
		progScript: "0: 0 0 0 1;\n1: 0 0 0 0;\n2: 0 0 0 0;\n0: 1 5 0 1;\n0: 6 63 0 0;\n1: 1 63 0 0;\n2: 1 63 0 0;\n0: 0 0 1 0;\n0: 1 5 1 0;\n",
	} {
		if err := os.WriteFile(name, []byte(script), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	samplings := []string{"gray", "gray2x2", "rgb", "4x4seq", "4x4prog", "1x1", "2x1", "2x2", "1x2", "4x1", "4x2", "2x2,1x1,2x1", "1x1,2x2,1x1", "3x2,1x1,1x1", "1x4,1x1,1x1"}
	sizes := [][2]int{{1, 1}, {17, 33}, {48, 32}}
	modes := [][]string{{"-quality", "90"}, {"-optimize", "-quality", "3"}, {"-progressive"}, {"-restart", "1", "-quality", "95"}, {"-restart", "1B", "-progressive"}}
	full := os.Getenv("PIXVIEW_JPEG_FULL") != ""
	switch {
	case short:
		sizes = sizes[1:2]
		full = true
	case full:
		sizes = append(sizes, [2]int{8, 8}, [2]int{127, 65}, [2]int{200, 150})
	}
	var files []rdFile
	for si, sz := range sizes {
		ppm := photoPPM(sz[0], sz[1], uint64(si))
		in := filepath.Join(dir, "in"+strconv.Itoa(si)+".ppm")
		if err := os.WriteFile(in, ppm, 0o644); err != nil {
			tb.Fatal(err)
		}
		for ssi, s := range samplings {
			for mi, mode := range modes {
				if !full && (si+ssi+mi)%2 == 1 {
					// Half the combinations, so that every
					// sampling meets every mode and size.
					continue
				}
				args := append([]string(nil), mode...)
				switch s {
				case "gray":
					args = append(args, "-grayscale")
				case "gray2x2": // sampling factors a gray frame ignores
					args = append(args, "-grayscale", "-sample", "2x2")
				case "rgb":
					args = append(args, "-rgb") // Adobe segment, no transform
				case "4x4seq":
					args = append(args, "-sample", "4x4,1x1,1x1", "-scans", seqScript)
				case "4x4prog":
					args = append(args, "-sample", "4x4,1x1,1x1", "-scans", progScript)
				default:
					args = append(args, "-sample", s)
				}
				out, err := rdExecErr(nil, rdTool(tb, "cjpeg"), append(args, in)...)
				if err != nil {
					tb.Fatalf("cjpeg %v: %v", args, err)
				}
				files = append(files, rdFile{fmt.Sprintf("%dx%d-%s-m%d", sz[0], sz[1], s, mi), out})
			}
		}
	}
	if p, err := exec.LookPath("convert"); err == nil {
		in := filepath.Join(dir, "in0.ppm")
		for _, q := range []string{"90", "40"} {
			out, err := rdExecErr(nil, p, in, "-colorspace", "CMYK", "-quality", q, "jpg:-")
			if err != nil {
				tb.Fatalf("convert: %v", err)
			}
			files = append(files, rdFile{"cmyk-q" + q, out})
		}
	} else if os.Getenv("CI") != "" {
		tb.Fatal("ImageMagick convert is missing")
	}
	return files
}

// rdRepoFiles returns the repository's sample JPEGs.
func rdRepoFiles(tb testing.TB) []rdFile {
	tb.Helper()
	names, err := filepath.Glob("../../testdata/*.jp*g")
	if err != nil || len(names) == 0 {
		tb.Fatalf("no sample JPEGs: %v", err)
	}
	var files []rdFile
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			tb.Fatal(err)
		}
		files = append(files, rdFile{filepath.Base(n), data})
	}
	return files
}

// markerWalk is a simple, independent walk of a JPEG file's markers: it
// returns the APPn and COM segments in order and the bytes after EOI.
func markerWalk(data []byte) (segs []Segment, trailer []byte, ok bool) {
	if len(data) < 2 || data[0] != 0xFF || data[1] != 0xD8 {
		return nil, nil, false
	}
	i := 2
	for i+1 < len(data) {
		if data[i] != 0xFF {
			return nil, nil, false
		}
		m := data[i+1]
		i += 2
		switch {
		case m == 0xFF:
			i-- // fill byte
			continue
		case m == 0xD9:
			if i < len(data) {
				trailer = data[i:]
			}
			return segs, trailer, true
		case m >= 0xD0 && m <= 0xD7:
			continue
		}
		if i+2 > len(data) {
			return nil, nil, false
		}
		n := int(data[i])<<8 | int(data[i+1])
		if i+n > len(data) {
			return nil, nil, false
		}
		if m >= 0xE0 && m <= 0xEF || m == 0xFE {
			segs = append(segs, Segment{m, data[i+2 : i+n]})
		}
		i += n
		if m == 0xDA {
			// Entropy-coded data runs to the next marker that is
			// neither a stuffed zero nor a restart marker.
			for i+1 < len(data) && !(data[i] == 0xFF && data[i+1] != 0 && (data[i+1] < 0xD0 || data[i+1] > 0xD7) && data[i+1] != 0xFF) {
				i++
			}
		}
	}
	return nil, nil, false
}

// sameCoefficients reports how a and b differ in what a lossless copy
// keeps: geometry, sampling, quantization tables and every coefficient.
func sameCoefficients(a, b *Image) error {
	if a.Width != b.Width || a.Height != b.Height || len(a.Components) != len(b.Components) {
		return fmt.Errorf("frame %dx%d/%d vs %dx%d/%d", a.Width, a.Height, len(a.Components), b.Width, b.Height, len(b.Components))
	}
	for i := range a.Components {
		ca, cb := &a.Components[i], &b.Components[i]
		// A gray frame's sampling factors mean nothing; jpegtran
		// writes 1x1.
		gray := len(a.Components) == 1
		if ca.ID != cb.ID || !gray && (ca.H != cb.H || ca.V != cb.V) || ca.BlocksW != cb.BlocksW || ca.BlocksH != cb.BlocksH {
			return fmt.Errorf("component %d: id %d %dx%d %dx%d blocks vs id %d %dx%d %dx%d blocks", i,
				ca.ID, ca.H, ca.V, ca.BlocksW, ca.BlocksH, cb.ID, cb.H, cb.V, cb.BlocksW, cb.BlocksH)
		}
		if *a.Quant[ca.Quant] != *b.Quant[cb.Quant] {
			return fmt.Errorf("component %d: quantization tables differ", i)
		}
		// Blocks beyond the edge are free for an encoder to choose
		// (jpegtran pads by copying); compare the blocks holding pixels.
		hmax, vmax := a.MaxSampling()
		if len(a.Components) == 1 {
			hmax, vmax = ca.H, ca.V
		}
		w, h := ca.CodedBlocks(a.Width, a.Height, hmax, vmax)
		for by := range h {
			for bx := range w {
				if *ca.Block(bx, by) != *cb.Block(bx, by) {
					return fmt.Errorf("component %d block (%d,%d): %v vs %v", i, bx, by, *ca.Block(bx, by), *cb.Block(bx, by))
				}
			}
		}
	}
	return nil
}

// idctPlane dequantizes and inverse-transforms component c with a slow
// double-precision IDCT (JPEG A.3.3), level-shifted and clamped: the
// samples djpeg computes with -dct float, within rounding.
func idctPlane(m *Image, ci int) (plane []uint8, w, h int) {
	c := &m.Components[ci]
	q := m.Quant[c.Quant]
	w, h = c.BlocksW*8, c.BlocksH*8
	plane = make([]uint8, w*h)
	var cs [8][8]float64
	for x := range 8 {
		for u := range 8 {
			cu := 1.0
			if u == 0 {
				cu = 1 / math.Sqrt2
			}
			cs[x][u] = cu * math.Cos(float64(2*x+1)*float64(u)*math.Pi/16) / 2
		}
	}
	for by := range c.BlocksH {
		for bx := range c.BlocksW {
			b := c.Block(bx, by)
			var f [64]float64
			for k := range 64 {
				f[k] = float64(b[k]) * float64(q[k])
			}
			for y := range 8 {
				for x := range 8 {
					s := 0.0
					for v := range 8 {
						for u := range 8 {
							s += cs[x][u] * cs[y][v] * f[v*8+u]
						}
					}
					plane[(by*8+y)*w+bx*8+x] = uint8(max(0, min(255, math.Round(s+128))))
				}
			}
		}
	}
	return plane, w, h
}

// readPGM parses a binary PGM as djpeg writes it.
func readPGM(data []byte) (pix []byte, w, h int, err error) {
	var maxv int
	n, err := fmt.Sscanf(string(data), "P5\n%d %d\n%d\n", &w, &h, &maxv)
	if err != nil || n != 3 || maxv != 255 {
		return nil, 0, 0, fmt.Errorf("not an 8-bit PGM: %v", err)
	}
	if len(data) < w*h {
		return nil, 0, 0, fmt.Errorf("short PGM")
	}
	return data[len(data)-w*h:], w, h, nil
}

// runtimeMem records the bytes allocated so far.
type runtimeMem struct{ total uint64 }

func (r *runtimeMem) read() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	r.total = ms.TotalAlloc
}
