package main

import (
	"bufio"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// workload sizes the whole-command comparisons.
type workload struct {
	w, h           int // the single PPM and each batch PPM
	batchFiles     int
	frameW, frameH int // raw rgb24 frames
	frames         int
	jpegW, jpegH   int
	jpegFiles      int
	runs           int // timed runs of every command; the median is reported
	heavyRuns      int // timed runs of the batch and stream tasks, which take seconds each
}

// fullWorkload is the full mode's: 12 MP PPMs, as many as fit (up to the
// 100 the target names) in a third of the memory available, 100 frames of
// 1080p, 16 1080p JPEGs; five runs, three of the batch and the stream.
func fullWorkload() workload {
	wl := workload{w: 4000, h: 3000, batchFiles: 100, frameW: 1920, frameH: 1080, frames: 100,
		jpegW: 1920, jpegH: 1080, jpegFiles: 16, runs: 5, heavyRuns: 3}
	if avail := memAvailable(); avail > 0 {
		// The batch and cp's copy of it both live in tmpfs.
		fit := int(avail / 3 / int64(2*wl.w*wl.h*3))
		wl.batchFiles = max(4, min(wl.batchFiles, fit))
	}
	return wl
}

// quickWorkload is the quick mode's: small files, one run, to prove the
// commands work.
func quickWorkload() workload {
	return workload{w: 320, h: 240, batchFiles: 4, frameW: 320, frameH: 240, frames: 10,
		jpegW: 320, jpegH: 240, jpegFiles: 4, runs: 1, heavyRuns: 1}
}

// memAvailable returns MemAvailable from /proc/meminfo in bytes, or 0.
func memAvailable() int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "MemAvailable:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}

// scratchDir returns a new directory in tmpfs (/dev/shm) when there is one,
// so that whole commands are timed against memory, not a disk.
func scratchDir() (string, error) {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		if d, err := os.MkdirTemp("/dev/shm", "pixview-bench-"); err == nil {
			return d, nil
		}
	}
	return os.MkdirTemp("", "pixview-bench-")
}

// writePPM writes a binary P6 file of w x h pixels taken from raster.
func writePPM(path string, w, h int, raster []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintf(bw, "P6\n%d %d\n255\n", w, h)
	bw.Write(raster[:w*h*3])
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeJPEG writes a w x h photo-like JPEG: smooth gradients with a little
// noise, at quality 90.
func writeJPEG(path string, w, h int, seed uint64) error {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	n := noise(w*h, seed)
	for y := range h {
		for x := range w {
			d := n[y*w+x] >> 4
			img.SetNRGBA(x, y, color.NRGBA{uint8(x*255/w) + d, uint8(y*255/h) + d, uint8((x+y)*127/(w+h)) + d, 255})
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := jpeg.Encode(f, img, &jpeg.Options{Quality: 90}); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// noise returns n deterministic pseudo-random bytes (xorshift64*).
func noise(n int, seed uint64) []byte {
	buf := make([]byte, n)
	x := seed | 1
	for i := range buf {
		if i%8 == 0 {
			x ^= x >> 12
			x ^= x << 25
			x ^= x >> 27
		}
		buf[i] = byte((x * 0x2545F4914F6CDD1D) >> (8 * (i % 8)))
	}
	return buf
}

// prepare writes the inputs of every task under dir and returns the specs
// to time, pixtool being the built binary (or "" if it did not build), and
// a sentence describing each task.
func prepare(dir string, wl workload, pixtool string) ([]cmdSpec, map[string]string, error) {
	p := func(name string) string { return filepath.Join(dir, name) }
	img := int64(wl.w * wl.h * 3)
	raster := noise(int(img), 1)
	if err := writePPM(p("one.ppm"), wl.w, wl.h, raster); err != nil {
		return nil, nil, err
	}
	if err := writePPM(p("one-inplace.ppm"), wl.w, wl.h, raster); err != nil {
		return nil, nil, err
	}
	if err := os.Mkdir(p("batch"), 0o755); err != nil {
		return nil, nil, err
	}
	for i := range wl.batchFiles {
		if err := writePPM(p(fmt.Sprintf("batch/%03d.ppm", i)), wl.w, wl.h, raster); err != nil {
			return nil, nil, err
		}
	}
	if err := os.WriteFile(p("frames.raw"), noise(wl.frameW*wl.frameH*3*wl.frames, 9), 0o644); err != nil {
		return nil, nil, err
	}
	if err := os.Mkdir(p("jpegs"), 0o755); err != nil {
		return nil, nil, err
	}
	for i := range wl.jpegFiles {
		if err := writeJPEG(p(fmt.Sprintf("jpegs/%03d.jpg", i)), wl.jpegW, wl.jpegH, uint64(i+1)); err != nil {
			return nil, nil, err
		}
	}
	if pixtool == "" {
		pixtool = "pixtool-did-not-build"
	}
	// The in-place commands change their inputs: each run starts from the
	// pixels the first one saw, written afresh (untimed) before it.
	restoreOne := func() error { return writePPM(p("one-inplace.ppm"), wl.w, wl.h, raster) }
	restoreBatch := func() error {
		for i := range wl.batchFiles {
			if err := writePPM(p(fmt.Sprintf("batch/%03d.ppm", i)), wl.w, wl.h, raster); err != nil {
				return err
			}
		}
		return nil
	}
	one := fmt.Sprintf("flip-ppm: one %dx%d P6 file (%.0f MB), mirrored left to right", wl.w, wl.h, float64(img)/1e6)
	batch := fmt.Sprintf("batch-ppm: %d P6 files of %dx%d (%.0f MB in all), mirrored in place", wl.batchFiles, wl.w, wl.h, float64(img)*float64(wl.batchFiles)/1e6)
	rawBytes := int64(wl.frameW * wl.frameH * 3 * wl.frames)
	size := fmt.Sprintf("%dx%d", wl.frameW, wl.frameH)
	raw := fmt.Sprintf("raw-stream: %d rgb24 frames of %s (%.0f MB) from a tmpfs file to /dev/null", wl.frames, size, float64(rawBytes)/1e6)
	jobs := fmt.Sprintf("jobs-scaling: %d JPEGs of %dx%d, flipped into a new directory", wl.jpegFiles, wl.jpegW, wl.jpegH)
	taskDoc := map[string]string{"flip-ppm": one, "batch-ppm": batch, "raw-stream": raw, "jobs-scaling": jobs}
	jpegBytes := int64(wl.jpegW * wl.jpegH * 3 * wl.jpegFiles)
	specs := []cmdSpec{
		{task: "flip-ppm", tool: "pixtool", argv: []string{pixtool, "flip", "--horizontal", "--in-place", "--quiet", p("one-inplace.ppm")}, reset: restoreOne, bytes: img},
		{task: "flip-ppm", tool: "pixtool --out", argv: []string{pixtool, "flip", "--horizontal", "--quiet", "--out", p("out-pixtool"), p("one.ppm")}, reset: removeAll(p("out-pixtool")), bytes: img},
		{task: "flip-ppm", tool: "cp", argv: []string{"cp", p("one.ppm"), p("out-cp.ppm")}, reset: removeAll(p("out-cp.ppm")), bytes: img},
		{task: "flip-ppm", tool: "convert", argv: []string{"convert", p("one.ppm"), "-flop", p("out-convert.ppm")}, reset: removeAll(p("out-convert.ppm")), bytes: img},
		{task: "flip-ppm", tool: "vips", argv: []string{"vips", "flip", p("one.ppm"), p("out-vips.ppm"), "horizontal"}, reset: removeAll(p("out-vips.ppm")), bytes: img},
		{task: "flip-ppm", tool: "pamflip", argv: []string{"pamflip", "-lr", p("one.ppm")}, stdout: p("out-pamflip.ppm"), reset: removeAll(p("out-pamflip.ppm")), bytes: img},
		{task: "flip-ppm", tool: "ffmpeg", argv: []string{"ffmpeg", "-nostdin", "-v", "error", "-y", "-i", p("one.ppm"), "-vf", "hflip", "-frames:v", "1", "-update", "1", p("out-ffmpeg.ppm")}, reset: removeAll(p("out-ffmpeg.ppm")), bytes: img},
		{task: "batch-ppm", tool: "pixtool", runs: wl.heavyRuns, argv: []string{pixtool, "flip", "--horizontal", "--in-place", "--quiet", p("batch")}, reset: restoreBatch, bytes: img * int64(wl.batchFiles)},
		{task: "batch-ppm", tool: "cp", runs: wl.heavyRuns, argv: []string{"cp", "-r", p("batch"), p("batch-cp")}, reset: removeAll(p("batch-cp")), bytes: img * int64(wl.batchFiles)},
		{task: "raw-stream", tool: "pixtool", runs: wl.heavyRuns, argv: []string{pixtool, "flip", "--horizontal", "--quiet", "--raw", size}, stdin: p("frames.raw"), bytes: rawBytes},
		{task: "raw-stream", tool: "ffmpeg", runs: wl.heavyRuns, argv: []string{"ffmpeg", "-nostdin", "-v", "error", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", size, "-i", "pipe:0", "-vf", "hflip", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"}, stdin: p("frames.raw"), bytes: rawBytes},
		{task: "raw-stream", tool: "cat", runs: wl.heavyRuns, argv: []string{"cat"}, stdin: p("frames.raw"), bytes: rawBytes},
		{task: "jobs-scaling", tool: "pixtool --jobs 1", argv: []string{pixtool, "flip", "--horizontal", "--quiet", "--jobs", "1", "--out", p("jobs1"), p("jpegs")}, reset: removeAll(p("jobs1")), bytes: jpegBytes},
		{task: "jobs-scaling", tool: "pixtool --jobs 2", argv: []string{pixtool, "flip", "--horizontal", "--quiet", "--jobs", "2", "--out", p("jobs2"), p("jpegs")}, reset: removeAll(p("jobs2")), bytes: jpegBytes},
	}
	return specs, taskDoc, nil
}
