package main

import (
	"bufio"
	"errors"
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
	jpegW, jpegH   int // the JPEGs of the jobs-scaling task
	jpegFiles      int
	jobCPUs        []int // two CPUs --jobs 2 runs on, to time one job on each (jobsTarget); nil for none
	photoW, photoH int   // the photo of the JPEG tasks (issues 13 and 14)
	photoBatch     int   // copies of the photo in the batch task
	s3Objects      int   // objects of the storage task (issue 17)
	diskDir        string
	runs           int // timed runs of every command; the median is reported
	heavyRuns      int // timed runs of the batch and stream tasks, which take seconds each
}

// fullWorkload is the full mode's: 12 MP PPMs, eight in the in-place batch
// (issue 16's, fewer if they do not fit in a third of the memory
// available), 100 frames of 1080p, 16 1080p JPEGs, a 4032x3024 photo and a
// batch of 30 of them; five runs, three of the batch and the stream.
func fullWorkload() workload {
	wl := workload{w: 4000, h: 3000, batchFiles: 8, frameW: 1920, frameH: 1080, frames: 100,
		jpegW: 1920, jpegH: 1080, jpegFiles: 16, photoW: 4032, photoH: 3024, photoBatch: 30, s3Objects: 16,
		diskDir: diskParent(), runs: 5, heavyRuns: 3}
	if avail := memAvailable(); avail > 0 {
		// The batch and cp's copy of it both live in tmpfs.
		fit := int(avail / 3 / int64(2*wl.w*wl.h*3))
		wl.batchFiles = max(2, min(wl.batchFiles, fit))
	}
	return wl
}

// quickWorkload is the quick mode's: small files, one run, to prove the
// commands work.
func quickWorkload() workload {
	return workload{w: 320, h: 240, batchFiles: 4, frameW: 320, frameH: 240, frames: 10,
		jpegW: 320, jpegH: 240, jpegFiles: 4, photoW: 320, photoH: 240, photoBatch: 3, s3Objects: 3,
		diskDir: diskParent(), runs: 1, heavyRuns: 1}
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

// diskParent returns a directory on a disk file system (not tmpfs) for
// issue 16's batch on disk: /var/tmp, else the system's temporary
// directory; "" when neither is known to be on a disk.
func diskParent() string {
	for _, d := range []string{"/var/tmp", os.TempDir()} {
		if onDisk(d) {
			return d
		}
	}
	return ""
}

// plan is what prepare makes: the commands to time, in task order, a
// sentence describing each task, and what to undo afterwards.
type plan struct {
	specs   []cmdSpec
	tasks   map[string]string
	closers []func() error
}

// close removes what the plan made outside the scratch directory and stops
// what it started.
func (p *plan) close() error {
	var errs []error
	for i := len(p.closers) - 1; i >= 0; i-- {
		errs = append(errs, p.closers[i]())
	}
	return errors.Join(errs...)
}

// add appends a task: its description and its commands, the reference the
// task's ratios are taken to first.
func (p *plan) add(task, doc string, specs ...cmdSpec) {
	p.tasks[task] = doc
	for _, s := range specs {
		s.task = task
		p.specs = append(p.specs, s)
	}
}

// binaries are the pixtool builds the commands run: the default one, and
// one with the cloud storage drivers (-tags cloud) for the storage task.
// A path is "" when that build failed.
type binaries struct {
	pixtool, pixtoolCloud string
}

// prepare writes the inputs of every task under dir (and wl.diskDir) and
// returns the plan. A pixtool that did not build makes its rows fail. A
// task whose inputs an outside tool makes is still planned when the tool
// is missing; its rows say why they are absent.
func prepare(dir string, wl workload, bins binaries) (*plan, error) {
	p := &plan{tasks: map[string]string{}}
	const noPixtool, noCloud = "pixtool-did-not-build", "pixtool-cloud-did-not-build"
	bins.pixtool = or(bins.pixtool, noPixtool)
	bins.pixtoolCloud = or(bins.pixtoolCloud, noCloud)
	for _, add := range []func(*plan, string, workload, binaries) error{addStartupTask, addNetpbmTasks, addJPEGTasks, addStorageTask} {
		if err := add(p, dir, wl, bins); err != nil {
			p.close()
			return nil, err
		}
	}
	for i, s := range p.specs {
		switch s.argv[0] {
		case noPixtool:
			p.specs[i].broken = "cmd/pixtool did not build"
		case noCloud:
			p.specs[i].broken = "cmd/pixtool did not build with -tags cloud"
		}
	}
	return p, nil
}

// writePPM writes a binary P6 file of w x h pixels taken from raster.
func writePPM(path string, w, h int, raster []byte) error {
	return writePPMSync(path, w, h, raster, false)
}

// writePPMSync is writePPM, with the file synced to its device before it
// is closed when sync is set.
func writePPMSync(path string, w, h int, raster []byte, sync bool) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintf(bw, "P6\n%d %d\n255\n", w, h)
	bw.Write(raster[:w*h*3])
	err = bw.Flush()
	if err == nil && sync {
		err = f.Sync()
	}
	if err != nil {
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

// copyFile copies the file src to dst, replacing dst.
func copyFile(dst, src string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

// copyTo returns a reset function that copies src over dst: it restores a
// file that a command changes in place.
func copyTo(dst, src string) func() error {
	return func() error { return copyFile(dst, src) }
}

// emptyDir returns a reset function that leaves path an empty directory.
func emptyDir(path string) func() error {
	return func() error {
		if err := os.RemoveAll(path); err != nil {
			return err
		}
		return os.Mkdir(path, 0o755)
	}
}

// join returns a function that joins name to dir.
func join(dir string) func(string) string {
	return func(name string) string { return filepath.Join(dir, name) }
}

// onDisk reports whether the directory dir is on a disk file system, not
// in memory.
func onDisk(dir string) bool { return fsType(dir) == "disk" }
