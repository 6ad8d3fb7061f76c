package jpeg_test

// Benchmarks of the pixel decoder on a 12 MP (4032 x 3024) q90 4:2:0
// photo-like file that cjpeg makes in setup (on /dev/shm when there is
// one):
//
//   - BenchmarkDecodePixels12MP: the whole decode into a reused view, and
//     at 1/2 and 1/8;
//   - BenchmarkStdlibDecode12MP: image/jpeg.Decode plus codec.FromImage,
//     what pixview did before;
//   - BenchmarkPixelsVsStdlib12MP: both in alternation, as ratios.
//
// The comparison with djpeg is BenchmarkPixelsVsDjpeg12MP, in the
// package's internal tests.

import (
	"bytes"
	"context"
	"fmt"
	stdjpeg "image/jpeg"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/pixview/pixview/codec"
	"github.com/pixview/pixview/codec/jpeg"
	"github.com/pixview/pixview/pixbuf"
)

func pbTool(tb testing.TB, name string) string {
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

func pbRun(path string, args ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %v: %w: %s", path, args, err, stderr.Bytes())
	}
	return nil
}

// pbPhoto makes the 12 MP file and returns its directory and bytes.
func pbPhoto(b *testing.B) (dir string, data []byte) {
	b.Helper()
	cjpeg := pbTool(b, "cjpeg")
	root := ""
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		root = "/dev/shm"
	}
	dir, err := os.MkdirTemp(root, "pixview-pixdec-bench")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	const w, h = 4032, 3024
	rng := rand.New(rand.NewPCG(12, 7))
	ppm := fmt.Appendf(nil, "P6\n%d %d\n255\n", w, h)
	for y := range h {
		for x := range w {
			fx, fy := float64(x)/w, float64(y)/h
			base := 128 + 60*math.Sin(fx*7+fy*3) + 40*math.Cos(fy*11)
			if (x/37+y/23)%3 == 0 {
				base += 50
			}
			for c := range 3 {
				v := base + float64(c-1)*30*fx + rng.NormFloat64()*6
				ppm = append(ppm, uint8(max(0, min(255, v))))
			}
		}
	}
	in := filepath.Join(dir, "in.ppm")
	if err := os.WriteFile(in, ppm, 0o644); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(dir, "in.jpg")
	if err := pbRun(cjpeg, "-quality", "90", "-sample", "2x2", "-outfile", out, in); err != nil {
		b.Fatal(err)
	}
	os.Remove(in)
	data, err = os.ReadFile(out)
	if err != nil {
		b.Fatal(err)
	}
	return dir, data
}

func BenchmarkDecodePixels12MP(b *testing.B) {
	_, data := pbPhoto(b)
	for _, scale := range []int{1, 2, 8} {
		b.Run(fmt.Sprintf("1:%d", scale), func(b *testing.B) {
			opts := &jpeg.PixelOptions{Scale: scale}
			dec, err := jpeg.NewDecoderBytes(data, nil)
			if err != nil {
				b.Fatal(err)
			}
			h, w, c, err := dec.PixelSize(opts)
			if err != nil {
				b.Fatal(err)
			}
			dst := pixbuf.New[uint8](h, w, c)
			b.SetBytes(int64(h * w * c))
			b.ReportAllocs()
			for b.Loop() {
				dec, err := jpeg.NewDecoderBytes(data, nil)
				if err != nil {
					b.Fatal(err)
				}
				if err := dec.DecodeInto(dst, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkStdlibDecode12MP(b *testing.B) {
	_, data := pbPhoto(b)
	b.SetBytes(4032 * 3024 * 3)
	b.ReportAllocs()
	for b.Loop() {
		img, err := stdjpeg.Decode(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := codec.FromImage(img); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPixelsVsStdlib12MP times our whole decode against
// image/jpeg.Decode plus codec.FromImage in alternation: x-stdlib is the
// median per-round ratio of their time to ours (above 1: we are faster).
func BenchmarkPixelsVsStdlib12MP(b *testing.B) {
	_, data := pbPhoto(b)
	var ratios []float64
	for b.Loop() {
		t0 := time.Now()
		if _, _, err := jpeg.DecodePixelsBytes(data, nil); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		img, err := stdjpeg.Decode(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := codec.FromImage(img); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		ratios = append(ratios, float64(t2.Sub(t1))/float64(t1.Sub(t0)))
	}
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "x-stdlib")
	b.ReportMetric(ratios[0], "x-min")
	b.ReportMetric(ratios[len(ratios)-1], "x-max")
}
