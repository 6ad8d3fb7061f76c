package main

import (
	"bytes"
	"path/filepath"
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
