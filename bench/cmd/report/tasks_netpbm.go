package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// addNetpbmTasks plans the Netpbm and raw-frame tasks: one 12 MP PPM
// flipped by pixtool and by the other tools that can (flip-ppm), issue
// 16's in-place batch against cp on tmpfs (batch-ppm) and on a disk
// file system with the data synced (batch-ppm-disk), and issue 5's raw
// stream (raw-stream). The reference each task's ratios are taken to comes
// first.
func addNetpbmTasks(p *plan, dir string, wl workload, bins binaries) error {
	pixtool := bins.pixtool
	at := join(dir)
	img := int64(wl.w * wl.h * 3)
	raster := noise(int(img), 1)
	if err := writePPM(at("one.ppm"), wl.w, wl.h, raster); err != nil {
		return err
	}
	if err := writePPM(at("one-inplace.ppm"), wl.w, wl.h, raster); err != nil {
		return err
	}
	// The in-place commands change their inputs: each run starts from the
	// pixels the first one saw, written afresh (untimed) before it.
	restoreOne := func() error { return writePPM(at("one-inplace.ppm"), wl.w, wl.h, raster) }
	p.add("flip-ppm", fmt.Sprintf("flip-ppm: one %dx%d P6 file (%.0f MB), mirrored left to right", wl.w, wl.h, float64(img)/1e6),
		cmdSpec{tool: "cp", argv: []string{"cp", at("one.ppm"), at("out-cp.ppm")}, reset: removeAll(at("out-cp.ppm")), bytes: img},
		cmdSpec{tool: "pixtool", argv: []string{pixtool, "flip", "--horizontal", "--in-place", "--quiet", at("one-inplace.ppm")}, reset: restoreOne, bytes: img},
		cmdSpec{tool: "pixtool --out", argv: []string{pixtool, "flip", "--horizontal", "--quiet", "--out", at("out-pixtool"), at("one.ppm")}, reset: removeAll(at("out-pixtool")), bytes: img},
		cmdSpec{tool: "convert", argv: []string{"convert", at("one.ppm"), "-flop", at("out-convert.ppm")}, reset: removeAll(at("out-convert.ppm")), bytes: img},
		cmdSpec{tool: "vips", argv: []string{"vips", "flip", at("one.ppm"), at("out-vips.ppm"), "horizontal"}, reset: removeAll(at("out-vips.ppm")), bytes: img},
		cmdSpec{tool: "pamflip", argv: []string{"pamflip", "-lr", at("one.ppm")}, stdout: at("out-pamflip.ppm"), reset: removeAll(at("out-pamflip.ppm")), bytes: img},
		cmdSpec{tool: "ffmpeg", argv: []string{"ffmpeg", "-nostdin", "-v", "error", "-y", "-i", at("one.ppm"), "-vf", "hflip", "-frames:v", "1", "-update", "1", at("out-ffmpeg.ppm")}, reset: removeAll(at("out-ffmpeg.ppm")), bytes: img},
	)

	batchBytes := img * int64(wl.batchFiles)
	if err := addBatch(p, "batch-ppm", at("batch"), wl, raster, pixtool, false,
		fmt.Sprintf("batch-ppm: %d P6 files of %dx%d (%.0f MB in all) in tmpfs, mirrored in place (written beside and renamed) against copied with cp", wl.batchFiles, wl.w, wl.h, float64(batchBytes)/1e6)); err != nil {
		return err
	}
	const diskTask = "batch-ppm-disk"
	diskDoc := fmt.Sprintf("batch-ppm-disk: the same %d files on a disk file system (%s), mirrored in place (each file synced, renamed, its directory synced) against copied with cp and synced", wl.batchFiles, wl.diskDir)
	if wl.diskDir == "" {
		why := "no directory on a disk file system (/var/tmp and $TMPDIR are tmpfs or unknown)"
		p.add(diskTask, diskTask+": "+why,
			cmdSpec{tool: "cp + sync", argv: []string{"cp"}, absent: why},
			cmdSpec{tool: "pixtool", argv: []string{pixtool}, absent: why})
	} else {
		disk, err := os.MkdirTemp(wl.diskDir, "pixview-bench-disk-")
		if err != nil {
			return err
		}
		p.closers = append(p.closers, func() error { return os.RemoveAll(disk) })
		if err := addBatch(p, diskTask, filepath.Join(disk, "batch"), wl, raster, pixtool, true, diskDoc); err != nil {
			return err
		}
	}

	rawBytes := int64(wl.frameW * wl.frameH * 3 * wl.frames)
	if err := os.WriteFile(at("frames.raw"), noise(int(rawBytes), 9), 0o644); err != nil {
		return err
	}
	size := fmt.Sprintf("%dx%d", wl.frameW, wl.frameH)
	p.add("raw-stream", fmt.Sprintf("raw-stream: %d rgb24 frames of %s (%.0f MB) from a tmpfs file to /dev/null", wl.frames, size, float64(rawBytes)/1e6),
		cmdSpec{tool: "ffmpeg", runs: wl.heavyRuns, argv: []string{"ffmpeg", "-nostdin", "-v", "error", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", size, "-i", "pipe:0", "-vf", "hflip", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"}, stdin: at("frames.raw"), bytes: rawBytes},
		cmdSpec{tool: "pixtool", runs: wl.heavyRuns, argv: []string{pixtool, "flip", "--horizontal", "--quiet", "--raw", size}, stdin: at("frames.raw"), bytes: rawBytes},
		cmdSpec{tool: "cat", runs: wl.heavyRuns, argv: []string{"cat"}, stdin: at("frames.raw"), bytes: rawBytes},
	)
	return nil
}

// addBatch writes wl.batchFiles PPMs into the new directory batch and
// plans issue 16's comparison: cp --reflink=never of the directory (and,
// with sync, every copied file and the copy's directory synced, as
// pixtool's in-place replacement syncs each file and its directory)
// against pixtool flipping the files in place. Before each run of pixtool
// its inputs are written afresh (and synced, on a disk, so that no
// write-back of the restore lands in a timed run).
func addBatch(p *plan, task, batch string, wl workload, raster []byte, pixtool string, sync bool, doc string) error {
	if err := os.Mkdir(batch, 0o755); err != nil {
		return err
	}
	restore := func() error {
		for i := range wl.batchFiles {
			if err := writePPMSync(filepath.Join(batch, fmt.Sprintf("%03d.ppm", i)), wl.w, wl.h, raster, sync); err != nil {
				return err
			}
		}
		return nil
	}
	if err := restore(); err != nil {
		return err
	}
	copied := batch + "-cp"
	total := int64(wl.w*wl.h*3) * int64(wl.batchFiles)
	cp := cmdSpec{tool: "cp", argv: []string{"cp", "-r", "--reflink=never", batch, copied}}
	if sync {
		// GNU sync with operands fsyncs each of them (coreutils 8.24+).
		b, c := filepath.Base(batch), filepath.Base(copied)
		cp = cmdSpec{tool: "cp + sync", dir: filepath.Dir(batch), needs: []string{"cp", "sync"},
			argv: []string{"sh", "-c", fmt.Sprintf("cp -r --reflink=never %s %s && sync %s %s/*", b, c, c, c)}}
	}
	cp.runs, cp.reset, cp.bytes = wl.heavyRuns, removeAll(copied), total
	p.add(task, doc, cp,
		cmdSpec{tool: "pixtool", runs: wl.heavyRuns, argv: []string{pixtool, "flip", "--horizontal", "--in-place", "--quiet", batch}, reset: restore, bytes: total})
	return nil
}
