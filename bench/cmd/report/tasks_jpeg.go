package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// gomaxprocs1 is the environment of pixtool in the one-core comparisons:
// the outside tools are single-threaded, and pixtool's runtime would
// otherwise size itself to every CPU the machine has when the run is not
// pinned.
var gomaxprocs1 = []string{"GOMAXPROCS=1"}

// addJPEGTasks plans the JPEG comparisons: issue 13's lossless flip and
// quarter turn of one photo against jpegtran (baseline and progressive),
// a batch of the photos against xargs -P 2 jpegtran, orient against
// exiftran -ai; issue 14's decode against djpeg (whole and at 1/8) and
// encode against cjpeg, the batch decode against xargs -P 2 djpeg and
// the imperfect-edge fallback; and the --jobs scaling of 1080p flips. Every
// single-photo comparison asks for one CPU and gives pixtool
// GOMAXPROCS=1; the batches ask for two.
func addJPEGTasks(p *plan, dir string, wl workload, bins binaries) error {
	pixtool := bins.pixtool
	at := join(dir)
	ps, err := makePhotos(dir, wl.photoW, wl.photoH)
	if err != nil {
		return err
	}
	px := int64(ps.w * ps.h * 3) // the pixel bytes a decode produces
	photo := fmt.Sprintf("one %dx%d q90 4:2:0 photo (%.1f MB; %s)", ps.w, ps.h, float64(ps.size)/1e6, ps.made)
	one := func(s cmdSpec) cmdSpec {
		s.cpus, s.bytes = 1, px
		if s.argv[0] == pixtool {
			s.env = gomaxprocs1
		}
		return s
	}
	// absentWithout marks specs absent when their input could not be made.
	absentWithout := func(input, why string, specs ...cmdSpec) []cmdSpec {
		for i := range specs {
			if input == "" {
				specs[i].absent = why
			}
		}
		return specs
	}

	for _, t := range []struct {
		task, what    string
		in, why       string
		jpegtran, pix []string
	}{
		{"jpeg-flip", "mirrored left to right", ps.jpg, "", []string{"-flip", "horizontal"}, []string{"flip", "--horizontal"}},
		{"jpeg-rotate", "turned 90°", ps.jpg, "", []string{"-rotate", "90"}, []string{"rotate", "90"}},
		{"jpeg-flip-progressive", "progressive, mirrored left to right into a progressive file", ps.progressive, ps.why["progressive"], []string{"-flip", "horizontal", "-progressive"}, []string{"flip", "--horizontal", "--progressive"}},
		{"jpeg-rotate-progressive", "progressive, turned 90° into a progressive file", ps.progressive, ps.why["progressive"], []string{"-rotate", "90", "-progressive"}, []string{"rotate", "90", "--progressive"}},
	} {
		jt := at(t.task + "-jpegtran.jpg")
		out := at(t.task + "-pixtool")
		jargv := append(append([]string{"jpegtran"}, t.jpegtran...), "-optimize", "-copy", "all", "-outfile", jt, t.in)
		pargv := append(append([]string{pixtool}, t.pix...), "--quiet", "--out", out, t.in)
		p.add(t.task, fmt.Sprintf("%s: %s, %s, losslessly", t.task, photo, t.what), absentWithout(t.in, t.why,
			one(cmdSpec{tool: "jpegtran", argv: jargv, reset: removeAll(jt)}),
			one(cmdSpec{tool: "pixtool", argv: pargv, reset: removeAll(out)}))...)
	}

	// The batch: copies of the photo, each flipped into another directory
	// by one jpegtran per file, two at a time (xargs -P 2 running a
	// two-line script that names the output), against one pixtool --jobs 2.
	batch := at("photos")
	if err := os.Mkdir(batch, 0o755); err != nil {
		return err
	}
	var list strings.Builder
	for i := range wl.photoBatch {
		name := filepath.Join(batch, fmt.Sprintf("%03d.jpg", i))
		if err := copyFile(name, ps.jpg); err != nil {
			return err
		}
		fmt.Fprintln(&list, name)
	}
	if err := os.WriteFile(at("photos.list"), []byte(list.String()), 0o644); err != nil {
		return err
	}
	xout, pout := at("photos-xargs"), at("photos-pixtool")
	script := at("jpegtran-one.sh")
	if err := os.WriteFile(script, []byte("# one jpegtran per file, its output under "+xout+" with the input's name\n"+
		"exec jpegtran -flip horizontal -optimize -copy all -outfile \""+xout+"/${1##*/}\" \"$1\"\n"), 0o644); err != nil {
		return err
	}
	p.add("jpeg-batch", fmt.Sprintf("jpeg-batch: %d copies of the photo (%.0f MB in all), mirrored left to right losslessly into another directory, two at a time", wl.photoBatch, float64(ps.size)*float64(wl.photoBatch)/1e6),
		cmdSpec{tool: "xargs -P 2 jpegtran", argv: []string{"xargs", "-P", "2", "-n", "1", "sh", script}, stdin: at("photos.list"),
			needs: []string{"jpegtran"}, reset: emptyDir(xout), cpus: 2, runs: wl.heavyRuns, bytes: px * int64(wl.photoBatch)},
		cmdSpec{tool: "pixtool --jobs 2", argv: []string{pixtool, "flip", "--horizontal", "--quiet", "--jobs", "2", "--out", pout, batch},
			reset: removeAll(pout), cpus: 2, runs: wl.heavyRuns, bytes: px * int64(wl.photoBatch)})

	// orient: both rewrite the file in place; each run starts from the
	// Orientation=6 photo copied afresh.
	ex, po := at("orient-exiftran.jpg"), at("orient-pixtool.jpg")
	reset := func(dst string) func() error {
		if ps.rotated == "" {
			return nil
		}
		return copyTo(dst, ps.rotated)
	}
	p.add("jpeg-orient", "jpeg-orient: the photo with EXIF Orientation 6, turned upright in place losslessly (the pixels turned 90°, the tag reset to 1)",
		absentWithout(ps.rotated, ps.why["rotated"],
			one(cmdSpec{tool: "exiftran", argv: []string{"exiftran", "-ai", ex}, reset: reset(ex)}),
			one(cmdSpec{tool: "pixtool", argv: []string{pixtool, "orient", "--in-place", "--quiet", po}, reset: reset(po)}))...)

	// Issue 14: the pixel codec. Decode to PPM, decode at 1/8 (pixtool's
	// thumbnail picks 1/8 for a size of an eighth of the longer side, and
	// then encodes that small image as a JPEG, which djpeg does not), and
	// encode the decoded pixels with the photo's quality and sampling.
	dec, thumbs, enc := at("decode-pixtool"), at("eighth-pixtool"), at("encode-pixtool")
	p.add("jpeg-decode", "jpeg-decode: the photo decoded to a PPM file",
		one(cmdSpec{tool: "djpeg", argv: []string{"djpeg", "-dct", "int", "-outfile", at("decode-djpeg.ppm"), ps.jpg}, reset: removeAll(at("decode-djpeg.ppm"))}),
		one(cmdSpec{tool: "pixtool", argv: []string{pixtool, "convert", "--to", "ppm", "--quiet", "--out", dec, ps.jpg}, reset: removeAll(dec)}))
	eighth := (max(ps.w, ps.h) + 7) / 8
	p.add("jpeg-scale-1/8", fmt.Sprintf("jpeg-scale-1/8: the photo decoded at 1/8 scale (%dx%d); djpeg writes a PPM, pixtool thumbnail --size %d a JPEG of that size", (ps.w+7)/8, (ps.h+7)/8, eighth),
		one(cmdSpec{tool: "djpeg", argv: []string{"djpeg", "-scale", "1/8", "-outfile", at("eighth-djpeg.ppm"), ps.jpg}, reset: removeAll(at("eighth-djpeg.ppm"))}),
		one(cmdSpec{tool: "pixtool", argv: []string{pixtool, "thumbnail", "--size", fmt.Sprint(eighth), "--out", thumbs, ps.jpg}, reset: removeAll(thumbs)}))
	p.add("jpeg-encode", fmt.Sprintf("jpeg-encode: the photo's decoded pixels (a %.0f MB PPM) encoded at quality 90, 4:2:0, with optimized Huffman tables", float64(px)/1e6),
		one(cmdSpec{tool: "cjpeg", argv: []string{"cjpeg", "-optimize", "-quality", "90", "-sample", "2x2", "-outfile", at("encode-cjpeg.jpg"), ps.ppm}, reset: removeAll(at("encode-cjpeg.jpg"))}),
		one(cmdSpec{tool: "pixtool", argv: []string{pixtool, "convert", "--to", "jpeg", "--quality", "90", "--sampling", "420", "--quiet", "--out", enc, ps.ppm}, reset: removeAll(enc)}))

	// Issue 14 asks for the batch figures of convert and of the
	// imperfect-edge fallback, re-measured beside the outside tools (no
	// target). The batch: the same photos decoded to PPMs two at a time,
	// against xargs -P 2 djpeg. The fallback: the photo cropped losslessly
	// by jpegtran to a size off the 16-pixel iMCU grid, mirrored; pixtool
	// decodes, mirrors and re-encodes with the source's tables and sampling
	// (every edge pixel moved), jpegtran leaves the partial edge column
	// unmirrored (its default; -perfect refuses) and the netpbm pipeline is
	// what the pixel path costs with the outside tools.
	cout := at("photos-djpeg")
	djpegOne := at("djpeg-one.sh")
	if err := os.WriteFile(djpegOne, []byte("# one djpeg per file, its output under "+cout+" with the input's name\n"+
		"f=${1##*/}\nexec djpeg -dct int -outfile \""+cout+"/${f%.jpg}.ppm\" \"$1\"\n"), 0o644); err != nil {
		return err
	}
	pconv := at("photos-convert")
	p.add("jpeg-convert-batch", fmt.Sprintf("jpeg-convert-batch: the %d copies of the photo decoded to PPM files in another directory, two at a time", wl.photoBatch),
		cmdSpec{tool: "xargs -P 2 djpeg", argv: []string{"xargs", "-P", "2", "-n", "1", "sh", djpegOne}, stdin: at("photos.list"),
			needs: []string{"djpeg"}, reset: emptyDir(cout), cpus: 2, runs: wl.heavyRuns, bytes: px * int64(wl.photoBatch)},
		cmdSpec{tool: "pixtool --jobs 2", argv: []string{pixtool, "convert", "--to", "ppm", "--quiet", "--jobs", "2", "--out", pconv, batch},
			reset: removeAll(pconv), cpus: 2, runs: wl.heavyRuns, bytes: px * int64(wl.photoBatch)})

	iw, ih := ps.w-ps.w%16-12, ps.h-ps.h%16-4 // 12 and 4 pixels into the last iMCU
	imperfect, why := at("imperfect.jpg"), ""
	if err := runTool(dir, "jpegtran", "-crop", fmt.Sprintf("%dx%d+0+0", iw, ih), "-copy", "all", "-outfile", imperfect, ps.jpg); err != nil {
		imperfect, why = "", "jpegtran could not crop the photo: "+err.Error()
	}
	ipx := int64(iw * ih * 3)
	oneI := func(s cmdSpec) cmdSpec { s = one(s); s.bytes = ipx; return s }
	jti, pipeOut, pti := at("imperfect-jpegtran.jpg"), at("imperfect-netpbm.jpg"), at("imperfect-pixtool")
	p.add("jpeg-flip-imperfect", fmt.Sprintf("jpeg-flip-imperfect: the photo cropped losslessly to %dx%d (off the 16-pixel grid), mirrored left to right; pixtool takes the pixel path (decode, mirror, re-encode with the source's tables and sampling), jpegtran leaves the partial edge blocks unmirrored", iw, ih),
		absentWithout(imperfect, why,
			oneI(cmdSpec{tool: "jpegtran", argv: []string{"jpegtran", "-flip", "horizontal", "-optimize", "-copy", "all", "-outfile", jti, imperfect}, reset: removeAll(jti)}),
			oneI(cmdSpec{tool: "djpeg, pamflip, cjpeg", argv: []string{"sh", "-c", "djpeg -dct int \"$1\" | pamflip -lr | cjpeg -quality 90 -sample 2x2 -optimize -outfile \"$2\"", "sh", imperfect, pipeOut},
				needs: []string{"djpeg", "pamflip", "cjpeg"}, reset: removeAll(pipeOut)}),
			oneI(cmdSpec{tool: "pixtool", argv: []string{pixtool, "flip", "--horizontal", "--quiet", "--out", pti, imperfect}, reset: removeAll(pti)}))...)

	// --jobs scaling, 1080p JPEGs made with image/jpeg.
	if err := os.Mkdir(at("jpegs"), 0o755); err != nil {
		return err
	}
	for i := range wl.jpegFiles {
		if err := writeJPEG(at(fmt.Sprintf("jpegs/%03d.jpg", i)), wl.jpegW, wl.jpegH, uint64(i+1)); err != nil {
			return err
		}
	}
	jpegBytes := int64(wl.jpegW * wl.jpegH * 3 * wl.jpegFiles)
	jobs := func(n int, out string) cmdSpec {
		return cmdSpec{tool: fmt.Sprintf("pixtool --jobs %d", n), argv: []string{pixtool, "flip", "--horizontal", "--quiet", "--jobs", strconv.Itoa(n), "--out", at(out), at("jpegs")},
			reset: removeAll(at(out)), cpus: 2, bytes: jpegBytes}
	}
	specs := []cmdSpec{jobs(1, "jobs1"), jobs(2, "jobs2")}
	// One job pinned to each of the two CPUs the two jobs run on: how fast
	// each CPU is, on this very work, bounds what two jobs can gain.
	for _, c := range wl.jobCPUs {
		s := jobs(1, fmt.Sprintf("jobs1-cpu%d", c))
		s.tool, s.pin, s.needs = fmt.Sprintf("%s on CPU %d", s.tool, c), strconv.Itoa(c), []string{"taskset"}
		specs = append(specs, s)
	}
	p.add("jobs-scaling", fmt.Sprintf("jobs-scaling: %d JPEGs of %dx%d, flipped into a new directory", wl.jpegFiles, wl.jpegW, wl.jpegH), specs...)
	return nil
}

// jobCPUs returns the two CPUs on which jobs-scaling's --jobs 2 row runs:
// the first two of the run's -cpus list when it has two or more (the row
// is pinned to it), else the first two this process may run on (the row
// runs unpinned); nil when there are fewer than two.
func jobCPUs(list string) []int {
	cpus := allowedCPUs()
	if l, err := parseCPUList(list); err == nil && len(l) >= 2 {
		cpus = l
	}
	if len(cpus) < 2 {
		return nil
	}
	return cpus[:2]
}
