package main

import (
	"bytes"
	"compress/zlib"
	"context"
	be "encoding/binary"
	"errors"
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
