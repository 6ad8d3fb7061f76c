package jpeg

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// readBenchFile makes a 4032 x 3024 q90 4:2:0 JPEG with cjpeg from a
// synthetic photo and returns its path and bytes.
func readBenchFile(b *testing.B) (string, []byte) {
	b.Helper()
	cjpeg, err := exec.LookPath("cjpeg")
	if err != nil {
		if os.Getenv("CI") != "" {
			b.Fatal(err)
		}
		b.Skip(err)
	}
	dir := b.TempDir()
	ppm := filepath.Join(dir, "in.ppm")
	if err := os.WriteFile(ppm, photoPPM(4032, 3024, 9), 0o644); err != nil {
		b.Fatal(err)
	}
	jpg := filepath.Join(dir, "in.jpg")
	if out, err := exec.Command(cjpeg, "-quality", "90", "-outfile", jpg, ppm).CombinedOutput(); err != nil {
		b.Fatalf("cjpeg: %v: %s", err, out)
	}
	data, err := os.ReadFile(jpg)
	if err != nil {
		b.Fatal(err)
	}
	return jpg, data
}

// readJpegtranTime returns the median wall and CPU (user and system)
// time of jpegtran -copy all on the file, its whole work: read, entropy
// decode, entropy encode, write.
func readJpegtranTime(b *testing.B, path string) (wall, cpu time.Duration) {
	b.Helper()
	jt, err := exec.LookPath("jpegtran")
	if err != nil {
		return 0, 0
	}
	var walls, cpus []time.Duration
	for range 7 {
		cmd := exec.Command(jt, "-copy", "all", "-outfile", "/dev/shm/pixview-jpegtran-bench.jpg", path)
		start := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
		walls = append(walls, time.Since(start))
		cpus = append(cpus, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
	}
	os.Remove("/dev/shm/pixview-jpegtran-bench.jpg")
	slices.Sort(walls)
	slices.Sort(cpus)
	return walls[len(walls)/2], cpus[len(cpus)/2]
}

// BenchmarkDecode12MP reads every coefficient of a 12 MP q90 4:2:0
// photo, reporting the time against jpegtran -copy all on the same file
// measured in the same run (x-jpegtran: below 1 is faster than jpegtran's
// whole command, of which entropy decoding is about a third).
func BenchmarkDecode12MP(b *testing.B) {
	path, data := readBenchFile(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu0 := processCPU()
	for b.Loop() {
		if _, err := DecodeBytes(data, nil); err != nil {
			b.Fatal(err)
		}
	}
	reportJpegtranRatio(b, path, processCPU()-cpu0)
}

// BenchmarkDecodeProgressive12MP reads the same photo made progressive
// by jpegtran (cjpeg's default script: successive approximation, end-of-
// band runs), against jpegtran -copy all reading that file.
func BenchmarkDecodeProgressive12MP(b *testing.B) {
	path, _ := readBenchFile(b)
	jt := rdTool(b, "jpegtran")
	prog := path + ".progressive.jpg"
	if out, err := exec.Command(jt, "-progressive", "-copy", "all", "-outfile", prog, path).CombinedOutput(); err != nil {
		b.Fatalf("jpegtran: %v: %s", err, out)
	}
	data, err := os.ReadFile(prog)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu0 := processCPU()
	for b.Loop() {
		if _, err := DecodeBytes(data, nil); err != nil {
			b.Fatal(err)
		}
	}
	reportJpegtranRatio(b, prog, processCPU()-cpu0)
}

// BenchmarkDecoderRows12MP streams the same photo row by row from a
// reader into one reused iMCU row of blocks: the O(width) path.
func BenchmarkDecoderRows12MP(b *testing.B) {
	path, data := readBenchFile(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var dst [][]Block
	cpu0 := processCPU()
	for b.Loop() {
		dec, err := NewDecoder(bytes.NewReader(data), nil)
		if err != nil {
			b.Fatal(err)
		}
		if dst == nil {
			hd := dec.Header()
			for c := range hd.Components {
				dst = append(dst, make([]Block, hd.Components[c].BlocksW*hd.IMCUBlockRows(c)))
			}
		}
		for {
			err := dec.ReadIMCURow(dst)
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	reportJpegtranRatio(b, path, processCPU()-cpu0)
}

// reportJpegtranRatio reports the time per op against jpegtran's: wall
// time (x-jpegtran) and, on Unix, CPU time (cpu-x-jpegtran, steadier on
// a loaded machine; it counts the garbage collector's threads too).
func reportJpegtranRatio(b *testing.B, p string, cpu time.Duration) {
	b.Helper()
	wall, jcpu := readJpegtranTime(b, p)
	if wall == 0 {
		return
	}
	b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(wall), "x-jpegtran")
	b.ReportMetric(float64(wall.Microseconds())/1000, "jpegtran-ms")
	if cpu > 0 && jcpu > 0 {
		b.ReportMetric(float64(cpu)/float64(b.N)/float64(jcpu), "cpu-x-jpegtran")
	}
}
