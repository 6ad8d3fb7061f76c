package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// repoTestdata is the repository's shared sample images, read-only here.
const repoTestdata = "../../testdata"

// TestInfo checks both output forms on files of known layout, including
// EXIF-oriented ones whose displayed size is the stored one turned.
func TestInfo(t *testing.T) {
	dir := t.TempDir()
	writePNG(t, filepath.Join(dir, "rgb16.png"), pattern(7, 5, 3, 16))
	writePNM(t, filepath.Join(dir, "rgba.pam"), pattern(4, 6, 4, 8), "P7")
	writePNM(t, filepath.Join(dir, "gray.pgm"), pattern(3, 2, 1, 8), "P5")
	want := map[string]infoLine{
		"rgb16.png": {Format: "png", Width: 7, Height: 5, Channels: 3, Bits: 16, Orientation: 1},
		"rgba.pam":  {Format: "pnm", Width: 4, Height: 6, Channels: 4, Bits: 8, Orientation: 1},
		"gray.pgm":  {Format: "pnm", Width: 3, Height: 2, Channels: 1, Bits: 8, Orientation: 1},
	}
	for _, n := range []int{1, 6, 8} {
		name := fmt.Sprintf("orient-%d.jpg", n)
		b, err := os.ReadFile(filepath.Join(repoTestdata, name))
		if err != nil {
			t.Fatalf("%v (the repository's testdata)", err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
		want[name] = infoLine{Format: "jpeg", Width: 48, Height: 32, Channels: 3, Bits: 8, Orientation: n}
	}
	for name, l := range want {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		l.Path, l.Bytes = name, fi.Size()
		want[name] = l
	}

	r := mustRun(t, dir, 0, "info", "--json", ".")
	sc := bufio.NewScanner(strings.NewReader(r.stdout))
	n := 0
	for sc.Scan() {
		var got infoLine
		if err := json.Unmarshal(sc.Bytes(), &got); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		if strings.HasSuffix(got.Path, ".jpg") {
			// The JPEG samples carry EXIF holding their orientation.
			if m := got.Metadata; m == nil || m.EXIF == nil || m.EXIF.Orientation != got.Orientation {
				t.Errorf("info --json %s: metadata %+v", got.Path, m)
			}
			got.Metadata = nil
		}
		if got != want[got.Path] {
			t.Errorf("info --json %s = %+v, want %+v", got.Path, got, want[got.Path])
		}
		n++
	}
	if n != len(want) {
		t.Errorf("info --json printed %d lines, want %d:\n%s", n, len(want), r.stdout)
	}

	r = mustRun(t, dir, 0, "info", "orient-6.jpg", "rgb16.png")
	wantText := fmt.Sprintf("orient-6.jpg\tjpeg\t48x32\t3 ch\t8 bit\torientation 6\t%d bytes\texif\nrgb16.png\tpng\t7x5\t3 ch\t16 bit\torientation 1\t%d bytes\n",
		want["orient-6.jpg"].Bytes, want["rgb16.png"].Bytes)
	if r.stdout != wantText {
		t.Errorf("info printed\n%q\nwant\n%q", r.stdout, wantText)
	}

	if err := os.WriteFile(filepath.Join(dir, "bad.png"), []byte("nope"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = mustRun(t, dir, 1, "info", "bad.png", "gray.pgm", "missing.png")
	if !strings.Contains(r.stdout, "gray.pgm") || !strings.Contains(r.stderr, "bad.png") || !strings.Contains(r.stderr, "missing.png") {
		t.Errorf("info with bad files: stdout %q, stderr %q", r.stdout, r.stderr)
	}
}

// TestReadmeFirstCommand runs what README's first command runs: info on
// the bundled testdata directory. Every sample must be described.
func TestReadmeFirstCommand(t *testing.T) {
	r := mustRun(t, "../..", 0, "info", "testdata")
	ents, err := os.ReadDir(repoTestdata)
	if err != nil {
		t.Fatal(err)
	}
	images := 0
	for _, e := range ents {
		if isImageName(e.Name()) {
			images++
		}
	}
	if lines := strings.Count(r.stdout, "\n"); lines != images || images == 0 {
		t.Errorf("info testdata printed %d lines for %d images", lines, images)
	}
}
