package main

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/image/tiff"

	"github.com/pixview/pixview/pixbuf"
)

// TestBudgetUlimit runs a batch of large 16-bit PNGs (4096x4096 RGBA, 128
// MB of pixels each, 160 kB on disk) six at once under ulimit -v, twice:
// with the default budget, taken from RLIMIT_AS, every file must be done
// — the files take turns — and with the budget out of the way
// (--max-memory 1T), the same batch must die with Go's "fatal error: out
// of memory", as two such files killed a batch in issue #16. The second
// run is the proof that the limit is one where the budget is what saves
// the run; without it the first would pass whatever the budget did.
//
// The limit: pixtool maps some 1.6 GB of address space before it reads a
// file (the Go runtime's page-allocator reservations, some 1.1 GB, and
// glibc's 64 MB malloc arena per cgo thread), which the budget takes off
// RLIMIT_AS before it halves the rest. At 3.5 GB the budget is 7/16 of
// (3.58 - 1.64) GB = 850 MB: one file (estimated at 672 MB) at a time, at
// 3.18 GB it would be less than one file. Each file in flight adds about
// 0.45 GB of address space, so six at once need some 4.3 GB, one at a time
// 2.6 GB. GOMAXPROCS=2 keeps the thread count, and so the arenas, the same
// on a machine with more CPUs.
func TestBudgetUlimit(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes six 128 MB images under ulimit -v, twice")
	}
	dir := t.TempDir()
	const files = 6
	var names []string
	for i := range files {
		n := "big" + strconv.Itoa(i) + ".png"
		bigPNG(t, filepath.Join(dir, n), 4096, 4096)
		names = append(names, n)
	}
	const limitKB = 3500000
	run := func(extra ...string) (code int, s summary, stdout, stderr string) {
		t.Helper()
		script := fmt.Sprintf(`ulimit -v %d && exec "$0" "$@"`, limitKB)
		args := append([]string{"-c", script, binary, "flip", "--horizontal", "--in-place", "--jobs", strconv.Itoa(files), "--json"}, extra...)
		cmd := exec.Command("/bin/sh", append(args, names...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOMAXPROCS=2", "GOMEMLIMIT=off", "GOGC=100")
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		_ = unmarshalSummary(out.Bytes(), &s)
		return code, s, out.String(), errb.String()
	}

	// The control first. It leaves each file whole (old or flipped) and
	// perhaps orphan temporary files, which the second run's batch start
	// removes.
	code, _, _, stderr := run("--max-memory", "1T")
	if code != 2 || !strings.Contains(stderr, "fatal error: out of memory") {
		t.Fatalf("without the budget, under ulimit -v %d: exit %d, want 2 with \"fatal error: out of memory\" — "+
			"the limit no longer shows that the budget is what saves the run:\n%.1000s", limitKB, code, stderr)
	}

	code, s, _, stderr := run()
	if strings.Contains(stderr, "fatal error") || strings.Contains(stderr, "goroutine ") || code != 0 {
		t.Fatalf("with the budget, under ulimit -v %d: exit %d:\n%.2000s", limitKB, code, stderr)
	}
	t.Logf("with the budget: exit %d, %d done, %d failed: %v", code, s.Done, s.Failed, s.Failures)
	if s.Done != files {
		t.Errorf("summary %+v: every file must be done", s)
	}
	if tmp := temps(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

// peakRSS runs pixtool with args in dir and returns its peak resident set
// in bytes, as GNU time reports it. Not the rusage of a child of this
// process: os/exec starts children with vfork, and the kernel counts the
// parent's resident set (this test's images) in the child's peak until it
// execs.
func peakRSS(t *testing.T, dir string, args ...string) int64 {
	t.Helper()
	cmd := exec.Command("/usr/bin/time", append([]string{"-f", "%M", binary}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("pixtool %v: %v\n%s", args, err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	kb, err := strconv.ParseInt(lines[len(lines)-1], 10, 64)
	if err != nil {
		t.Fatalf("GNU time printed %q", out)
	}
	return kb << 10
}

// memCase is one path whose peak memory per pixel is measured.
type memCase struct {
	name  string
	ext   string
	write func(t *testing.T, path string, w, h int)
	args  []string
	// est is the budget's estimate for a w x h file of this case.
	est func(w, h int, fileSize int64) int64
}

// memCases are the formats and paths of the table in README.
func memCases(fmts formats) []memCase {
	flip := transform{orient: pixbuf.FlipHorizontal}
	est := func(c imageInfo, rt route, in, out string) func(w, h int, size int64) int64 {
		return func(w, h int, size int64) int64 {
			c.Width, c.Height = w, h
			return workingMemory(c, rt, flip, fmts.lookup(in), fmts.lookup(out), size)
		}
	}
	noise := func(w, h int, deep bool) image.Image {
		if deep {
			m := image.NewNRGBA64(image.Rect(0, 0, w, h))
			for i := range m.Pix {
				m.Pix[i] = uint8(i * 7 >> 3)
			}
			return m
		}
		m := image.NewNRGBA(image.Rect(0, 0, w, h))
		for i := range m.Pix {
			m.Pix[i] = uint8(i * 7 >> 3)
			if i%4 == 3 {
				m.Pix[i] = 255
			}
		}
		return m
	}
	pnm := func(bits int) func(t *testing.T, path string, w, h int) {
		return func(t *testing.T, path string, w, h int) { writePNM(t, path, pattern(w, h, 3, bits), "P6") }
	}
	// A tiny image, then the w x h one: the format's transform takes the
	// file, and the estimate must follow its largest image.
	pnmTwo := func(t *testing.T, path string, w, h int) {
		writePNM(t, path+".1", pattern(4, 4, 3, 8), "P6")
		writePNM(t, path+".2", pattern(w, h, 3, 8), "P6")
		if err := os.WriteFile(path, append(readFile(t, path+".1"), readFile(t, path+".2")...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	enc := func(f func(*bytes.Buffer, image.Image) error, deep bool) func(t *testing.T, path string, w, h int) {
		return func(t *testing.T, path string, w, h int) {
			var b bytes.Buffer
			if err := f(&b, noise(w, h, deep)); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	pngEnc := func(b *bytes.Buffer, m image.Image) error { return png.Encode(b, m) }
	tiffEnc := func(b *bytes.Buffer, m image.Image) error { return tiff.Encode(b, m, nil) }
	jpegEnc := func(b *bytes.Buffer, m image.Image) error { return jpeg.Encode(b, m, &jpeg.Options{Quality: 90}) }
	ip := []string{"flip", "--horizontal", "--in-place", "-q", "--jobs", "1"}
	return []memCase{
		{"PPM 8-bit", ".ppm", pnm(8), ip, est(imageInfo{Channels: 3, Depth: 8}, routeRaster, "ppm", "ppm")},
		{"PPM 16-bit", ".ppm", pnm(16), ip, est(imageInfo{Channels: 3, Depth: 16}, routeRaster, "ppm", "ppm")},
		{"PPM, two images", ".ppm", pnmTwo, ip, est(imageInfo{Channels: 3, Depth: 8}, routeTransform, "ppm", "ppm")},
		{"PNG 8-bit RGBA", ".png", enc(pngEnc, false), ip, est(imageInfo{Channels: 4, Depth: 8}, routeDecode, "png", "png")},
		{"PNG 16-bit RGBA", ".png", enc(pngEnc, true), ip, est(imageInfo{Channels: 4, Depth: 16}, routeDecode, "png", "png")},
		{"TIFF 8-bit RGBA", ".tif", enc(tiffEnc, false), ip, est(imageInfo{Channels: 4, Depth: 8}, routeDecode, "tiff", "tiff")},
		{"TIFF 16-bit RGBA", ".tif", enc(tiffEnc, true), ip, est(imageInfo{Channels: 4, Depth: 16}, routeDecode, "tiff", "tiff")},
		{"JPEG lossless", ".jpg", enc(jpegEnc, false), ip, est(imageInfo{Channels: 3, Depth: 8}, routeTransform, "jpeg", "jpeg")},
		{"JPEG decoded (--quality 90)", ".jpg", enc(jpegEnc, false), append(ip[:len(ip):len(ip)], "--quality", "90"), est(imageInfo{Channels: 3, Depth: 8}, routeDecode, "jpeg", "jpeg")},
	}
}

// TestWorkingMemoryBounds measures the peak resident memory per pixel of
// each format and path — the slope between a 1 MP and a 9 MP image of one
// whole pixtool process, which leaves out what the process holds anyway
// — and checks that the budget's estimate is not below it, nor more than
// four times it. It runs in CI or with PIXVIEW_MEMORY_TABLE=1, which also
// prints the table README shows.
func TestWorkingMemoryBounds(t *testing.T) {
	if os.Getenv("CI") == "" && os.Getenv("PIXVIEW_MEMORY_TABLE") == "" {
		t.Skip("measures whole runs of pixtool on 9 MP images: set PIXVIEW_MEMORY_TABLE=1 (CI runs it)")
	}
	if _, err := os.Stat("/usr/bin/time"); err != nil {
		t.Skip("GNU time (/usr/bin/time) is not installed")
	}
	dir := t.TempDir()
	const w1, w2 = 1024, 3072
	var rows []string
	for _, c := range memCases(defaultFormats()) {
		var rss, est [2]int64
		for i, w := range []int{w1, w2} {
			p := filepath.Join(dir, "m"+strconv.Itoa(w)+c.ext)
			c.write(t, p, w, w)
			fi := stat(t, p)
			rss[i] = peakRSS(t, dir, append(c.args, filepath.Base(p))...)
			est[i] = c.est(w, w, fi.Size())
		}
		px := float64(w2*w2 - w1*w1)
		measured := float64(rss[1]-rss[0]) / px
		estimated := float64(est[1]-est[0]) / px
		rows = append(rows, fmt.Sprintf("| %s | %.1f | %.1f |", c.name, measured, estimated))
		// A quarter of a byte a pixel (2 MB over the 8 MP between the two
		// sizes) is the noise of a Go process's peak RSS: a streamed
		// format that holds no image measures a little above its 0.
		if estimated < measured-0.25 || estimated > 4*measured+2 {
			t.Errorf("%s: peak %.1f bytes a pixel, the budget estimates %.1f", c.name, measured, estimated)
		}
	}
	if os.Getenv("PIXVIEW_MEMORY_TABLE") != "" {
		fmt.Println("| format, path | peak bytes/pixel (measured) | budget's estimate |")
		fmt.Println("|---|---|---|")
		fmt.Println(strings.Join(rows, "\n"))
	}
	t.Log("\n" + strings.Join(rows, "\n"))
}
