package jpeg

import (
	"bytes"
	"context"
	"image"
	stdjpeg "image/jpeg"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/pixview/pixview/pixbuf"
)

// peBench is the 12 MP (4032x3024) photo-like RGB picture the encoder
// benchmarks share.
type peBench struct {
	v    pixbuf.View[uint8]
	size int
}

var peBenchOnce = sync.OnceValue(func() *peBench {
	const w, h = 4032, 3024
	v := pixbuf.New[uint8](h, w, 3)
	pix, _ := v.Samples()
	rng := rand.New(rand.NewPCG(12, 7))
	for y := range h {
		for x := range w {
			// Gradients, waves, hard edges and sensor-like noise.
			fx, fy := float64(x)/w, float64(y)/h
			base := 128 + 60*math.Sin(fx*7+fy*3) + 40*math.Cos(fy*11+float64(x%97)/31)
			if (x/37+y/23)%3 == 0 {
				base += 50
			}
			for c := range 3 {
				s := base + float64(c-1)*30*fx + rng.NormFloat64()*6
				pix[(y*w+x)*3+c] = uint8(max(0, min(255, s)))
			}
		}
	}
	return &peBench{v: v, size: w * h * 3}
})

func peBenchPhoto(b *testing.B) *peBench {
	b.Helper()
	return peBenchOnce()
}

// peShmDir returns a new directory on tmpfs (/dev/shm) when there is
// one, removed when the benchmark ends.
func peShmDir(b *testing.B) string {
	b.Helper()
	root := ""
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		root = "/dev/shm"
	}
	dir, err := os.MkdirTemp(root, "pixview-pixenc-bench")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// BenchmarkEncodePixels12MP times FromPixels+Encode of the 12 MP picture
// at quality 90 for each named sampling, and image/jpeg.Encode of the
// same pixels (an *image.RGBA, quality 90, which writes 4:2:0).
func BenchmarkEncodePixels12MP(b *testing.B) {
	p := peBenchPhoto(b)
	for _, s := range []string{"4:2:0", "4:4:4"} {
		b.Run(s, func(b *testing.B) {
			sm, _ := ParseSampling(s)
			opts := &PixelEncodeOptions{Quality: 90, Sampling: sm}
			b.SetBytes(int64(p.size))
			b.ReportAllocs()
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if _, err := EncodePixels(&buf, p.v, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("stdlib", func(b *testing.B) {
		img := peRGBA(p.v)
		b.SetBytes(int64(p.size))
		b.ReportAllocs()
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			if err := stdjpeg.Encode(&buf, img, &stdjpeg.Options{Quality: 90}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// peRGBA copies v into an *image.RGBA for image/jpeg.
func peRGBA(v pixbuf.View[uint8]) *image.RGBA {
	h, w, _ := v.Shape()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			i := y*img.Stride + 4*x
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = v.At(y, x, 0), v.At(y, x, 1), v.At(y, x, 2), 255
		}
	}
	return img
}

// BenchmarkEncodePixelsVsStdlib12MP times our encode (4:2:0, q90) and
// image/jpeg.Encode of the same pixels in alternation: x-stdlib is the
// median per-round ratio of image/jpeg's time to ours (above 1: we are
// faster), x-min and x-max its range.
func BenchmarkEncodePixelsVsStdlib12MP(b *testing.B) {
	p := peBenchPhoto(b)
	img := peRGBA(p.v)
	opts := &PixelEncodeOptions{Quality: 90}
	var ratios, cpuRatios []float64
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		c0 := wrCPUTime()
		t0 := time.Now()
		if _, err := EncodePixels(&buf, p.v, opts); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		c1 := wrCPUTime()
		buf.Reset()
		if err := stdjpeg.Encode(&buf, img, &stdjpeg.Options{Quality: 90}); err != nil {
			b.Fatal(err)
		}
		ratios = append(ratios, float64(time.Since(t1))/float64(t1.Sub(t0)))
		cpuRatios = append(cpuRatios, float64(wrCPUTime()-c1)/float64(c1-c0))
	}
	peReportRatios(b, ratios, "x-stdlib")
	slices.Sort(cpuRatios)
	b.ReportMetric(cpuRatios[len(cpuRatios)/2], "cpu-x-stdlib")
}

// BenchmarkEncodePixelsVsCjpeg12MP times whole jobs in alternation:
// ours reads the PPM file, encodes it (4:2:0, q90, the tables and
// sampling cjpeg uses) and writes the JPEG file to tmpfs; cjpeg -optimize
// -quality 90 -outfile does the same as a command. x-cjpeg is the median
// per-round ratio of our time to cjpeg's (below 1: we are faster), x-min
// and x-max its range; cpu-x-cjpeg the same ratio of CPU time (ours: the
// process's user+system time over the round, our goroutines included),
// the steadier figure on a loaded machine.
func BenchmarkEncodePixelsVsCjpeg12MP(b *testing.B) {
	p := peBenchPhoto(b)
	cjpeg := wrTool(b, "cjpeg")
	dir := peShmDir(b)
	ppm := filepath.Join(dir, "in.ppm")
	if err := os.WriteFile(ppm, pePNM(p.v), 0o644); err != nil {
		b.Fatal(err)
	}
	outC := filepath.Join(dir, "cjpeg.jpg")
	outP := filepath.Join(dir, "ours.jpg")
	opts := &PixelEncodeOptions{Quality: 90}
	var ratios, cpuRatios []float64
	for b.Loop() {
		c0 := wrCPUTime()
		t0 := time.Now()
		data, err := os.ReadFile(ppm)
		if err != nil {
			b.Fatal(err)
		}
		pix, w, h, ch, err := pdPNM(data)
		if err != nil {
			b.Fatal(err)
		}
		v, err := pixbuf.Wrap(pix, h, w, ch)
		if err != nil {
			b.Fatal(err)
		}
		f, err := os.Create(outP)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := EncodePixels(f, v, opts); err != nil {
			b.Fatal(err)
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		ours := wrCPUTime() - c0
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		cmd := exec.CommandContext(ctx, cjpeg, "-optimize", "-quality", "90", "-outfile", outC, ppm)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("cjpeg: %v: %s", err, out)
		}
		cancel()
		ratios = append(ratios, float64(t1.Sub(t0))/float64(time.Since(t1)))
		theirs := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		cpuRatios = append(cpuRatios, float64(ours)/float64(theirs))
	}
	peReportRatios(b, ratios, "x-cjpeg")
	slices.Sort(cpuRatios)
	b.ReportMetric(cpuRatios[len(cpuRatios)/2], "cpu-x-cjpeg")
}

// peReportRatios reports the median, smallest and largest of ratios.
func peReportRatios(b *testing.B, ratios []float64, unit string) {
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], unit)
	b.ReportMetric(ratios[0], "x-min")
	b.ReportMetric(ratios[len(ratios)-1], "x-max")
	b.ReportMetric(0, "ns/op")
}
