package main

import (
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// TestTargetCannotHoldChannels: a conversion into a format that cannot
// hold the source's alpha or colour is refused, naming the flag that
// allows the loss, and leaves no output; with the flag it is done and
// the record says so. --to ppm and --to pgm write what their extension
// promises (P6, P5), never P7 or P6 under their name.
func TestTargetCannotHoldChannels(t *testing.T) {
	dir := t.TempDir()
	rgba, rgb := pattern(9, 6, 4, 8), pattern(9, 6, 3, 8)
	writePNG(t, filepath.Join(dir, "rgba.png"), rgba)
	writePNG(t, filepath.Join(dir, "rgb.png"), rgb)
	for _, tc := range []struct {
		to, file, ext string
		need          []string
	}{
		{"ppm", "rgba.png", ".ppm", []string{"--drop-alpha"}},
		{"jpeg", "rgba.png", ".jpg", []string{"--drop-alpha"}},
		{"bmp", "rgba.png", ".bmp", []string{"--drop-alpha"}},
		{"pgm", "rgb.png", ".pgm", []string{"--gray"}},
		{"pgm", "rgba.png", ".pgm", []string{"--drop-alpha", "--gray"}},
	} {
		out := t.TempDir()
		r := mustRun(t, dir, 1, "convert", "--to", tc.to, "-o", out, tc.file)
		for _, flag := range tc.need {
			if !strings.Contains(r.stderr, flag) {
				t.Errorf("%s --to %s: the refusal does not name %s:\n%s", tc.file, tc.to, flag, r.stderr)
			}
		}
		if ents, _ := os.ReadDir(out); len(ents) != 0 {
			t.Errorf("%s --to %s: refused, yet %d files written", tc.file, tc.to, len(ents))
		}
		r = mustRun(t, dir, 0, append([]string{"convert", "--json", "--to", tc.to, "-o", out, tc.file}, tc.need...)...)
		recs, _, err := parseStream([]byte(r.stdout))
		if err != nil || len(recs) != 1 {
			t.Fatalf("%s --to %s %v: %v\n%s", tc.file, tc.to, tc.need, err, r.stdout)
		}
		for _, flag := range tc.need {
			if !strings.Contains(recordChanges(recs[0]), flag) {
				t.Errorf("%s --to %s: the record does not say %s was applied: %s", tc.file, tc.to, flag, recordChanges(recs[0]))
			}
		}
		stem := strings.TrimSuffix(tc.file, ".png")
		if _, err := os.Stat(filepath.Join(out, stem+tc.ext)); err != nil {
			t.Errorf("%s --to %s: %v", tc.file, tc.to, err)
		}
	}
	// The outputs of the Netpbm writers: exactly the magic and the samples.
	out := t.TempDir()
	mustRun(t, dir, 0, "convert", "--to", "ppm", "--drop-alpha", "-q", "-o", out, "rgba.png")
	checkMagic(t, filepath.Join(out, "rgba.ppm"), "P6")
	checkImage(t, filepath.Join(out, "rgba.ppm"), rgba.mapPix(9, 6, 3, func(x, y, k int) uint16 { return rgba.at(x, y, k) }))
	mustRun(t, dir, 0, "convert", "--to", "pgm", "--gray", "--drop-alpha", "-q", "-o", out, "rgba.png")
	checkMagic(t, filepath.Join(out, "rgba.pgm"), "P5")
	checkImage(t, filepath.Join(out, "rgba.pgm"), rgba.mapPix(9, 6, 1, func(x, y, _ int) uint16 {
		return lumaOf(rgba.at(x, y, 0), rgba.at(x, y, 1), rgba.at(x, y, 2))
	}))
}

// TestNothingToLose: an alpha channel opaque everywhere and colour with
// R=G=B everywhere need no flag, and the record still says what became of
// them; gray written as PPM becomes RGB.
func TestNothingToLose(t *testing.T) {
	dir := t.TempDir()
	m := pattern(7, 5, 4, 8)
	opaque := m.mapPix(7, 5, 4, func(x, y, k int) uint16 {
		if k == 3 {
			return 255
		}
		return m.at(x, y, k)
	})
	gray := m.mapPix(7, 5, 3, func(x, y, _ int) uint16 { return m.at(x, y, 0) })
	writePNM(t, filepath.Join(dir, "opaque.pam"), opaque, "P7")
	writePNG(t, filepath.Join(dir, "neutral.png"), gray)
	writePNM(t, filepath.Join(dir, "g.pgm"), m.channel(1), "P5")
	r := mustRun(t, dir, 0, "convert", "--to", "ppm", "--json", "-o", "a", "opaque.pam")
	if c := recordChanges(onlyRecord(t, r)); !strings.Contains(c, "alpha") || !strings.Contains(c, "opaque") {
		t.Errorf("opaque alpha dropped without a word: %s", c)
	}
	checkImage(t, filepath.Join(dir, "a", "opaque.ppm"), m.mapPix(7, 5, 3, func(x, y, k int) uint16 { return m.at(x, y, k) }))
	r = mustRun(t, dir, 0, "convert", "--to", "pgm", "--json", "-o", "b", "neutral.png")
	if c := recordChanges(onlyRecord(t, r)); !strings.Contains(c, "neutral") {
		t.Errorf("neutral colour turned to gray without a word: %s", c)
	}
	checkImage(t, filepath.Join(dir, "b", "neutral.pgm"), m.channel(0))
	r = mustRun(t, dir, 0, "convert", "--to", "ppm", "--json", "-o", "c", "g.pgm")
	if c := recordChanges(onlyRecord(t, r)); !strings.Contains(c, "gray written as RGB") {
		t.Errorf("gray written as RGB without a word: %s", c)
	}
	checkMagic(t, filepath.Join(dir, "c", "g.ppm"), "P6")
	checkImage(t, filepath.Join(dir, "c", "g.ppm"), m.mapPix(7, 5, 3, func(x, y, _ int) uint16 { return m.at(x, y, 1) }))
}

// TestLossFlagsAreRequests: --drop-alpha and --gray apply whatever the
// target holds (a PNG stays a PNG, without alpha, in gray), on every
// path (a JPEG, which a flip would move losslessly, is decoded), and a
// file without alpha or colour is untouched by them.
func TestLossFlagsAreRequests(t *testing.T) {
	dir := t.TempDir()
	m, m16 := pattern(8, 4, 4, 8), pattern(8, 4, 3, 16)
	writePNG(t, filepath.Join(dir, "a.png"), m)
	writePNG(t, filepath.Join(dir, "b16.png"), m16)
	writePNM(t, filepath.Join(dir, "g.pgm"), m.channel(2), "P5")
	mustRun(t, dir, 0, "flip", "--horizontal", "--drop-alpha", "--gray", "-q", "-o", "out", "a.png", "b16.png", "g.pgm")
	checkImage(t, filepath.Join(dir, "out", "a.png"), m.flipH().mapPix(8, 4, 1, func(x, y, _ int) uint16 {
		f := m.flipH()
		return lumaOf(f.at(x, y, 0), f.at(x, y, 1), f.at(x, y, 2))
	}))
	checkImage(t, filepath.Join(dir, "out", "b16.png"), m16.flipH().mapPix(8, 4, 1, func(x, y, _ int) uint16 {
		f := m16.flipH()
		return lumaOf(f.at(x, y, 0), f.at(x, y, 1), f.at(x, y, 2))
	}))
	checkImage(t, filepath.Join(dir, "out", "g.pgm"), m.channel(2).flipH())

	jpg := jpegFixture(t, dir, "c.jpg", 32, 16, 1)
	r := mustRun(t, dir, 0, "flip", "--horizontal", "--gray", "--json", "-o", "j", filepath.Base(jpg))
	rec := onlyRecord(t, r)
	if rec.Path != pathDecoded || !strings.Contains(recordChanges(rec), "--gray") {
		t.Errorf("a colour JPEG under --gray: path %q, changes %s; want decoded and turned to gray", rec.Path, recordChanges(rec))
	}
	if got := readImage(t, filepath.Join(dir, "j", filepath.Base(jpg))); got.c != 1 {
		t.Errorf("a colour JPEG under --gray has %d channels, want 1", got.c)
	}
}

// TestGrayAgainstPPMToPGM: --gray gives what netpbm's ppmtopgm gives, to
// within the rounding of its slightly different weights (at most 1), and
// exactly where R = G = B.
func TestGrayAgainstPPMToPGM(t *testing.T) {
	needTool(t, "ppmtopgm", "netpbm")
	dir := t.TempDir()
	m := pattern(64, 33, 3, 8)
	m = m.mapPix(64, 33, 3, func(x, y, k int) uint16 {
		if y < 4 {
			return m.at(x, y, 0) // neutral rows
		}
		return uint16((int(m.at(x, y, k))*37 + x*y) % 256)
	})
	writePNM(t, filepath.Join(dir, "c.ppm"), m, "P6")
	mustRun(t, dir, 0, "convert", "--to", "pgm", "--gray", "-q", "-o", "out", "c.ppm")
	ppm, err := os.ReadFile(filepath.Join(dir, "c.ppm"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := decodePNM(tool(t, ppm, "ppmtopgm"))
	if err != nil {
		t.Fatal(err)
	}
	got := readImage(t, filepath.Join(dir, "out", "c.pgm"))
	if got.c != 1 || got.w != want.w || got.h != want.h {
		t.Fatalf("%dx%dx%d, want %dx%dx1", got.w, got.h, got.c, want.w, want.h)
	}
	for y := range want.h {
		for x := range want.w {
			g, w := int(got.at(x, y, 0)), int(want.at(x, y, 0))
			if d := g - w; d > 1 || d < -1 || y < 4 && d != 0 {
				t.Fatalf("(%d,%d): %d, ppmtopgm %d", x, y, g, w)
			}
		}
	}
}

// TestFitChannelsLaws checks fitChannels on views that are not contiguous
// (crops of larger buffers, flips), so both the row and the sample loops
// run: gray spread to RGB and back is itself, luma of neutral colour is
// its gray, an opaque alpha is dropped as a view of the colour channels.
func TestFitChannelsLaws(t *testing.T) {
	fmts := defaultFormats()
	buf := pixbuf.New[uint16](9, 11, 1)
	for y := range 9 {
		for x := range 11 {
			buf.Set(y, x, 0, uint16(y*7919+x*104729))
		}
	}
	for _, g := range []pixbuf.View[uint16]{buf, buf.Crop(image.Rect(2, 1, 9, 8)), buf.FlipH().Crop(image.Rect(0, 3, 5, 9))} {
		h, w, _ := g.Shape()
		get := func(n int) []uint16 { return make([]uint16, n) }
		rgb, chs, err := fitChannels(g, fmts.lookup("ppm"), &lossFlags{}, get)
		if err != nil || rgb.Channels() != 3 || len(chs) != 1 {
			t.Fatalf("gray into ppm: %v channels, changes %v, %v", rgb.Channels(), chs, err)
		}
		back, chs, err := fitChannels(rgb, fmts.lookup("pgm"), &lossFlags{}, get)
		if err != nil || len(chs) != 1 || !back.Equal(g) {
			t.Fatalf("neutral RGB into pgm: changes %v, %v; equal %v", chs, err, back.Equal(g))
		}
		rgba := pixbuf.New[uint16](h, w, 4)
		_ = rgba.ChannelRange(0, 3).CopyFrom(rgb)
		_ = rgba.Channel(3).Fill(65535)
		noAlpha, _, err := fitChannels(rgba.FlipV(), fmts.lookup("jpeg"), &lossFlags{}, get)
		if err != nil || !noAlpha.Equal(rgb.FlipV()) {
			t.Fatalf("opaque RGBA into jpeg: %v", err)
		}
		rgba.Set(h-1, w-1, 3, 65534)
		if _, _, err := fitChannels(rgba, fmts.lookup("jpeg"), &lossFlags{}, get); err == nil || !strings.Contains(err.Error(), "--drop-alpha") {
			t.Fatalf("one pixel not quite opaque into jpeg: %v, want a refusal naming --drop-alpha", err)
		}
		rgb.Set(0, 0, 1, rgb.At(0, 0, 0)^1)
		if _, _, err := fitChannels(rgb, fmts.lookup("pgm"), &lossFlags{}, get); err == nil || !strings.Contains(err.Error(), "--gray") {
			t.Fatalf("one pixel not quite neutral into pgm: %v, want a refusal naming --gray", err)
		}
	}
}

// lumaOf is what --gray promises: BT.601 luma with image/color's
// Gray16Model weights in 1/65536, rounded to nearest, at the samples' own
// depth (ppmtopgm, the outside judge, is in TestGrayAgainstPPMToPGM).
func lumaOf(r, g, b uint16) uint16 {
	return uint16((19595*uint64(r) + 38470*uint64(g) + 7471*uint64(b) + 1<<15) >> 16)
}

// checkMagic fails the test unless the Netpbm file at path starts with
// magic.
func checkMagic(t *testing.T, path, magic string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), magic+"\n") {
		t.Errorf("%s starts %q, want %s", path, b[:min(len(b), 8)], magic)
	}
}

// onlyRecord returns the one file record of a --json run.
func onlyRecord(t *testing.T, r result) record {
	t.Helper()
	recs, _, err := parseStream([]byte(r.stdout))
	if err != nil || len(recs) != 1 {
		t.Fatalf("want one record: %v\n%s", err, r.stdout)
	}
	return recs[0]
}

// recordChanges returns a record's changes as one string, to search.
func recordChanges(rec record) string {
	var b strings.Builder
	for _, c := range rec.Changes {
		b.WriteString(string(c.Kind) + " " + c.Item + ": " + c.Detail + "; ")
	}
	return b.String()
}
