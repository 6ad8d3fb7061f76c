package jpeg

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// How wrDiff compares the blocks past the coded area of a multi-component
// frame, which only interleaved scans code.
const (
	wrPadAll  = iota // every coefficient (sequential, one interleaved scan)
	wrPadDC          // the DC alone (progressive: AC scans are not interleaved)
	wrPadNone        // not at all (every scan non-interleaved)
)

// wrDiff describes the first difference between two Images, or returns
// "" when they agree; pad says how blocks past the coded area count.
func wrDiff(a, b *Image, pad int) string {
	if a.Width != b.Width || a.Height != b.Height || len(a.Components) != len(b.Components) {
		return fmt.Sprintf("frame %dx%d/%d vs %dx%d/%d", a.Width, a.Height, len(a.Components), b.Width, b.Height, len(b.Components))
	}
	if a.Quant != b.Quant {
		for i := range a.Quant {
			if (a.Quant[i] == nil) != (b.Quant[i] == nil) || a.Quant[i] != nil && *a.Quant[i] != *b.Quant[i] {
				return fmt.Sprintf("quantization table %d", i)
			}
		}
	}
	if len(a.Segments) != len(b.Segments) {
		return fmt.Sprintf("%d vs %d segments", len(a.Segments), len(b.Segments))
	}
	for i := range a.Segments {
		if a.Segments[i].Marker != b.Segments[i].Marker || !bytes.Equal(a.Segments[i].Data, b.Segments[i].Data) {
			return fmt.Sprintf("segment %d", i)
		}
	}
	if !bytes.Equal(a.Trailer, b.Trailer) {
		return "trailer"
	}
	hmax, vmax := a.MaxSampling()
	for i := range a.Components {
		ca, cb := &a.Components[i], &b.Components[i]
		if ca.ID != cb.ID || ca.H != cb.H || ca.V != cb.V || ca.Quant != cb.Quant || ca.BlocksW != cb.BlocksW || ca.BlocksH != cb.BlocksH {
			return fmt.Sprintf("component %d: %+v vs %+v", i, *ca, *cb)
		}
		cw, ch := ca.CodedBlocks(a.Width, a.Height, hmax, vmax)
		for by := range ca.BlocksH {
			for bx := range ca.BlocksW {
				x, y := ca.Block(bx, by), cb.Block(bx, by)
				if (bx >= cw || by >= ch) && len(a.Components) > 1 && pad != wrPadAll {
					if pad == wrPadDC {
						if x[0] != y[0] {
							return fmt.Sprintf("component %d padding block (%d,%d) DC %d vs %d", i, bx, by, x[0], y[0])
						}
					}
					continue
				}
				if *x != *y {
					return fmt.Sprintf("component %d block (%d,%d)", i, bx, by)
				}
			}
		}
	}
	return ""
}

// TestEncodeDecode: what Encode writes, Decode reads back exactly, in
// every sampling, sequential and progressive, with restart intervals,
// 16-bit tables, segments and a trailer.
func TestEncodeDecode(t *testing.T) {
	sizes := [][2]int{{1, 1}, {9, 17}, {67, 45}}
	for _, sm := range wrSamplings {
		for _, sz := range sizes {
			for _, c := range []Coding{CodingSequential, CodingProgressive} {
				for _, ri := range []int{0, 1, 7} {
					wide := ri == 7
					name := fmt.Sprintf("%s/%dx%d/%d/ri%d", sm.name, sz[0], sz[1], c, ri)
					t.Run(name, func(t *testing.T) {
						sy := wrSynth{w: sz[0], h: sz[1], sampling: sm.s, quality: 80, noise: 15, adobe: sm.adobe, seed: 3}
						if wide {
							sy.quality, sy.wide = 3, true
						}
						m := sy.make()
						m.Segments = append(m.Segments, Segment{Marker: 0xFE, Data: []byte("comment")}, Segment{Marker: 0xE1, Data: []byte("Exif\x00\x00")})
						m.Trailer = []byte{0xFF, 0xD8, 1, 2, 3}
						f := wrEncode(t, m, &EncodeOptions{Coding: c, RestartInterval: ri})
						got, err := DecodeBytes(f, nil)
						if err != nil {
							t.Fatalf("Decode: %v", err)
						}
						if d := wrDiff(m, got, wrPadAll); d != "" {
							t.Fatalf("round trip differs: %s", d)
						}
						want := Baseline
						switch {
						case c == CodingProgressive:
							want = Progressive
						case wide:
							want = Extended
						}
						if got.Process != want {
							t.Fatalf("Process %d, want %d", got.Process, want)
						}
						if ri != 0 && got.RestartInterval != ri {
							t.Fatalf("RestartInterval %d, want %d", got.RestartInterval, ri)
						}
					})
				}
			}
		}
	}
}

// wrFile is a JPEG file the re-encoding tests read.
type wrFile struct {
	name   string
	data   []byte
	libjpg bool // written by libjpeg: its edge padding is libjpeg's
}

// wrFiles returns the repository's sample JPEGs and a cjpeg matrix.
func wrFiles(t *testing.T) []wrFile {
	t.Helper()
	names, _ := filepath.Glob("../../testdata/*.jp*g")
	var files []wrFile
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, wrFile{name: filepath.Base(n), data: b})
	}
	wrTool(t, "cjpeg")
	dir := t.TempDir()
	sizes := [][2]int{{131, 77}}
	if wrLong() {
		sizes = [][2]int{{13, 7}, {131, 77}, {640, 480}}
	}
	for _, sz := range sizes {
		// A noisy pattern as PPM for cjpeg.
		m := wrSynth{w: sz[0], h: sz[1], sampling: [][2]int{{1, 1}, {1, 1}, {1, 1}}, quality: 100, noise: 30, adobe: -1, seed: 11}
		ppm := fmt.Appendf(nil, "P6\n%d %d\n255\n", sz[0], sz[1])
		for y := range sz[1] {
			for x := range sz[0] {
				ppm = append(ppm, byte(x*7+y), byte(x*y+int(m.seed)), byte(255-x-y*3))
			}
		}
		in := filepath.Join(dir, fmt.Sprintf("in%d.ppm", sz[0]))
		if err := os.WriteFile(in, ppm, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"gray", "1x1", "2x1", "2x2", "1x2", "4x1", "4x2"} {
			for mi, mode := range [][]string{{"-quality", "90"}, {"-progressive", "-quality", "60"}, {"-restart", "1", "-quality", "95"}} {
				args := append([]string(nil), mode...)
				if s == "gray" {
					args = append(args, "-grayscale")
				} else {
					args = append(args, "-sample", s)
				}
				out, _ := wrRun(t, nil, "cjpeg", append(args, in)...)
				files = append(files, wrFile{name: fmt.Sprintf("cjpeg-%dx%d-%s-m%d", sz[0], sz[1], s, mi), data: out, libjpg: true})
			}
		}
	}
	return files
}

// TestReencode reads real files (the repository's samples and cjpeg's)
// and writes them back sequential and progressive. djpeg decodes each
// to the same pixels as jpegtran -optimize (-progressive) -copy all of
// the input; for libjpeg's files the scans are byte-identical to
// jpegtran's; Decode gives back the coefficients; sizes are reported.
func TestReencode(t *testing.T) {
	wrTool(t, "jpegtran")
	wrTool(t, "djpeg")
	var ourSize, theirSize int
	for _, f := range wrFiles(t) {
		t.Run(f.name, func(t *testing.T) {
			m, err := DecodeBytes(f.data, nil)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			orig := wrDjpeg(t, f.data, "input")
			for _, c := range []Coding{CodingSequential, CodingProgressive} {
				// jpegtran drops the restart interval unless told; so does
				// this comparison.
				ours := wrEncode(t, m, &EncodeOptions{Coding: c, RestartInterval: -1})
				args := []string{"-optimize", "-copy", "all"}
				if c == CodingProgressive {
					args = append(args, "-progressive")
				}
				theirs, _ := wrRun(t, f.data, "jpegtran", args...)
				pix := wrDjpeg(t, ours, "ours")
				if !bytes.Equal(pix, wrDjpeg(t, theirs, "jpegtran's")) {
					t.Fatalf("coding %d: djpeg output differs from jpegtran's", c)
				}
				if !bytes.Equal(pix, orig) {
					t.Fatalf("coding %d: djpeg output differs from the input's", c)
				}
				if f.libjpg && !wrEqualScans(wrScanData(t, ours), wrScanData(t, theirs)) {
					t.Errorf("coding %d: scans differ from jpegtran's (%d vs %d bytes)", c, len(ours), len(theirs))
				}
				back, err := DecodeBytes(ours, nil)
				if err != nil {
					t.Fatalf("coding %d: Decode of ours: %v", c, err)
				}
				// What a progressive input left out past the edge stays out.
				pad := wrPadAll
				if c == CodingProgressive || m.Process == Progressive {
					pad = wrPadDC
				}
				if d := wrDiff(m, back, pad); d != "" {
					t.Fatalf("coding %d: round trip differs: %s", c, d)
				}
				ourSize += len(ours)
				theirSize += len(theirs)
			}
			// The default keeps the restart interval and the process.
			kept := wrEncode(t, m, nil)
			if !bytes.Equal(wrDjpeg(t, kept, "kept"), orig) {
				t.Fatalf("default options: djpeg output differs from the input's")
			}
			back, err := DecodeBytes(kept, nil)
			if err != nil || back.RestartInterval != m.RestartInterval || (back.Process == Progressive) != (m.Process == Progressive) {
				t.Fatalf("default options: restart %d -> %d, process %d -> %d (%v)", m.RestartInterval, back.RestartInterval, m.Process, back.Process, err)
			}
		})
	}
	r := float64(ourSize) / float64(theirSize)
	t.Logf("total size %d bytes against jpegtran's %d: %.4f", ourSize, theirSize, r)
	if r < 0.995 || r > 1.005 {
		t.Errorf("size ratio %.4f to jpegtran -optimize is beyond 0.5%%", r)
	}
}
