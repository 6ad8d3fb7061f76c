package main

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// sample is one line of `go test -bench` output: one repetition of one
// benchmark.
type sample struct {
	name   string  // without "Benchmark" and the -GOMAXPROCS suffix
	ns     float64 // ns/op
	mbps   float64 // MB/s, 0 if the benchmark set no bytes
	bytes  float64 // B/op
	allocs float64 // allocs/op
}

// procsSuffix matches the -GOMAXPROCS suffix the testing package appends
// to a benchmark name. Benchmark names in package bench never end in a dash
// followed by digits only, so the suffix is unambiguous.
var procsSuffix = regexp.MustCompile(`-\d+$`)

// parseBench reads `go test -bench -benchmem` output and returns its
// samples in order, plus the value of the "cpu:" line if there is one. Lines
// that are not benchmark results are skipped, as benchstat skips them.
func parseBench(r io.Reader) (samples []sample, cpu string, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if s, ok := strings.CutPrefix(line, "cpu: "); ok {
			cpu = strings.TrimSpace(s)
			continue
		}
		if !strings.HasPrefix(line, "Benchmark") {
			continue
		}
		s, ok, err := parseLine(line)
		if err != nil {
			return nil, cpu, err
		}
		if ok {
			samples = append(samples, s)
		}
	}
	return samples, cpu, sc.Err()
}

// parseLine parses one result line such as
//
//	BenchmarkOps/12MP/FlipH/pixview-w1-2  100  5012345 ns/op  7182.1 MB/s  0 B/op  0 allocs/op
//
// It reports false for a line that names a benchmark but carries no result
// (a benchmark that printed a log line, or failed).
func parseLine(line string) (sample, bool, error) {
	f := strings.Fields(line)
	if len(f) < 4 || f[3] != "ns/op" {
		return sample{}, false, nil
	}
	if _, err := strconv.Atoi(f[1]); err != nil {
		return sample{}, false, nil
	}
	s := sample{name: procsSuffix.ReplaceAllString(strings.TrimPrefix(f[0], "Benchmark"), "")}
	for i := 2; i+1 < len(f); i += 2 {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return sample{}, false, fmt.Errorf("report: bad value %q in %q", f[i], line)
		}
		switch f[i+1] {
		case "ns/op":
			s.ns = v
		case "MB/s":
			s.mbps = v
		case "B/op":
			s.bytes = v
		case "allocs/op":
			s.allocs = v
		}
	}
	return s, true, nil
}

// median returns the median of xs (the mean of the middle two for an even
// count), or 0 for none. It does not modify xs.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// medians folds the repetitions of each benchmark into one row holding the
// median of every metric, in order of first appearance.
func medians(samples []sample) []row {
	type acc struct{ ns, mbps, bytes, allocs []float64 }
	var order []string
	by := map[string]*acc{}
	for _, s := range samples {
		a := by[s.name]
		if a == nil {
			a = &acc{}
			by[s.name] = a
			order = append(order, s.name)
		}
		a.ns = append(a.ns, s.ns)
		a.mbps = append(a.mbps, s.mbps)
		a.bytes = append(a.bytes, s.bytes)
		a.allocs = append(a.allocs, s.allocs)
	}
	rows := make([]row, 0, len(order))
	for _, name := range order {
		a := by[name]
		r := newRow(name)
		r.ns, r.mbps = median(a.ns), median(a.mbps)
		r.bytes, r.allocs = median(a.bytes), median(a.allocs)
		r.runs = len(a.ns)
		r.rounds = a.ns
		rows = append(rows, r)
	}
	return rows
}
