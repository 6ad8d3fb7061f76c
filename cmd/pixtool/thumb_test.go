package main

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

	"github.com/pixview/pixview/codec"
)

// runThumbnail runs the thumbnail command in process with args.
func runThumbnail(t *testing.T, args ...string) error {
	t.Helper()
	var stderr bytes.Buffer
	a := &app{fmts: defaultFormats(), stdout: &bytes.Buffer{}, stderr: &stderr}
	cmd := newThumbnailCmd(a)
	cmd.SetArgs(args)
	cmd.SetOut(&bytes.Buffer{})
	cmd.SetErr(&stderr)
	err := cmd.Execute()
	if err != nil {
		t.Logf("stderr: %s", stderr.String())
	}
	return err
}

// TestThumbnailSizes: thumbnails of a JPEG (scaled decode, every scale
// reached) and of a PNG fit within N x N with the aspect ratio kept, show
// the image upright (EXIF 6 turns a landscape file portrait), and a JPEG's
// thumbnail keeps its tables.
func TestThumbnailSizes(t *testing.T) {
	needTool(t, "cjpeg", "libjpeg-turbo-progs")
	needTool(t, "exiftool", "libimage-exiftool-perl")
	dir := t.TempDir()
	jpegFixture(t, dir, "land.jpg", 400, 300, 1, "-quality", "90")
	jpegFixture(t, dir, "turned.jpg", 400, 300, 6, "-quality", "90")
	writePNG(t, filepath.Join(dir, "p.png"), pattern(90, 60, 3, 8))
	for _, tc := range []struct {
		name   string
		size   int
		ww, wh int
	}{
		{"land.jpg", 40, 40, 30},   // 1/8 decode (50x38), then resampled
		{"land.jpg", 120, 120, 90}, // 1/2 decode
		{"land.jpg", 500, 400, 300},
		{"turned.jpg", 100, 75, 100},
		{"p.png", 30, 30, 20},
	} {
		out := filepath.Join(dir, "out")
		if err := runThumbnail(t, "--size", strconv.Itoa(tc.size), "--out", out, filepath.Join(dir, tc.name)); err != nil {
			t.Fatalf("%s %d: %v", tc.name, tc.size, err)
		}
		cfg, err := codec.LoadConfig(filepath.Join(out, tc.name))
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Width != tc.ww || cfg.Height != tc.wh {
			t.Errorf("%s --size %d: %dx%d, want %dx%d", tc.name, tc.size, cfg.Width, cfg.Height, tc.ww, tc.wh)
		}
	}
	if err := runThumbnail(t, "--out", dir, filepath.Join(dir, "p.png")); err == nil {
		t.Error("no --size accepted")
	}
}

// TestThumbnailStreamedEqualsWhole: where the thumbnail is a JPEG's scaled
// decode as it is (1/8, 1/2, 1/1 of sizes odd and even, 4:2:0, 4:4:4,
// gray, restart markers, progressive, the source's tables or --quality),
// the streamed file equals the decoded path's byte for byte; where it is
// not (a resampled size, an EXIF orientation), both paths write the same
// too (the decoded one). And the streamed path is the one taken: it
// allocates at least half the thumbnail's view less than the decoded
// path (measured: 1.0-1.1 views less at 1/8 and 1/2, 0.9 at 1/1), the
// memory it exists to leave untouched.
func TestThumbnailStreamedEqualsWhole(t *testing.T) {
	needTool(t, "cjpeg", "libjpeg-turbo-progs")
	needTool(t, "exiftool", "libimage-exiftool-perl")
	dir := t.TempDir()
	fs := defaultFormats()
	for _, tc := range []struct {
		name          string
		w, h, o, size int
		quality       int
		args          []string
		streams       bool
	}{
		{"eighth.jpg", 1024, 768, 1, 128, 0, []string{"-quality", "90", "-sample", "2x2"}, true},
		{"eighth-odd.jpg", 1001, 750, 1, 126, 0, []string{"-quality", "85", "-sample", "2x2"}, true},
		{"eighth-q.jpg", 1024, 768, 1, 128, 60, []string{"-quality", "90"}, true},
		{"half444.jpg", 640, 480, 1, 320, 0, []string{"-quality", "95", "-sample", "1x1"}, true},
		{"gray.jpg", 800, 600, 1, 100, 0, []string{"-grayscale"}, true},
		{"restart.jpg", 800, 600, 1, 100, 0, []string{"-restart", "1"}, true},
		{"prog.jpg", 800, 600, 1, 100, 0, []string{"-progressive"}, true},
		{"whole.jpg", 300, 200, 1, 400, 0, []string{"-quality", "90"}, true},
		{"resampled.jpg", 800, 600, 1, 90, 0, []string{"-quality", "90"}, false},
		{"turned.jpg", 800, 600, 6, 100, 0, []string{"-quality", "90"}, false},
	} {
		src := jpegFixture(t, dir, tc.name, tc.w, tc.h, tc.o, tc.args...)
		var files [2][]byte
		var alloc [2]uint64
		for i, stream := range []bool{true, false} {
			dst := filepath.Join(dir, strconv.FormatBool(stream), tc.name)
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				t.Fatal(err)
			}
			alloc[i] = allocated(func() {
				if err := thumbnailFile(fs, src, dst, tc.size, tc.quality, stream); err != nil {
					t.Fatalf("%s --size %d (stream %v): %v", tc.name, tc.size, stream, err)
				}
			})
			b, err := os.ReadFile(dst)
			if err != nil {
				t.Fatal(err)
			}
			files[i] = b
		}
		if !bytes.Equal(files[0], files[1]) {
			t.Errorf("%s --size %d: the streamed thumbnail (%d bytes) differs from the decoded path's (%d bytes)",
				tc.name, tc.size, len(files[0]), len(files[1]))
		}
		cfg, err := codec.DecodeConfig(bytes.NewReader(files[0]))
		if err != nil {
			t.Fatal(err)
		}
		view := uint64(cfg.Width * cfg.Height * max(1, cfg.Channels))
		if streamed := alloc[0]+view/2 <= alloc[1]; streamed != tc.streams {
			t.Errorf("%s --size %d: streamed %v, want %v (allocated %d bytes, the decoded path %d, the view %d)",
				tc.name, tc.size, streamed, tc.streams, alloc[0], alloc[1], view)
		}
	}
}

// TestThumbnailStreamedTruncated: a JPEG cut in its scan fails on the
// streamed path as on the decoded one, leaving no file behind.
func TestThumbnailStreamedTruncated(t *testing.T) {
	needTool(t, "cjpeg", "libjpeg-turbo-progs")
	dir := t.TempDir()
	src := jpegFixture(t, dir, "cut.jpg", 1024, 768, 1, "-quality", "90")
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, b[:len(b)*2/3], 0o644); err != nil {
		t.Fatal(err)
	}
	for _, stream := range []bool{true, false} {
		dst := filepath.Join(dir, strconv.FormatBool(stream), "cut.jpg")
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		err := thumbnailFile(defaultFormats(), src, dst, 128, 0, stream)
		if !errors.Is(err, codec.ErrFormat) {
			t.Errorf("stream %v: %v, want an error wrapping ErrFormat", stream, err)
		}
		if ents, _ := os.ReadDir(filepath.Dir(dst)); len(ents) != 0 {
			t.Errorf("stream %v: %s left behind", stream, ents[0].Name())
		}
	}
}

// allocated returns the fewest bytes the heap grew by over three runs of
// fn (the least disturbed by anything else running).
func allocated(fn func()) uint64 {
	least := uint64(math.MaxUint64)
	var a, b runtime.MemStats
	for range 3 {
		runtime.ReadMemStats(&a)
		fn()
		runtime.ReadMemStats(&b)
		least = min(least, b.TotalAlloc-a.TotalAlloc)
	}
	return least
}
