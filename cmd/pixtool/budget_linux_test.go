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
// MB of pixels each, a few hundred kB on disk) under ulimit -v, several
// at once: the default budget, taken from RLIMIT_AS, makes them take turns
// instead of running the process out of address space — per-file errors
// at worst, never Go's "fatal error: out of memory" (issue #16: two such
// files killed a batch with exit 2).
func TestBudgetUlimit(t *testing.T) {
	dir := t.TempDir()
	var names []string
	for i := range 3 {
		n := "big" + strconv.Itoa(i) + ".png"
		bigPNG(t, filepath.Join(dir, n), 4096, 4096)
		names = append(names, n)
	}
	// 3.2 GB of address space: pixtool takes some 1.7 GB of it idle (cgo's
	// threads and malloc arenas), the rest holds one such file at a time
	// (the budget's estimate is 640 MB each) but not three.
	const limitKB = 3200000
	script := fmt.Sprintf(`ulimit -v %d && exec "$0" "$@"`, limitKB)
	cmd := exec.Command("/bin/sh", append([]string{"-c", script, binary, "flip", "--horizontal", "--in-place", "--jobs", "3", "--json"}, names...)...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stderr.String(), "fatal error") || strings.Contains(stderr.String(), "goroutine ") || code > 1 || code < 0 {
		t.Fatalf("exit %d under ulimit -v %d:\n%.2000s", code, limitKB, stderr.String())
	}
	var s summary
	if err := unmarshalSummary(stdout.Bytes(), &s); err != nil {
		t.Fatalf("no summary (%v):\n%s", err, stderr.String())
	}
	t.Logf("exit %d, %d done, %d failed: %v", code, s.Done, s.Failed, s.Failures)
	if s.Done+s.Failed != len(names) {
		t.Errorf("summary %+v: every file must be done or failed", s)
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
