package jpeg

import (
	"bytes"
	"context"
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
// detail (about 4 MB as a JPEG), built once: the FDCT takes seconds.
var wrBenchPhoto = sync.OnceValue(func() *Image {
	return wrSynth{w: 4032, h: 3024, sampling: [][2]int{{2, 2}, {1, 1}, {1, 1}}, quality: 90, noise: 8, adobe: -1, seed: 1}.make()
})

// BenchmarkEncode times the writer on a 12 MP q90 4:2:0 image, sequential
// and progressive, beside jpegtran -optimize (-progressive) -copy all on
// the same file in the same run: the whole jpegtran job (parse, decode
// the entropy-coded data, optimize, encode) against our encode alone.
func BenchmarkEncode(b *testing.B) {
	m := wrBenchPhoto()
	seq := wrEncode(b, m, nil)
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
				cmd.Stdin = bytes.NewReader(seq)
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
