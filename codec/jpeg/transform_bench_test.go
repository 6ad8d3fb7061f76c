package jpeg

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pixview/pixview/pixbuf"
)

// The lossless transform of a 12 MP photo against jpegtran, run in turns.
//
//	taskset -c 0 env GOMAXPROCS=1 go test -run '^$' -bench TransformFile12MP -benchtime 15x ./codec/jpeg
//
// Each iteration times one whole TransformFile (read the file from
// tmpfs, decode, transform, encode, write it to tmpfs) and then, with the
// timer stopped, one run of jpegtran -optimize -copy all on the same file
// pinned to CPU 0 (taskset) when taskset exists. x-jpegtran is the median
// of the per-round ratios, x-min and x-max their range. jpegtran's time
// counts its process start (about a millisecond), ours does not.

// benchPhoto makes a 4032 x 3024 q90 4:2:0 photo-like JPEG with cjpeg on
// tmpfs when there is one, and returns its directory and path.
func benchPhoto(b *testing.B) (dir, path string) {
	b.Helper()
	cjpeg := ltTool(b, "cjpeg")
	root := ""
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		root = "/dev/shm"
	}
	dir, err := os.MkdirTemp(root, "pixview-jpeg-bench")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	ppm := filepath.Join(dir, "in.ppm")
	if err := os.WriteFile(ppm, ltPPM(4032, 3024, 12), 0o644); err != nil {
		b.Fatal(err)
	}
	path = filepath.Join(dir, "in.jpg")
	if _, err := ltExec(nil, cjpeg, "-quality", "90", "-sample", "2x2", "-outfile", path, ppm); err != nil {
		b.Fatal(err)
	}
	os.Remove(ppm)
	return dir, path
}

func BenchmarkTransformFile12MP(b *testing.B) {
	dir, path := benchPhoto(b)
	jt := ltTool(b, "jpegtran")
	pin := []string{}
	if ts, err := exec.LookPath("taskset"); err == nil {
		pin = []string{ts, "-c", "0"}
	}
	// The same coefficients in a progressive file, for the progressive
	// rows (jpegtran gets -progressive there, as the output stays
	// progressive on our side).
	prog := filepath.Join(dir, "prog.jpg")
	if _, err := ltExec(nil, jt, "-progressive", "-copy", "all", "-outfile", prog, path); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		o    pixbuf.Orientation
		args []string
	}{
		{"flip-h", pixbuf.FlipHorizontal, []string{"-flip", "horizontal"}},
		{"rotate-90", pixbuf.Rotate90, []string{"-rotate", "90"}},
		{"flip-h-progressive", pixbuf.FlipHorizontal, []string{"-flip", "horizontal", "-progressive"}},
		{"rotate-90-progressive", pixbuf.Rotate90, []string{"-rotate", "90", "-progressive"}},
	} {
		path := path
		if strings.HasSuffix(c.name, "-progressive") {
			path = prog
		}
		b.Run(c.name, func(b *testing.B) {
			outA, outB := filepath.Join(dir, "a.jpg"), filepath.Join(dir, "b.jpg")
			argv := append(append(append([]string(nil), pin...), jt), c.args...)
			argv = append(argv, "-optimize", "-copy", "all", "-outfile", outB, path)
			var ratios, cpuRatios []float64
			var jtTotal, jtCPU time.Duration
			for b.Loop() {
				start, cpu0 := time.Now(), trProcessCPU()
				if err := benchTransformFile(path, outA, c.o); err != nil {
					b.Fatal(err)
				}
				ta, ca := time.Since(start), trProcessCPU()-cpu0
				b.StopTimer()
				cmd := exec.Command(argv[0], argv[1:]...)
				start = time.Now()
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("jpegtran: %v: %s", err, out)
				}
				tb := time.Since(start)
				cb := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
				jtTotal += tb
				jtCPU += cb
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
			report(ratios, "x-jpegtran")
			// CPU time is steadier than wall time on a shared machine.
			report(cpuRatios, "cpu-x-jpegtran")
			b.ReportMetric(float64(jtTotal.Microseconds())/1000/float64(len(ratios)), "jpegtran-ms")
			b.ReportMetric(float64(jtCPU.Microseconds())/1000/float64(len(ratios)), "jpegtran-cpu-ms")
		})
	}
}

// benchTransformFile is the whole command's work: read, transform, write.
func benchTransformFile(in, out string, o pixbuf.Orientation) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	w, err := os.Create(out)
	if err != nil {
		return err
	}
	if _, err := TransformFile(w, f, &Request{Orientation: o}); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// BenchmarkTransformStages12MP times the stages of one TransformFile on
// the same photo: entropy decode (with parsing), the coefficient
// transform, entropy encode (with writing into memory), as milliseconds
// per stage.
func BenchmarkTransformStages12MP(b *testing.B) {
	_, path := benchPhoto(b)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	for _, o := range []pixbuf.Orientation{pixbuf.FlipHorizontal, pixbuf.Rotate90} {
		b.Run(o.String(), func(b *testing.B) {
			var dec, tr, enc, cdec, ctr, cenc time.Duration
			var buf []byte
			n := 0
			for b.Loop() {
				t0, c0 := time.Now(), trProcessCPU()
				m, err := DecodeBytes(data, nil)
				if err != nil {
					b.Fatal(err)
				}
				t1, c1 := time.Now(), trProcessCPU()
				out, err := transformOwned(m, o, nil, nil) // as TransformFile does
				if err != nil {
					b.Fatal(err)
				}
				t2, c2 := time.Now(), trProcessCPU()
				buf, err = AppendEncode(buf[:0], out, nil)
				if err != nil {
					b.Fatal(err)
				}
				t3, c3 := time.Now(), trProcessCPU()
				dec, tr, enc = dec+t1.Sub(t0), tr+t2.Sub(t1), enc+t3.Sub(t2)
				cdec, ctr, cenc = cdec+c1-c0, ctr+c2-c1, cenc+c3-c2
				n++
				runtime.KeepAlive(out)
			}
			ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(n) }
			b.ReportMetric(ms(dec), "decode-ms")
			b.ReportMetric(ms(tr), "transform-ms")
			b.ReportMetric(ms(enc), "encode-ms")
			b.ReportMetric(ms(cdec), "decode-cpu-ms")
			b.ReportMetric(ms(ctr), "transform-cpu-ms")
			b.ReportMetric(ms(cenc), "encode-cpu-ms")
			if !bytes.HasPrefix(buf, []byte{0xFF, 0xD8}) {
				b.Fatalf("output starts % x", buf[:2])
			}
		})
	}
}

// BenchmarkTransform12MP moves the coefficients of a synthetic 4032 x 3024
// 4:2:0 image (Transform, a new Image) for each orientation: the
// transform stage alone, with its allocation.
func BenchmarkTransform12MP(b *testing.B) {
	m := trRandImage(rand.New(rand.NewPCG(51, 52)), 4032, 3024, [][2]int{{2, 2}, {1, 1}, {1, 1}})
	blocks := 0
	for _, c := range m.Components {
		blocks += len(c.Blocks)
	}
	for _, o := range allOrientations {
		b.Run(o.String(), func(b *testing.B) {
			b.SetBytes(int64(blocks) * 128)
			for b.Loop() {
				if _, err := Transform(m, o, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBlockKernels moves 512 cache-resident blocks per op with the
// written-out moveBlock and with the table-driven reference kernels.
func BenchmarkBlockKernels(b *testing.B) {
	rng := rand.New(rand.NewPCG(53, 54))
	src := make([]Block, 512)
	for i := range src {
		for k := range src[i] {
			src[i][k] = int16(rng.IntN(200) - 100)
		}
	}
	dst := make([]Block, len(src))
	for _, o := range []pixbuf.Orientation{pixbuf.FlipHorizontal, pixbuf.Rotate90, pixbuf.Transverse} {
		b.Run("moveBlock/"+o.String(), func(b *testing.B) {
			for b.Loop() {
				for i := range src {
					moveBlock(&dst[i], &src[i], o)
				}
			}
		})
		b.Run("table/"+o.String(), func(b *testing.B) {
			k := &kernels[o]
			for b.Loop() {
				for i := range src {
					k.apply(&dst[i], &src[i])
				}
			}
		})
	}
}
