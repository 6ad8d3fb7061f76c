package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/pixview/pixview/codec"
	"github.com/pixview/pixview/pixbuf"
)

// TestLosslessSteadyStateAllocation rewrites the same 2048x1536 JPEG
// losslessly again and again in-process, as a batch of same-sized photos
// would, and checks that the coefficient planes and the file's buffer come
// from the batch's pool (jpeg.Scratch): after the first file, each
// allocates less than a tenth of its planes, so the garbage collector has
// nothing large to reclaim and a --jobs N batch's peak memory stays near N
// files' working memory. Not parallel: the heap's counters are the
// process's.
func TestLosslessSteadyStateAllocation(t *testing.T) {
	dir := t.TempDir()
	const w, h = 2048, 1536
	v, err := pixbuf.Wrap(make([]uint8, w*h*3), h, w, 3)
	if err != nil {
		t.Fatal(err)
	}
	m := pattern(w, h, 3, 8)
	for i, s := range m.pix {
		// Some noise on the pattern, so that blocks have AC coefficients.
		v.Set(i/(3*w), i/3%w, i%3, uint8(s)^uint8(uint32(i)*2654435761>>29))
	}
	src := filepath.Join(dir, "a.jpg")
	f, err := os.Create(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := codec.Encode(f, v, "jpeg", &codec.EncodeOptions{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	// The 4:2:0 planes: 1.5 blocks of 128 bytes per 64 pixels.
	planes := uint64(w * h * 3 / 2 / 64 * 128)
	for _, o := range []pixbuf.Orientation{pixbuf.FlipHorizontal, pixbuf.Rotate90} {
		t.Run(o.String(), func(t *testing.T) {
			fmts := defaultFormats().withJPEG(&jpegFlags{}, 0)
			r := &runner{f: &batchFlags{force: true, jobs: 1}, t: transform{orient: o}, st: localStore{}, fmts: fmts, bufs: newBuffers(2, 1<<30), workers: 1}
			j := job{in: input{path: src}, dest: filepath.Join(dir, "b.jpg"), format: fmts.lookup("jpeg")}
			ctx := context.Background()
			rec := r.process(ctx, j) // fills the pool
			if rec.err != nil {
				t.Fatal(rec.err)
			}
			if rec.Path != string(codec.PathLossless) {
				t.Fatalf("path %q, want the lossless one", rec.Path)
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
			per := (after.TotalAlloc - before.TotalAlloc) / n
			t.Logf("%d bytes allocated per file; coefficient planes %d bytes", per, planes)
			if per > planes/10 {
				t.Errorf("each file allocates %d bytes, more than a tenth of its %d bytes of coefficients: the planes are not reused", per, planes)
			}
		})
	}
}
