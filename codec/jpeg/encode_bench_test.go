package jpeg

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os/exec"
	"sync"
	"testing"
	"time"
)

// wrReportCPU reports CPU time per operation beside the wall-clock ns/op:
// on a loaded shared machine it is the steadier figure.
func wrReportCPU(b *testing.B, d time.Duration) {
	b.ReportMetric(float64(d.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// wrBenchPhoto is a 4032x3024 4:2:0 image at IJG quality 90 with photo-like
// detail, made once: with cjpeg (its coefficients read back with Decode)
// when cjpeg is there, else with the tests' own FDCT. The file it
// returns is the one jpegtran is timed on.
var wrBenchPhoto = sync.OnceValues(func() (*Image, []byte) {
	const w, h = 4032, 3024
	p, err := exec.LookPath("cjpeg")
	if err == nil {
		ppm := fmt.Appendf(nil, "P6\n%d %d\n255\n", w, h)
		rng := rand.New(rand.NewPCG(1, 2))
		for y := range h {
			for x := range w {
				// Gradients, waves, hard edges and sensor-like noise.
				fx, fy := float64(x)/w, float64(y)/h
				base := 128 + 60*math.Sin(fx*7+fy*3) + 40*math.Cos(fy*11+float64(x%97)/31)
				if (x/37+y/23)%3 == 0 {
					base += 50
				}
				for c := range 3 {
					v := base + float64(c-1)*30*fx + rng.NormFloat64()*6
					ppm = append(ppm, uint8(max(0, min(255, v))))
				}
			}
		}
		cmd := exec.Command(p, "-quality", "90", "-sample", "2x2")
		cmd.Stdin = bytes.NewReader(ppm)
		file, err := cmd.Output()
		if err == nil {
			m, err := DecodeBytes(file, nil)
			if err == nil {
				return m, file
			}
		}
	}
	m := wrSynth{w: w, h: h, sampling: [][2]int{{2, 2}, {1, 1}, {1, 1}}, quality: 90, noise: 8, adobe: -1, seed: 1}.make()
	file, _ := AppendEncode(nil, m, nil)
	return m, file
})

// BenchmarkEncode times the writer on a 12 MP q90 4:2:0 photo-like image,
// sequential and progressive, beside jpegtran -optimize (-progressive)
// -copy all on the same file in the same run: the whole jpegtran job
// (parse, decode the entropy-coded data, optimize, encode) against our
// encode alone. cpu-ms/op, the process's CPU time, is the steadier
// figure on a shared machine.
func BenchmarkEncode(b *testing.B) {
	m, file := wrBenchPhoto()
	seq := wrEncode(b, m, &EncodeOptions{Coding: CodingSequential})
	for _, c := range []struct {
		name string
		opts EncodeOptions
	}{{"sequential", EncodeOptions{}}, {"progressive", EncodeOptions{Coding: CodingProgressive}}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(seq)))
			b.ReportAllocs()
			var buf []byte
			cpu0 := wrCPUTime()
			for b.Loop() {
				var err error
				buf, err = AppendEncode(buf[:0], m, &c.opts)
				if err != nil {
					b.Fatal(err)
				}
			}
			wrReportCPU(b, wrCPUTime()-cpu0)
		})
	}
	prog := wrEncode(b, m, &EncodeOptions{Coding: CodingProgressive})
	for _, c := range []struct {
		name string
		args []string
		ours []byte
	}{
		{"jpegtran-optimize", []string{"-optimize", "-copy", "all"}, seq},
		{"jpegtran-optimize-progressive", []string{"-optimize", "-progressive", "-copy", "all"}, prog},
	} {
		b.Run(c.name, func(b *testing.B) {
			p := wrTool(b, "jpegtran")
			b.SetBytes(int64(len(seq)))
			var cpu time.Duration
			size := 0
			for b.Loop() {
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				cmd := exec.CommandContext(ctx, p, c.args...)
				cmd.Stdin = bytes.NewReader(file)
				var out countWriter
				cmd.Stdout = &out
				if err := cmd.Run(); err != nil {
					b.Fatal(err)
				}
				cancel()
				cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
				size = int(out)
			}
			wrReportCPU(b, cpu)
			// Our file's size against jpegtran's, same coefficients.
			b.ReportMetric(float64(len(c.ours))/float64(size), "ours/jpegtran-size")
		})
	}
}

// countWriter counts the bytes written to it.
type countWriter int

func (w *countWriter) Write(p []byte) (int, error) {
	*w += countWriter(len(p))
	return len(p), nil
}
