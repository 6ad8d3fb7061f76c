package main

import (
	"bytes"
	"strings"
	"testing"
)

// fakeResults builds results from name/ns/allocs/bytes rows.
func fakeResults(rows ...row) *results {
	out := make([]row, len(rows))
	for i, r := range rows {
		n := newRow(r.name)
		n.ns, n.allocs, n.bytes = r.ns, r.allocs, r.bytes
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
		{task: "raw-stream", tool: "pixtool", status: statusOK, sec: 1},
		{task: "raw-stream", tool: "ffmpeg", status: statusOK, sec: 2},
		{task: "batch-ppm", tool: "pixtool", status: statusOK, sec: 1},
		{task: "batch-ppm", tool: "cp", status: statusAbsent},
	}
	in := inputs{res: res, cmds: cmds, size: "12MP"}
	want := map[string]verdict{
		"FlipV, one goroutine ≤ 1.0x the floor":                                                           met,
		"FlipV, two goroutines ≤ 0.6x the one-goroutine floor":                                            notMet,
		"FlipH (SIMD), one goroutine ≤ 1.3x the floor":                                                    met,
		"Rotate180 ≤ 1.4x the floor":                                                                      unmeasured,
		"every view method 0 allocs and ≤ 0.25x image.RGBA.SubImage, at every size":                       met,
		"FlipH ≥ 7x faster than imaging.FlipH on the same pixels, 0 B/op":                                 met,
		"batch flip --horizontal --in-place over 12 MP PPMs ≤ 0.5x the time of cp":                        unmeasured,
		"raw 1080p rgb24 stream read → FlipH → write ≥ 1.5x ffmpeg -vf hflip throughput (whole commands)": met,
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
