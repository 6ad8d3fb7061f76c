package jpeg

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// BenchmarkPixelsVsDjpeg12MP times our decode of the 12 MP q90 4:2:0
// photo (benchPhoto), with the PPM written to tmpfs, against
// `djpeg -dct int -outfile` on the same file (and both at 1/2 and 1/8), in
// alternation in the same run. It reports the median per-round ratio of
// wall times, x-djpeg, with its range, and the same for CPU time
// (cpu-x-djpeg), which is steadier on a shared machine. djpeg's time
// counts its process start, about a millisecond.
func BenchmarkPixelsVsDjpeg12MP(b *testing.B) {
	dir, in := benchPhoto(b)
	djpeg := rdTool(b, "djpeg")
	data, err := os.ReadFile(in)
	if err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(dir, "x.ppm")
	for _, scale := range []int{1, 2, 8} {
		b.Run(fmt.Sprintf("1:%d", scale), func(b *testing.B) {
			args := []string{"-dct", "int", "-outfile", out}
			if scale > 1 {
				args = append(args, "-scale", fmt.Sprintf("1/%d", scale))
			}
			args = append(args, in)
			opts := &PixelOptions{Scale: scale}
			var ratios, cpuRatios []float64
			for b.Loop() {
				t0, c0 := time.Now(), processCPU()
				if err := pdWritePPM(data, out, opts); err != nil {
					b.Fatal(err)
				}
				ta, ca := time.Since(t0), processCPU()-c0
				b.StopTimer()
				cmd := exec.Command(djpeg, args...)
				t1 := time.Now()
				if msg, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("djpeg: %v: %s", err, msg)
				}
				tb := time.Since(t1)
				cb := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
				ratios = append(ratios, float64(ta)/float64(tb))
				if ca > 0 && cb > 0 {
					cpuRatios = append(cpuRatios, float64(ca)/float64(cb))
				}
				b.StartTimer()
			}
			report := func(r []float64, unit string) {
				if len(r) == 0 {
					return
				}
				slices.Sort(r)
				b.ReportMetric(r[len(r)/2], unit)
				b.ReportMetric(r[0], unit+"-min")
				b.ReportMetric(r[len(r)-1], unit+"-max")
			}
			report(ratios, "x-djpeg")
			report(cpuRatios, "cpu-x-djpeg")
		})
	}
}

// pdWritePPM decodes data and writes a PPM to path, as djpeg -outfile does.
func pdWritePPM(data []byte, path string, opts *PixelOptions) error {
	v, _, err := DecodePixelsBytes(data, opts)
	if err != nil {
		return err
	}
	h, w, _ := v.Shape()
	s, _ := v.Samples()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	fmt.Fprintf(f, "P6\n%d %d\n255\n", w, h)
	if _, err := f.Write(s); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
