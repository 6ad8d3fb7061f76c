package main

import (
	"fmt"
	"math"
	"strings"
)

// verdict is the outcome of one target.
type verdict int

const (
	unmeasured verdict = iota // a benchmark or tool the target needs did not run
	met
	notMet
)

func (v verdict) String() string {
	switch v {
	case met:
		return "met"
	case notMet:
		return "**not met**"
	}
	return "not measured"
}

// target is one benchmark target from the issues, with the rule that checks
// it against a run's results.
type target struct {
	issue int
	text  string
	check func(in inputs) (measured string, v verdict)
}

// inputs is everything a target may look at: the Go benchmark results and
// the whole-command timings of one run, and the size the targets are stated
// at (12MP, or the quick mode's stand-in).
type inputs struct {
	res  *results
	cmds []cmdRow
	size string
}

// atMost is a target on the time of benchmark a over that of b, both under
// the target's size: met when the ratio is at most limit.
func atMost(issue int, text, a, b string, limit float64) target {
	return target{issue, text, func(in inputs) (string, verdict) {
		r, ok := in.res.ratio(in.name(a), in.name(b))
		if !ok {
			return "—", unmeasured
		}
		return fmt.Sprintf("%.2fx", r), judge(r <= limit)
	}}
}

// name expands a Group/Op/Impl pattern with the inputs' size; a
// Group/Size/Op/Impl name is returned as it is, except that in quick mode
// (no 12MP results) its size becomes the quick mode's.
func (in inputs) name(groupOpImpl string) string {
	if p := strings.Split(groupOpImpl, "/"); len(p) == 4 {
		if in.size != "12MP" {
			p[1] = in.size
		}
		return strings.Join(p, "/")
	}
	var g, rest string
	for i := range len(groupOpImpl) {
		if groupOpImpl[i] == '/' {
			g, rest = groupOpImpl[:i], groupOpImpl[i+1:]
			break
		}
	}
	return g + "/" + in.size + "/" + rest
}

func judge(ok bool) verdict {
	if ok {
		return met
	}
	return notMet
}

// targets returns every benchmark target of issues 2 to 6, in issue order.
func targets() []target {
	return []target{
		{2, "every view method 0 allocs and ≤ 0.25x image.RGBA.SubImage, at every size", viewTarget},
		atMost(3, "FlipV, one goroutine ≤ 1.0x the floor", "Ops/FlipV/pixview-w1", "Ops/ref/floor", 1.0),
		atMost(3, "FlipV, two goroutines ≤ 0.6x the one-goroutine floor", "Ops/FlipV/pixview-w2", "Ops/ref/floor", 0.6),
		atMost(3, "FlipH (SIMD), one goroutine ≤ 1.3x the floor", "Ops/FlipH/pixview-w1", "Ops/ref/floor", 1.3),
		atMost(3, "FlipH pure Go (-tags purego) ≤ 2.5x the floor", "Ops-purego/FlipH/pixview-w1", "Ops-purego/ref/floor", 2.5),
		atMost(3, "FlipH, two goroutines ≤ 0.8x the one-goroutine floor", "Ops/FlipH/pixview-w2", "Ops/ref/floor", 0.8),
		atMost(3, "Rotate180 ≤ 1.4x the floor", "Ops/Rotate180/pixview-w1", "Ops/ref/floor", 1.4),
		atMost(3, "Rotate90 ≤ 2.5x copy()", "Ops/Rotate90/pixview-w1", "Ops/ref/copy", 2.5),
		atMost(3, "Transpose ≤ 2.5x copy()", "Ops/Transpose/pixview-w1", "Ops/ref/copy", 2.5),
		atMost(3, "ExtractChannel ≤ 0.75x copy() of the source bytes", "Ops/ExtractChannel/pixview-w1", "Ops/ref/copy", 0.75),
		{3, "FlipH ≥ 7x faster than imaging.FlipH on the same pixels, 0 B/op", imagingTarget},
		atMost(4, "FromImage(*image.YCbCr 4:2:0) ≤ 0.25x jpeg.Decode", "Codec/FromYCbCr420/pixview", "Codec/DecodeJPEG/stdlib", 0.25),
		// codec.Encode is the adapter's fast path: png.Encode takes At() for
		// any image type it does not know, so a bare ToImage adapter
		// (the adapter-rgb row) cannot meet this, and codec hands the encoder
		// a standard image instead.
		atMost(4, "PNG encode (1080p, BestSpeed) of an RGB view through codec.Encode no slower (≤ 1.05x) than of *image.NRGBA", "Codec/1080p/EncodePNG/codec", "Codec/1080p/EncodePNG/nrgba", 1.05),
		{5, "P6 decode from memory ≤ 1.2x copy() of its bytes, or zero-copy when the caller hands in the buffer", p6Target},
		atMost(5, "Map + FlipH + Sync of a PPM in tmpfs faster than copying the file", "PNM/MapFlipH/pixview", "PNM/FileCopy/go", 1.0),
		cmdTarget(5, "raw 1080p rgb24 stream read → FlipH → write ≥ 1.5x ffmpeg -vf hflip throughput (whole commands)", "raw-stream", "pixtool", "ffmpeg", 1.5, true),
		cmdTarget(6, "batch flip --horizontal --in-place over 12 MP PPMs ≤ 0.5x the time of cp", "batch-ppm", "pixtool", "cp", 0.5, false),
		cmdTarget(6, "batch JPEG flips scale ≥ 1.8x from --jobs 1 to --jobs 2", "jobs-scaling", "pixtool --jobs 2", "pixtool --jobs 1", 1.8, true),
	}
}

// viewTarget checks issue 2's target: at every size of the View group,
// every view method allocates nothing and takes at most a quarter of the
// time of SubImage measured beside it. It names every method over the limit.
func viewTarget(in inputs) (string, verdict) {
	worst, where := 0.0, ""
	allocs := 0.0
	var over []string
	for _, r := range in.res.rows {
		if r.group != "View" || r.impl != "view" {
			continue
		}
		sub, ok := in.res.get(key("View", r.size, "SubImage", "stdlib"))
		if !ok || sub.ns == 0 {
			continue
		}
		x := r.ns / sub.ns
		if x > worst {
			worst, where = x, r.op+" at "+r.size
		}
		if x > 0.25 {
			over = append(over, fmt.Sprintf("%s %s %.2fx", r.op, r.size, x))
		}
		allocs = math.Max(allocs, r.allocs)
	}
	if where == "" {
		return "—", unmeasured
	}
	msg := fmt.Sprintf("worst %.2fx (%s), max %.0f allocs", worst, where, allocs)
	if len(over) > 0 {
		msg += "; over 0.25x: " + strings.Join(over, ", ")
	}
	return msg, judge(worst <= 0.25 && allocs == 0)
}

// imagingTarget checks issue 3's comparison with imaging.FlipH.
func imagingTarget(in inputs) (string, verdict) {
	r, ok := in.res.get(in.name("Ops/FlipH/pixview-w1"))
	if !ok || r.overImaging == 0 {
		return "—", unmeasured
	}
	return fmt.Sprintf("%.1fx faster, %.0f B/op", r.overImaging, r.bytes),
		judge(r.overImaging >= 7 && r.bytes == 0)
}

// cmdTarget is a target on two whole-command timings of one task: the time
// of tool a over that of tool b at most limit, or, with speedup, the time of
// b over that of a at least limit.
func cmdTarget(issue int, text, task, a, b string, limit float64, speedup bool) target {
	return target{issue, text, func(in inputs) (string, verdict) {
		ra, okA := findCmd(in.cmds, task, a)
		rb, okB := findCmd(in.cmds, task, b)
		if !okA || !okB || ra.status != statusOK || rb.status != statusOK || ra.sec == 0 || rb.sec == 0 {
			return "—", unmeasured
		}
		if speedup {
			x := rb.sec / ra.sec
			return fmt.Sprintf("%.2fx", x), judge(x >= limit)
		}
		x := ra.sec / rb.sec
		return fmt.Sprintf("%.2fx", x), judge(x <= limit)
	}}
}

// p6Target checks issue 5's decode target, which either path meets: Read
// (which copies the raster) within 1.2x of copy(), or Parse sharing the
// caller's buffer (under 1% of copy()'s time, under 1 KiB allocated).
func p6Target(in inputs) (string, verdict) {
	read, okR := in.res.ratio(in.name("PNM/DecodeP6/Read"), in.name("PNM/ref/copy"))
	parse, okP := in.res.ratio(in.name("PNM/DecodeP6/Parse"), in.name("PNM/ref/copy"))
	if !okR && !okP {
		return "—", unmeasured
	}
	p, _ := in.res.get(in.name("PNM/DecodeP6/Parse"))
	zeroCopy := okP && parse < 0.01 && p.bytes < 1024
	return fmt.Sprintf("Read %.2fx; Parse %sx, %s B/op", read, fmtX(parse), fmtBytes(p.bytes)),
		judge((okR && read <= 1.2) || zeroCopy)
}
