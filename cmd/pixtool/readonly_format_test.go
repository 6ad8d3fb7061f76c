package main

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/image/webp"
)

// TestReadOnlyFormatGoesOutAsPNG checks that an input in a format pixview
// only reads (WebP) is written as a PNG of the same name, not refused, when
// no --to is given; and that --in-place, which cannot change the format,
// still refuses it.
func TestReadOnlyFormatGoesOutAsPNG(t *testing.T) {
	dir := t.TempDir()
	const name = "blue-purple-pink.lossless.webp"
	data, err := os.ReadFile(filepath.Join(repoTestdata, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, dir, 0, "flip", "--horizontal", "-q", "--out", "out", name)

	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	src, err := webp.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	checkImage(t, filepath.Join(dir, "out", "blue-purple-pink.lossless.png"), fromStd(src).flipH())

	r := mustRun(t, dir, 1, "flip", "--horizontal", "-q", "--in-place", name)
	if r.stderr == "" {
		t.Error("--in-place on a WebP file failed without a message")
	}
}
