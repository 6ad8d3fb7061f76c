package main

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
)

// fakeResults builds results from name/ns/allocs/bytes/rounds rows.
func fakeResults(rows ...row) *results {
	out := make([]row, len(rows))
	for i, r := range rows {
		n := newRow(r.name)
		n.ns, n.allocs, n.bytes, n.rounds = r.ns, r.allocs, r.bytes, r.rounds
		out[i] = n
	}
	return newResults(out)
}

func TestTargetsVerdicts(t *testing.T) {
	res := fakeResults(
		row{name: "Ops/12MP/ref/floor", ns: 100},
		row{name: "Ops/12MP/ref/copy", ns: 200},
		row{name: "Ops/12MP/FlipV/pixview-w1", ns: 90},
		row{name: "Ops/12MP/FlipV/pixview-w2", ns: 70},
		row{name: "Ops/12MP/FlipH/pixview-w1", ns: 120},
		row{name: "Ops/12MP/FlipH/imaging", ns: 1000, bytes: 48e6},
		row{name: "View/1MP/SubImage/stdlib", ns: 100, allocs: 1},
		row{name: "View/1MP/Crop/view", ns: 20},
		row{name: "View/1MP/FlipH/view", ns: 24},
	)
	cmds := []cmdRow{
		{task: "raw-stream", tool: "pixtool", status: statusOK, sec: 1, secs: []float64{1, 1, 1}},
		{task: "raw-stream", tool: "ffmpeg", status: statusOK, sec: 2, secs: []float64{2, 2.2, 1.8}},
		{task: "batch-ppm", tool: "pixtool", status: statusOK, sec: 1, secs: []float64{1}},
		{task: "batch-ppm", tool: "cp", status: statusAbsent},
	}
	in := inputs{res: res, cmds: cmds, size: "12MP"}
	want := map[string]verdict{
		"FlipV, one goroutine ≤ 1.0x the floor":                                     met,
		"FlipV, two goroutines ≤ 0.6x the one-goroutine floor":                      notMet,
		"FlipH (SIMD), one goroutine ≤ 1.3x the floor":                              met,
		"Rotate180 ≤ 1.4x the floor":                                                unmeasured,
		"every view method 0 allocs and ≤ 0.25x image.RGBA.SubImage, at every size": met,
		"FlipH ≥ 7x faster than imaging.FlipH on the same pixels, 0 B/op":           met,
		"in-place batch flip of 8 12 MP PPMs in tmpfs (crash-safe: written beside and renamed) ≤ 1.2x cp --reflink=never of the files": unmeasured,
		"raw 1080p rgb24 stream read → FlipH → write ≥ 1.5x ffmpeg -vf hflip throughput (whole commands)":                              met,
	}
	seen := 0
	for _, tg := range targets() {
		v, ok := want[tg.text]
		if !ok {
			continue
		}
		seen++
		if measured, got := tg.check(in); got != v {
			t.Errorf("%q: %v (%s), want %v", tg.text, got, measured, v)
		}
	}
	if seen != len(want) {
		t.Errorf("found %d of %d targets by text", seen, len(want))
	}
}

func TestViewTargetFailsOnAllocs(t *testing.T) {
	res := fakeResults(
		row{name: "View/1MP/SubImage/stdlib", ns: 100, allocs: 1},
		row{name: "View/1MP/Crop/view", ns: 10, allocs: 1},
	)
	if got, v := viewTarget(inputs{res: res}); v != notMet {
		t.Errorf("a view that allocates passed: %s", got)
	}
}

func TestMarkdownHasEveryRow(t *testing.T) {
	res := fakeResults(
		row{name: "Ops/12MP/ref/floor", ns: 100},
		row{name: "Ops/12MP/FlipH/pixview-w1", ns: 120},
	)
	var b bytes.Buffer
	report{in: inputs{res: res, size: "12MP"}, cfg: config{count: 5, benchtime: "1s"}}.markdown(&b)
	md := b.String()
	for _, s := range []string{"| FlipH | 12MP | pixview-w1 | 120 ns |", "| 1.20 |", "## Targets", "### Ops"} {
		if !strings.Contains(md, s) {
			t.Errorf("RESULTS.md lacks %q", s)
		}
	}
}

// floorRun is a run in which FlipV takes flipV of the floor's time in each
// of three rounds, and FlipH 1.2x.
func floorRun(flipV ...float64) inputs {
	floor := []float64{100, 110, 90}
	v := make([]float64, len(flipV))
	for i, x := range flipV {
		v[i] = x * floor[i]
	}
	res := fakeResults(
		row{name: "Ops/12MP/ref/floor", ns: 100, rounds: floor},
		row{name: "Ops/12MP/ref/floor-scalar", ns: 150, rounds: []float64{150, 150, 150}},
		row{name: "Ops/12MP/FlipV/pixview-w1", ns: median(v), rounds: v},
		row{name: "Ops/12MP/FlipH/pixview-w1", ns: 120, rounds: []float64{120, 132, 108}},
	)
	return inputs{res: res, size: "12MP"}
}

func TestFloorCheck(t *testing.T) {
	const flipH = "FlipH (SIMD), one goroutine ≤ 1.3x the floor"
	verdictOf := func(in inputs, text string) (string, verdict) {
		for _, c := range verdicts(in) {
			if c.text == text {
				return c.measured, c.v
			}
		}
		t.Fatalf("no target %q", text)
		return "", 0
	}
	// FlipV at 0.70-0.80x the floor: beaten by 0.25, more than its spread of 0.10.
	in := floorRun(0.70, 0.75, 0.80)
	if floorHolds(checkFloor(in)) {
		t.Error("FlipV at 0.75x (0.70-0.80) the floor: the floor check held")
	}
	if m, v := verdictOf(in, flipH); v != floorBeaten {
		t.Errorf("FlipH met against a beaten floor: %v (%s)", v, m)
	}
	if _, v := verdictOf(in, "FlipV, one goroutine ≤ 1.0x the floor"); v != floorBeaten {
		t.Errorf("FlipV against a beaten floor: %v", v)
	}
	// FlipV at 0.90x, its rounds 0.6-1.2: below 1 by less than its spread.
	in = floorRun(0.6, 0.9, 1.2)
	if !floorHolds(checkFloor(in)) {
		t.Error("FlipV at 0.90x (0.6-1.2) the floor: the floor check failed")
	}
	m, v := verdictOf(in, flipH)
	if v != met {
		t.Errorf("FlipH at 1.2x the floor: %v (%s), want met", v, m)
	}
	if want := "1.20x (1.20–1.20); 0.80x the scalar floor"; m != want {
		t.Errorf("FlipH measured %q, want %q", m, want)
	}
	// The in-place ops that miss their target still say so.
	in = floorRun(0.70, 0.75, 0.80)
	in.res = fakeResults(append(slices.Clone(in.res.rows), row{name: "Ops/12MP/Rotate180/pixview-w1", ns: 200, rounds: []float64{200, 220, 180}})...)
	if _, v := verdictOf(in, "Rotate180 ≤ 1.4x the floor"); v != notMet {
		t.Errorf("Rotate180 at 2x a beaten floor: %v, want not met", v)
	}
}

func TestPerRound(t *testing.T) {
	s, ok := perRound([]float64{2, 4, 9, 100}, []float64{1, 2, 3})
	if !ok || s.n != 3 || s.med != 2 || s.lo != 2 || s.hi != 3 {
		t.Errorf("perRound = %+v, %v", s, ok)
	}
	if s.String() != "2.00x (2.00–3.00)" {
		t.Errorf("String = %q", s)
	}
	if _, ok := perRound(nil, []float64{1}); ok {
		t.Error("perRound of no rounds succeeded")
	}
	if _, ok := perRound([]float64{1}, []float64{0}); ok {
		t.Error("perRound over a zero time succeeded")
	}
}

// taskRows builds whole-command rows of one task from tool, per-round
// seconds pairs; a nil slice makes the row absent.
func taskRows(task string, tools ...any) []cmdRow {
	var rows []cmdRow
	for i := 0; i < len(tools); i += 2 {
		r := cmdRow{task: task, tool: tools[i].(string), status: statusOK}
		if secs, _ := tools[i+1].([]float64); secs != nil {
			r.secs, r.sec, r.rssKB = secs, median(secs), 1000
		} else {
			r.status, r.note = statusAbsent, r.tool+" is not installed"
		}
		rows = append(rows, r)
	}
	return rows
}

// verdictOf returns the outcome of the target whose text starts with
// prefix.
func verdictOf(t *testing.T, in inputs, prefix string) checked {
	t.Helper()
	for _, c := range verdicts(in) {
		if strings.HasPrefix(c.text, prefix) {
			return c
		}
	}
	t.Fatalf("no target starts with %q", prefix)
	return checked{}
}

// TestCommandTargets checks the whole-command targets of issues 13, 14,
// 16 and 17: the ratio is the median of per-round ratios of pixtool over
// the reference, met at the limit and not above it; an absent tool leaves
// a target unmeasured and says which; a failed command fails it.
func TestCommandTargets(t *testing.T) {
	var cmds []cmdRow
	// jpeg-flip: pixtool 1.2x, 1.3x, 1.5x jpegtran by round: median 1.3, met (≤ 1.3).
	cmds = append(cmds, taskRows("jpeg-flip", "jpegtran", []float64{1, 1, 1}, "pixtool", []float64{1.2, 1.3, 1.5})...)
	// jpeg-rotate: 1.31x in every round, not met.
	cmds = append(cmds, taskRows("jpeg-rotate", "jpegtran", []float64{1, 2}, "pixtool", []float64{1.31, 2.62})...)
	// jpeg-decode: djpeg is absent.
	cmds = append(cmds, taskRows("jpeg-decode", "djpeg", nil, "pixtool", []float64{1})...)
	// jpeg-encode: pixtool failed.
	enc := taskRows("jpeg-encode", "cjpeg", []float64{1}, "pixtool", []float64{1})
	enc[1] = failed(enc[1], errors.New("exit status 1: convert: no such flag --sampling"))
	cmds = append(cmds, enc...)
	// jpeg-batch: faster than xargs, but 3x the memory of two jpegtrans.
	batch := taskRows("jpeg-batch", "xargs -P 2 jpegtran", []float64{2, 2}, "pixtool --jobs 2", []float64{1.5, 1.7})
	batch[1].rssKB = 6000 // jpeg-flip's jpegtran peaked at 1000 KiB
	cmds = append(cmds, batch...)
	// batch-ppm-disk: met; storage-s3: pixtool cannot reach S3 on this commit.
	cmds = append(cmds, taskRows("batch-ppm-disk", "cp + sync", []float64{1, 1, 1}, "pixtool", []float64{1.1, 1.3, 1.2})...)
	s3 := taskRows("storage-s3", "pixtool local", []float64{1}, "pixtool s3://", nil)
	s3[1].note = "pixtool on this commit does not flip s3:// objects"
	cmds = append(cmds, s3...)
	in := inputs{res: newResults(nil), cmds: cmds}

	for _, c := range []struct {
		prefix, measured string
		v                verdict
	}{
		{"lossless flip of a 12 MP", "1.30x (1.20–1.50)", met},
		{"lossless rotate 90 of the photo", "1.31x (1.31–1.31)", notMet},
		{"decode of the 12 MP photo", "— (djpeg absent: djpeg is not installed)", unmeasured},
		{"encode of the photo's pixels", "pixtool failed: exit status 1: convert: no such flag --sampling", cmdFailed},
		{"30 photos: pixtool flip --jobs 2 ≤", "0.80x (0.75–0.85)", met},
		{"30 photos: pixtool flip --jobs 2's peak RSS", "3.00x: 5.9 MiB against 2 × 1000.0 KiB", notMet},
		{"the same batch on a disk file system", "1.20x (1.10–1.30)", met},
		{"a batch shard over a local S3 server", "— (pixtool s3:// absent: pixtool on this commit does not flip s3:// objects)", unmeasured},
		{"lossless flip of the progressive photo", "— (jpeg-flip-progressive did not run)", unmeasured},
	} {
		got := verdictOf(t, in, c.prefix)
		if got.v != c.v || got.measured != c.measured {
			t.Errorf("%s: %v, %q; want %v, %q", c.prefix, got.v, got.measured, c.v, c.measured)
		}
	}
	// The Go benchmarks' targets say that none ran.
	if got := verdictOf(t, in, "FlipV, one goroutine"); got.v != unmeasured || got.measured != "— (no Go benchmark ran)" {
		t.Errorf("FlipV without Go benchmarks: %v, %q", got.v, got.measured)
	}
	// Issue 14's library targets, as speedups over image/jpeg.
	in = inputs{size: "12MP", res: fakeResults(
		row{name: "Codec/12MP/DecodeJPEG/pixview", ns: 40},
		row{name: "Codec/12MP/DecodeJPEG/stdlib+FromImage", ns: 100},
		row{name: "Codec/12MP/EncodeJPEG/pixview-q90", ns: 34},
		row{name: "Codec/12MP/EncodeJPEG/stdlib-q90", ns: 100},
	)}
	if got := verdictOf(t, in, "JPEG decode into a view"); got.v != met || got.measured != "0.40x" {
		t.Errorf("decode 2.5x faster: %v, %q", got.v, got.measured)
	}
	if got := verdictOf(t, in, "JPEG encode of an RGB view"); got.v != notMet {
		t.Errorf("encode 2.9x faster: %v, %q", got.v, got.measured)
	}
	if cmdFailed.String() != "**command failed**" {
		t.Errorf("cmdFailed renders as %q", cmdFailed)
	}
}

// TestMarkdownCommandsOnly checks RESULTS.md of a -commands-only run: the
// Targets section renders, with the command targets judged, the task's
// pinning said, and no Go table.
func TestMarkdownCommandsOnly(t *testing.T) {
	cmds := taskRows("jpeg-flip", "jpegtran", []float64{1, 1}, "pixtool", []float64{1.1, 1.2})
	for i := range cmds {
		cmds[i].pinned, cmds[i].runs = "1", 2
	}
	var b bytes.Buffer
	report{in: inputs{res: newResults(nil), cmds: cmds}, cfg: config{commandsOnly: true, cpus: "1", count: 5},
		tasks: map[string]string{"jpeg-flip": "jpeg-flip: one photo"}}.markdown(&b)
	md := b.String()
	for _, s := range []string{
		"`go run ./bench/cmd/report -commands-only -cpus 1`",
		"No Go benchmark ran (`-commands-only`)",
		"| #13 | lossless flip of a 12 MP q90 4:2:0 photo ≤ 1.3x jpegtran -flip horizontal -optimize -copy all (goal 1.0x), one core | 1.15x (1.10–1.20) | met |",
		"| #3 | FlipV, one goroutine ≤ 1.0x the floor | — (no Go benchmark ran) | not measured |",
		"**jpeg-flip: one photo** — pinned (`taskset -c 1`).",
		"Not run (`-commands-only`).",
	} {
		if !strings.Contains(md, s) {
			t.Errorf("RESULTS.md lacks %q", s)
		}
	}
	if strings.Contains(md, "### Ops") {
		t.Error("RESULTS.md has a Go table with no Go benchmark run")
	}
}

// TestJobsTarget checks issue 6's target: --jobs 2 judged against 1.8x
// when one job pinned to each CPU shows them alike (or was not timed), and
// against 90% of 1 + t_fast/t_slow when the slower CPU was slower in every
// round.
func TestJobsTarget(t *testing.T) {
	const prefix = "batch JPEG flips scale"
	// --jobs 2 is 1.74x (1.67–1.82) as fast as --jobs 1.
	base := taskRows("jobs-scaling", "pixtool --jobs 1", []float64{2, 2, 2}, "pixtool --jobs 2", []float64{1.2, 1.1, 1.15})
	pinned := func(cpu0, cpu1 []float64) []cmdRow {
		rows := taskRows("jobs-scaling", "pixtool --jobs 1 on CPU 0", cpu0, "pixtool --jobs 1 on CPU 1", cpu1)
		rows[0].pinned, rows[1].pinned = "0", "1"
		return append(slices.Clone(base), rows...)
	}
	for _, c := range []struct {
		name     string
		cmds     []cmdRow
		measured string
		v        verdict
	}{
		{"no pinned rows", base, "1.74x (1.67–1.82)", notMet},
		{"CPUs alike", pinned([]float64{1, 1, 1}, []float64{1.1, 0.95, 1.02}), "1.74x (1.67–1.82)", notMet},
		{"CPU 1 slower in every round", pinned([]float64{1, 1, 1}, []float64{1.5, 1.4, 1.6}),
			"1.74x (1.67–1.82); the CPUs are unequal: one job took 1.50x (1.40–1.60) as long on CPU 1 as on CPU 0, so two jobs can gain at most 1.67x, and 90% of that is 1.50x", met},
		{"CPU 0 slower, met at the limit", pinned([]float64{1.1, 1.05, 1.08}, []float64{1, 1, 1}),
			"1.74x (1.67–1.82); the CPUs are unequal: one job took 1.08x (1.05–1.10) as long on CPU 0 as on CPU 1, so two jobs can gain at most 1.93x, and 90% of that is 1.73x", met},
		{"CPU 1 a little slower, not met", pinned([]float64{1, 1, 1}, []float64{1.03, 1.02, 1.04}),
			"1.74x (1.67–1.82); the CPUs are unequal: one job took 1.03x (1.02–1.04) as long on CPU 1 as on CPU 0, so two jobs can gain at most 1.97x, and 90% of that is 1.77x", notMet},
	} {
		got := verdictOf(t, inputs{res: newResults(nil), cmds: c.cmds}, prefix)
		if got.v != c.v || got.measured != c.measured {
			t.Errorf("%s: %v, %q; want %v, %q", c.name, got.v, got.measured, c.v, c.measured)
		}
	}
}
