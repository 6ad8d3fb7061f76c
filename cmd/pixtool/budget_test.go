package main

import (
	"bytes"
	"compress/zlib"
	"context"
	be "encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pixview/pixview/pixbuf"
)

// TestParseSize checks --max-memory's sizes: units are powers of 1024,
// with or without i and B, and what is not a size is refused.
func TestParseSize(t *testing.T) {
	good := map[string]int64{
		"1": 1, "512": 512, "1k": 1 << 10, "2K": 2 << 10, "64M": 64 << 20, "64MB": 64 << 20,
		"64MiB": 64 << 20, "1.5G": 3 << 29, "2g": 2 << 30, "1T": 1 << 40, " 3M ": 3 << 20, "100B": 100,
	}
	for s, want := range good {
		if got, err := parseSize(s); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	for _, s := range []string{"", "0", "-1M", "M", "x", "1X", "NaN", "Inf", "0.1", "1e30G"} {
		if got, err := parseSize(s); err == nil {
			t.Errorf("parseSize(%q) = %d, want an error", s, got)
		}
	}
}

// TestMemBudget checks the semaphore's laws: what fits is granted at once
// and given back, more than the whole budget fails at once with
// ErrTooLarge, a request that does not fit waits until memory is given
// back, and an interrupt while waiting gives errNotStarted.
func TestMemBudget(t *testing.T) {
	b := newMemBudget(100, "test")
	ctx := context.Background()
	if _, err := b.acquire(ctx, 101); !errors.Is(err, pixbuf.ErrTooLarge) || !strings.Contains(err.Error(), "memory budget") {
		t.Errorf("acquire(101) of 100: %v, want ErrTooLarge naming the budget", err)
	}
	rel60, err := b.acquire(ctx, 60)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan error, 1)
	go func() {
		rel, err := b.acquire(ctx, 50)
		if err == nil {
			rel()
		}
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("acquire(50) with 40 free returned %v without waiting", err)
	case <-time.After(50 * time.Millisecond):
	}
	rel60()
	if err := <-got; err != nil {
		t.Fatalf("acquire(50) after the release: %v", err)
	}
	rel100, err := b.acquire(ctx, 100)
	if err != nil {
		t.Fatalf("the whole budget after every release: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	if _, err := b.acquire(cctx, 1); !errors.Is(err, errNotStarted) {
		t.Errorf("interrupted while waiting: %v, want errNotStarted", err)
	}
	rel100()
}

// bigPNG writes a w x h RGBA PNG of 16-bit samples, all zero, built by
// hand so that it is small on disk and quick to make however large its
// pixels are.
func bigPNG(t *testing.T, path string, w, h int) {
	t.Helper()
	var f bytes.Buffer
	f.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		be.Write(&f, be.BigEndian, uint32(len(data)))
		c := crc32.NewIEEE()
		c.Write([]byte(typ))
		c.Write(data)
		f.WriteString(typ)
		f.Write(data)
		be.Write(&f, be.BigEndian, c.Sum32())
	}
	ihdr := make([]byte, 13)
	be.BigEndian.PutUint32(ihdr[0:], uint32(w))
	be.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 16, 6 // 16 bits, RGBA
	chunk("IHDR", ihdr)
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	row := make([]byte, 1+w*8) // filter type 0, then zeros
	for range h {
		zw.Write(row)
	}
	zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	if err := os.WriteFile(path, f.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBudgetTooLarge: a file whose working memory is more than the whole
// --max-memory fails alone with a clear error; the others are done.
func TestBudgetTooLarge(t *testing.T) {
	dir := t.TempDir()
	bigPNG(t, filepath.Join(dir, "big.png"), 2048, 2048) // 32 MB of pixels
	m := pattern(16, 16, 3, 16)
	writePNG(t, filepath.Join(dir, "small.png"), m)
	r := mustRun(t, dir, 1, "flip", "--horizontal", "--in-place", "--max-memory", "40M", "-q", "big.png", "small.png")
	if !strings.Contains(r.stderr, "big.png: needs about") || !strings.Contains(r.stderr, "memory budget") || !strings.Contains(r.stderr, "--max-memory") {
		t.Errorf("stderr %q, want big.png refused for the memory budget", r.stderr)
	}
	checkImage(t, filepath.Join(dir, "small.png"), m.flipH())
	mustRun(t, dir, 0, "flip", "--horizontal", "--in-place", "--max-memory", "1G", "-q", "big.png")
	r = mustRun(t, dir, 2, "flip", "--horizontal", "--in-place", "--max-memory", "lots", "big.png")
	if !strings.Contains(r.stderr, "--max-memory") {
		t.Errorf("a bad --max-memory: %q", r.stderr)
	}
}

// TestNetpbmEstimate checks that a Netpbm file is estimated for the path
// it takes and by its largest image: one binary image streams (its route
// stays), several go through the format's transform and count their
// largest image wherever it is, a plain one is decoded, and bytes after
// the last image that are no header count as one more raster.
func TestNetpbmEstimate(t *testing.T) {
	ppm := func(w, h, maxval int) []byte {
		b := fmt.Appendf(nil, "P6\n%d %d\n%d\n", w, h, maxval)
		n := w * h * 3
		if maxval > 255 {
			n *= 2
		}
		return append(b, make([]byte, n)...)
	}
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	tests := []struct {
		name   string
		data   []byte
		rt     route
		w, h   int
		depth  int
		images int
	}{
		{"one image", ppm(40, 30, 255), routeRaster, 40, 30, 8, 1},
		{"small first, large second", cat(ppm(4, 4, 255), ppm(300, 200, 255)), routeTransform, 300, 200, 8, 2},
		{"large first", cat(ppm(300, 200, 255), ppm(4, 4, 255), ppm(8, 8, 255)), routeTransform, 300, 200, 8, 3},
		{"16-bit third", cat(ppm(100, 100, 255), ppm(4, 4, 255), ppm(90, 90, 65535)), routeTransform, 90, 90, 16, 3},
		{"plain", []byte("P3\n2 1\n255\n1 2 3 4 5 6\n"), routeDecode, 2, 1, 8, 1},
		{"trailing bytes", cat(ppm(4, 4, 255), bytes.Repeat([]byte{'x'}, 5000)), routeTransform, 5000, 1, 8, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, _, _, err := netpbmImages(bytes.NewReader(tc.data), int64(len(tc.data)))
			if err != nil || n != tc.images {
				t.Errorf("netpbmImages: %d images, %v; want %d", n, err, tc.images)
			}
			c, rt, err := netpbmRoute(bytes.NewReader(tc.data), int64(len(tc.data)), routeRaster)
			if err != nil {
				t.Fatal(err)
			}
			if rt != tc.rt || c.Width != tc.w || c.Height != tc.h || c.Depth != tc.depth {
				t.Errorf("estimated as %dx%d, %d-bit, route %d; want %dx%d, %d-bit, route %d", c.Width, c.Height, c.Depth, rt, tc.w, tc.h, tc.depth, tc.rt)
			}
		})
	}
}

// TestMultiImageBudget runs an in-place flip of a Netpbm file whose first
// image is tiny and whose second is not, and of a file of one such image,
// under a --max-memory between the estimates of the two paths: the
// single image streams and is done; the multi-image file, which the
// format's transform takes whole, fails alone with the budget named,
// before anything is written (it was estimated as its first image, a few
// bytes, in issue #16).
func TestMultiImageBudget(t *testing.T) {
	dir := t.TempDir()
	small, big := pattern(4, 4, 3, 8), pattern(1024, 1024, 3, 8)
	writePNM(t, filepath.Join(dir, "single.ppm"), big, "P6")
	writePNM(t, filepath.Join(dir, "a.ppm"), small, "P6")
	writePNM(t, filepath.Join(dir, "b.ppm"), big, "P6")
	multi := append(readFile(t, filepath.Join(dir, "a.ppm")), readFile(t, filepath.Join(dir, "b.ppm"))...)
	if err := os.WriteFile(filepath.Join(dir, "multi.ppm"), multi, 0o644); err != nil {
		t.Fatal(err)
	}
	// The streamed image needs a band and a MiB, the multi-image file two
	// 3 MB rasters and itself; the budget is 7/8 of --max-memory.
	r := pixtool(t, dir, nil, "flip", "--horizontal", "--in-place", "--json", "--max-memory", "4M", "single.ppm", "multi.ppm")
	if r.code != exitFailure {
		t.Fatalf("exit %d, want 1: %s", r.code, r.stderr)
	}
	var s summary
	if err := unmarshalSummary([]byte(r.stdout), &s); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if s.Done != 1 || s.Failed != 1 || len(s.Failures) != 1 || s.Failures[0].Path != "multi.ppm" || !strings.Contains(s.Failures[0].Error, "memory budget") {
		t.Errorf("summary %+v: want single.ppm done and multi.ppm failed on the memory budget", s)
	}
	if got := readFile(t, filepath.Join(dir, "multi.ppm")); !bytes.Equal(got, multi) {
		t.Error("multi.ppm was changed")
	}
}

// readFile returns the content of the file at path.
func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
