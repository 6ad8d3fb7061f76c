package main

import (
	"math"
	"strings"
	"testing"
)

const sampleOutput = `goos: linux
goarch: amd64
pkg: github.com/pixview/pixview/bench
cpu: Some CPU @ 2.0GHz
BenchmarkOps/12MP/FlipH/pixview-w1-2   	     100	   6000000 ns/op	6000.00 MB/s	       0 B/op	       0 allocs/op
BenchmarkOps/12MP/FlipH/pixview-w1-2   	     100	   5000000 ns/op	7200.00 MB/s	       0 B/op	       0 allocs/op
BenchmarkOps/12MP/FlipH/pixview-w1-2   	     100	   9000000 ns/op	4000.00 MB/s	       0 B/op	       0 allocs/op
BenchmarkOps/12MP/FlipH/imaging-2      	      20	  50000000 ns/op	 720.00 MB/s	48005120 B/op	      8 allocs/op
BenchmarkOps/12MP/ref/floor-2          	     200	   5000000 ns/op	7200.00 MB/s	       0 B/op	       0 allocs/op
BenchmarkOps/12MP/ref/floor-w2-2       	     200	   2500000 ns/op	14400.00 MB/s	      64 B/op	       2 allocs/op
BenchmarkOps/12MP/ref/copy-2           	     100	  10000000 ns/op	3600.00 MB/s	       0 B/op	       0 allocs/op
BenchmarkOps/12MP/ref/copy-64K         	     100	   8000000 ns/op	4500.00 MB/s	       0 B/op	       0 allocs/op
BenchmarkView/1MP/Crop/view-2          	  1000000	        20.5 ns/op	       0 B/op	       0 allocs/op
--- FAIL: BenchmarkBroken
BenchmarkBroken/x/y/z-2
PASS
`

func TestParseBench(t *testing.T) {
	samples, cpu, err := parseBench(strings.NewReader(sampleOutput))
	if err != nil {
		t.Fatal(err)
	}
	if cpu != "Some CPU @ 2.0GHz" {
		t.Errorf("cpu = %q", cpu)
	}
	if len(samples) != 9 {
		t.Fatalf("got %d samples, want 9", len(samples))
	}
	if s := samples[5]; s.name != "Ops/12MP/ref/floor-w2" || s.ns != 2.5e6 || s.allocs != 2 || s.bytes != 64 {
		t.Errorf("sample 5 = %+v", s)
	}
	if s := samples[7]; s.name != "Ops/12MP/ref/copy-64K" {
		t.Errorf("a name without a procs suffix became %q", s.name)
	}
	if s := samples[8]; s.mbps != 0 || s.ns != 20.5 {
		t.Errorf("a result without MB/s parsed as %+v", s)
	}
}

func TestParseLineRejectsGarbage(t *testing.T) {
	if _, _, err := parseLine("BenchmarkX-2  10  abc ns/op  xyz MB/s"); err == nil {
		t.Error("a non-numeric MB/s parsed without error")
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want float64
	}{
		{nil, 0}, {[]float64{3}, 3}, {[]float64{9, 1, 5}, 5}, {[]float64{4, 1, 3, 2}, 2.5},
	} {
		in := append([]float64(nil), c.in...)
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", in, got, c.want)
		}
		for i := range in {
			if in[i] != c.in[i] {
				t.Errorf("median reordered its input")
			}
		}
	}
}

func TestMediansAndRatios(t *testing.T) {
	samples, _, err := parseBench(strings.NewReader(sampleOutput))
	if err != nil {
		t.Fatal(err)
	}
	res := newResults(medians(samples))
	flip, ok := res.get("Ops/12MP/FlipH/pixview-w1")
	if !ok {
		t.Fatal("no FlipH row")
	}
	if flip.runs != 3 || flip.ns != 6e6 || flip.mbps != 6000 {
		t.Errorf("FlipH median row = %+v", flip)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if !near(flip.xFloor, 1.2) || !near(flip.xCopy, 0.6) {
		t.Errorf("FlipH x floor %v, x copy %v; want 1.2 and 0.6", flip.xFloor, flip.xCopy)
	}
	if !near(flip.overImaging, 50.0/6) {
		t.Errorf("FlipH speed-up over imaging %v, want %v", flip.overImaging, 50.0/6)
	}
	if im, _ := res.get("Ops/12MP/FlipH/imaging"); im.overImaging != 0 {
		t.Errorf("imaging has a speed-up over itself: %v", im.overImaging)
	}
	if v, _ := res.get("View/1MP/Crop/view"); v.xFloor != 0 {
		t.Errorf("a row without a floor in its group got x floor %v", v.xFloor)
	}
	if r, ok := res.ratio("Ops/12MP/ref/floor-w2", "Ops/12MP/ref/floor"); !ok || r != 0.5 {
		t.Errorf("ratio(floor-w2, floor) = %v, %v", r, ok)
	}
	if _, ok := res.ratio("Ops/12MP/nothing/here", "Ops/12MP/ref/floor"); ok {
		t.Error("ratio of a missing row reported ok")
	}
	if g := res.groups(); len(g) != 2 || g[0] != "Ops" || g[1] != "View" {
		t.Errorf("groups = %v", g)
	}
}
