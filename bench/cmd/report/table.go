package main

import (
	"fmt"
	"slices"
	"strings"
)

// row is the median result of one benchmark, named Group/Size/Op/Impl, and
// its ratios to the references of its group and size.
type row struct {
	name                    string
	group, size, op, impl   string
	ns, mbps, bytes, allocs float64
	runs                    int
	rounds                  []float64 // ns/op of each repetition, in the order run: one per round

	// Ratios, 0 when the reference is missing: time over the group's
	// one-goroutine floor and copy(), and imaging's time over this one.
	xFloor, xCopy, overImaging float64
}

// newRow splits a benchmark name into its four parts. A name with fewer
// parts keeps what it has; extra parts stay in impl.
func newRow(name string) row {
	p := strings.SplitN(name, "/", 4)
	for len(p) < 4 {
		p = append(p, "")
	}
	return row{name: name, group: p[0], size: p[1], op: p[2], impl: p[3]}
}

// key returns the Group/Size/Op/Impl name of a row.
func key(group, size, op, impl string) string {
	return group + "/" + size + "/" + op + "/" + impl
}

// results indexes rows by name.
type results struct {
	rows []row
	by   map[string]int
}

// newResults computes every row's ratios: to ref/floor and ref/copy of the
// same group and size, and imaging's time over its own for the other rows
// of an op that has an imaging row.
func newResults(rows []row) *results {
	res := &results{rows: rows, by: make(map[string]int, len(rows))}
	for i, r := range rows {
		res.by[r.name] = i
	}
	for i := range res.rows {
		r := &res.rows[i]
		if f, ok := res.get(key(r.group, r.size, "ref", "floor")); ok && f.ns > 0 {
			r.xFloor = r.ns / f.ns
		}
		if c, ok := res.get(key(r.group, r.size, "ref", "copy")); ok && c.ns > 0 {
			r.xCopy = r.ns / c.ns
		}
		if r.impl != "imaging" && r.ns > 0 {
			if m, ok := res.get(key(r.group, r.size, r.op, "imaging")); ok {
				r.overImaging = m.ns / r.ns
			}
		}
	}
	return res
}

// get returns the row of the given name.
func (res *results) get(name string) (row, bool) {
	i, ok := res.by[name]
	if !ok {
		return row{}, false
	}
	return res.rows[i], true
}

// ratio returns the time of benchmark a over that of benchmark b, and
// whether both exist.
func (res *results) ratio(a, b string) (float64, bool) {
	ra, ok1 := res.get(a)
	rb, ok2 := res.get(b)
	if !ok1 || !ok2 || rb.ns == 0 {
		return 0, false
	}
	return ra.ns / rb.ns, true
}

// spread is the median of a set of per-round ratios with its minimum and
// maximum.
type spread struct {
	med, lo, hi float64
	n           int // rounds
}

// width is max - min: how far the ratio moved between rounds.
func (s spread) width() float64 { return s.hi - s.lo }

// String formats the spread as "1.12x (1.05–1.20)", or "1.12x" for one
// round.
func (s spread) String() string {
	if s.n <= 1 {
		return fmt.Sprintf("%.2fx", s.med)
	}
	return fmt.Sprintf("%.2fx (%.2f–%.2f)", s.med, s.lo, s.hi)
}

// perRound returns the ratios xs[i]/ys[i] over the rounds both have,
// their median and range; round i is the i-th repetition of each
// benchmark. The report runs the suite in rounds, so the i-th repetitions
// of a and b come from the same pass over the suite; in output from one
// go test -count N run, they are the i-th of N back-to-back repetitions.
func perRound(xs, ys []float64) (spread, bool) {
	n := min(len(xs), len(ys))
	var rs []float64
	for i := range n {
		if ys[i] > 0 {
			rs = append(rs, xs[i]/ys[i])
		}
	}
	if len(rs) == 0 {
		return spread{}, false
	}
	return spread{med: median(rs), lo: slices.Min(rs), hi: slices.Max(rs), n: len(rs)}, true
}

// ratioRounds returns the per-round ratios of benchmark a to benchmark b.
func (res *results) ratioRounds(a, b string) (spread, bool) {
	ra, ok1 := res.get(a)
	rb, ok2 := res.get(b)
	if !ok1 || !ok2 {
		return spread{}, false
	}
	xs, ys := ra.rounds, rb.rounds
	if len(xs) == 0 || len(ys) == 0 { // rows built without samples
		xs, ys = []float64{ra.ns}, []float64{rb.ns}
	}
	return perRound(xs, ys)
}

// groups returns the group names in order of first appearance.
func (res *results) groups() []string {
	var gs []string
	seen := map[string]bool{}
	for _, r := range res.rows {
		if !seen[r.group] {
			seen[r.group] = true
			gs = append(gs, r.group)
		}
	}
	return gs
}
