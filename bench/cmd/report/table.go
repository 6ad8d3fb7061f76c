package main

import "strings"

// row is the median result of one benchmark, named Group/Size/Op/Impl, and
// its ratios to the references of its group and size.
type row struct {
	name                    string
	group, size, op, impl   string
	ns, mbps, bytes, allocs float64
	runs                    int

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
