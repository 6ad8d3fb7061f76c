package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWalkNamesSkipped: a walk over a folder of what a camera card and a
// photo library hold names each file it leaves out in --json with its
// kind, counts them by kind in the summary (and in the human line), never
// decodes the RAW file, and sniffs the extensionless PNG and processes it.
func TestWalkNamesSkipped(t *testing.T) {
	dir := t.TempDir()
	card := filepath.Join(dir, "card")
	m := pattern(6, 4, 3, 8)
	if err := os.MkdirAll(filepath.Join(card, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	writePNG(t, filepath.Join(card, "a.png"), m)
	writePNG(t, filepath.Join(card, "IMG_0001"), m)
	tiff, err := os.ReadFile(filepath.Join("..", "..", "testdata", "video-001.tiff"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"IMG_0002.HEIC": []byte("\x00\x00\x00\x18ftypheic"), "b.avif": []byte("\x00\x00\x00\x18ftypavif"),
		"IMG_0003.DNG": tiff, "IMG_0001.xmp": []byte("<x:xmpmeta/>"), "IMG_0004.AAE": []byte("<plist/>"),
		"notes.txt": []byte("hello"), "README": []byte("not an image"), ".DS_Store": []byte{0, 0, 0, 1},
		"c.png~": []byte("old"), "sub/d.png": nil,
	}
	for name, data := range files {
		if data == nil {
			writePNG(t, filepath.Join(card, name), m)
			continue
		}
		if err := os.WriteFile(filepath.Join(card, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("nowhere", filepath.Join(card, "dangling.png")); err != nil {
		t.Fatal(err)
	}
	r := mustRun(t, dir, 0, "flip", "--horizontal", "--json", "-o", "out", "card")
	recs, sum, err := parseStream([]byte(r.stdout))
	if err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	want := map[string]string{
		"IMG_0002.HEIC": skipUnsupported, "b.avif": skipUnsupported, "IMG_0003.DNG": skipRaw,
		"IMG_0001.xmp": skipSidecar, "IMG_0004.AAE": skipSidecar, "notes.txt": skipNotImage, "README": skipNotImage,
		".DS_Store": skipHidden, "c.png~": skipTemporary, "dangling.png": skipNotFile, "sub": skipDirectory,
	}
	kinds := map[string]int{}
	for _, rec := range recs {
		name := filepath.Base(rec.Input)
		switch {
		case rec.Status == statusSkipped:
			if want[name] != rec.Skip || rec.Reason == "" {
				t.Errorf("%s skipped as %q (%s), want %q", name, rec.Skip, rec.Reason, want[name])
			}
			kinds[rec.Skip]++
			delete(want, name)
		case name == "a.png" || name == "IMG_0001":
			if rec.Status != statusDone {
				t.Errorf("%s: %+v", name, rec)
			}
		default:
			t.Errorf("unexpected record %+v", rec)
		}
	}
	for name, kind := range want {
		t.Errorf("%s not named as skipped (%s)", name, kind)
	}
	if sum.Done != 2 || sum.Skipped != 11 || len(sum.SkippedKinds) != len(kinds) {
		t.Errorf("summary %+v, want 2 done and 11 skipped by kind %v", sum, kinds)
	}
	for k, n := range kinds {
		if sum.SkippedKinds[k] != n {
			t.Errorf("summary counts %d %s, the records %d", sum.SkippedKinds[k], k, n)
		}
	}
	checkImage(t, filepath.Join(dir, "out", "IMG_0001.png"), m.flipH())
	if got, _ := os.ReadFile(filepath.Join(card, "IMG_0003.DNG")); string(got) != string(tiff) {
		t.Error("the RAW file was touched")
	}
	r = mustRun(t, dir, 0, "flip", "--horizontal", "--force", "-o", "out", "card")
	for _, part := range []string{"11 skipped (", "2 not images", "2 unsupported formats", "1 camera RAW", "2 sidecars", "1 hidden", "1 temporary", "1 not a regular file", "1 directory without --recursive"} {
		if !strings.Contains(r.stderr, part) {
			t.Errorf("the summary line lacks %q:\n%s", part, r.stderr)
		}
	}
	// Sharded, each entry is named by one shard only.
	seen := map[string]int{}
	for _, k := range []string{"0/2", "1/2"} {
		r := mustRun(t, dir, 0, "flip", "--horizontal", "--force", "--json", "--shard", k, "-o", "out", "card")
		recs, _, _ := parseStream([]byte(r.stdout))
		for _, rec := range recs {
			seen[rec.Input]++
		}
	}
	if len(seen) != 13 {
		t.Errorf("the shards named %d entries, want 13", len(seen))
	}
	for in, n := range seen {
		if n != 1 {
			t.Errorf("%s named by %d shards", in, n)
		}
	}
}

// TestSniffedNames: a file named on the command line (or in --files-from)
// with no extension or one no format has is read by its content, and its
// output gets the format's extension after its whole name; a file whose
// extension names another format than its content is written as its name
// says, and the record says so; a file that is no image fails, naming why.
func TestSniffedNames(t *testing.T) {
	dir := t.TempDir()
	m := pattern(5, 3, 3, 8)
	writePNG(t, filepath.Join(dir, "scan"), m)
	writePNG(t, filepath.Join(dir, "scan.001"), m)
	writePNM(t, filepath.Join(dir, "frame.raw.ppm.bak2"), m, "P6")
	writePNM(t, filepath.Join(dir, "wrong.png"), m, "P6")
	if err := os.WriteFile(filepath.Join(dir, "text"), []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "list"), []byte("frame.raw.ppm.bak2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := mustRun(t, dir, 1, "flip", "--vertical", "--json", "-o", "out", "--files-from", "list", "scan", "scan.001", "wrong.png", "text")
	recs, _, err := parseStream([]byte(r.stdout))
	if err != nil {
		t.Fatal(err)
	}
	byIn := map[string]record{}
	for _, rec := range recs {
		byIn[rec.Input] = rec
	}
	checkImage(t, filepath.Join(dir, "out", "scan.png"), m.flipV())
	checkImage(t, filepath.Join(dir, "out", "scan.001.png"), m.flipV())
	checkImage(t, filepath.Join(dir, "out", "frame.raw.ppm.bak2.pnm"), m.flipV())
	if rec := byIn["frame.raw.ppm.bak2"]; rec.Path != "raster" {
		t.Errorf("a sniffed Netpbm file took the %q path, want raster", rec.Path)
	}
	checkImage(t, filepath.Join(dir, "out", "wrong.png"), m.flipV())
	if c := recordChanges(byIn["wrong.png"]); !strings.Contains(c, "pnm content written as png") {
		t.Errorf("a PPM named .png written as PNG without a word: %s", c)
	}
	if rec := byIn["text"]; rec.Status != statusFailed || !strings.Contains(rec.Error, "content") {
		t.Errorf("a text file: %+v, want failed saying its content is no image", rec)
	}
}
