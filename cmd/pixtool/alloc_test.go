package main

import (
	"context"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// TestSteadyStateAllocation processes the same 3-megabyte Netpbm file
// again and again in-process, as a long batch of same-sized files would,
// and checks that pixel buffers come from the pool: after the first file,
// each costs far less new memory than its pixels.
func TestSteadyStateAllocation(t *testing.T) {
	dir := t.TempDir()
	const w, h = 1000, 1000
	m := pattern(w, h, 3, 8)
	writePNM(t, filepath.Join(dir, "a.ppm"), m, "P6")
	size := uint64(w * h * 3)
	tests := []struct {
		name string
		t    transform
		out  string
	}{
		{"rotate 90 to a new file", transform{orient: pixbuf.Rotate90}, "b.ppm"},
		{"flip to a new file", transform{orient: pixbuf.FlipHorizontal}, "b.ppm"},
		{"extract to a new file", transform{channel: "g"}, "b.pgm"},
		{"flip in place", transform{orient: pixbuf.FlipVertical}, "a.ppm"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fmts := defaultFormats()
			r := &runner{f: &batchFlags{force: true, jobs: 1}, t: tc.t, st: localStore{}, fmts: fmts, bufs: newBuffers(2, 1<<30), workers: 1}
			j := job{in: input{path: filepath.Join(dir, "a.ppm")}, dest: filepath.Join(dir, tc.out), format: fmts.lookup("ppm")}
			if tc.t.extract() {
				j.format = fmts.lookup("pgm")
			}
			j.replace = j.dest == j.in.path
			ctx := context.Background()
			if rec := r.process(ctx, j); rec.err != nil { // fills the pool
				t.Fatal(rec.err)
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			const n = 4
			for range n {
				if rec := r.process(ctx, j); rec.err != nil {
					t.Fatal(rec.err)
				}
			}
			runtime.ReadMemStats(&after)
			if per := (after.TotalAlloc - before.TotalAlloc) / n; per > size/8 {
				t.Errorf("each file allocates %d bytes, more than 1/8 of its %d pixel bytes: buffers are not reused", per, size)
			}
		})
	}
}
