package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// treeFiles returns the regular files under dir, relative and sorted, with
// their contents.
func treeFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// makeTree writes n PNG and PPM images into dir, some in subdirectories,
// and returns their relative paths and pixels.
func makeTree(t *testing.T, dir string, n int) map[string]img {
	t.Helper()
	files := map[string]img{}
	for i := range n {
		sub := []string{"", "a", "a/b"}[i%3]
		m := pattern(9+i%4, 6+i%3, 3, 8)
		m.pix[0] = uint16(i)
		name := filepath.Join(sub, "img"+string(rune('a'+i%26))+strings.Repeat("x", i/26))
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			name += ".png"
			writePNG(t, filepath.Join(dir, name), m)
		} else {
			name += ".ppm"
			writePNM(t, filepath.Join(dir, name), m, "P6")
		}
		files[filepath.ToSlash(name)] = m
	}
	return files
}

// TestJobsGiveSameBytes checks that a batch writes the same bytes whatever
// --jobs is, and mirrors the input tree under --out.
func TestJobsGiveSameBytes(t *testing.T) {
	for _, args := range [][]string{
		{"flip", "--horizontal"},
		{"rotate", "90"},
		{"convert", "--to", "png"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			src := t.TempDir()
			files := makeTree(t, src, 12)
			var trees []map[string][]byte
			for _, jobs := range []string{"1", "4"} {
				out := t.TempDir()
				mustRun(t, "", 0, append(args, "--recursive", "--jobs", jobs, "--out", out, "--quiet", src)...)
				trees = append(trees, treeFiles(t, out))
			}
			if len(trees[0]) != len(files) {
				t.Errorf("--jobs 1 wrote %d files, want %d: %v", len(trees[0]), len(files), keys(trees[0]))
			}
			for name, b := range trees[0] {
				if !bytes.Equal(b, trees[1][name]) {
					t.Errorf("%s differs between --jobs 1 and --jobs 4", name)
				}
			}
			if len(trees[1]) != len(trees[0]) {
				t.Errorf("--jobs 4 wrote %v, --jobs 1 %v", keys(trees[1]), keys(trees[0]))
			}
		})
	}
}

// keys returns the sorted keys of m.
func keys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// stat returns the FileInfo of the file at path; os.SameFile of two of
// them says whether the file was edited in place or replaced.
func stat(t *testing.T, path string) os.FileInfo {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}

// TestInPlace replaces inputs: every format, binary Netpbm included, is
// written beside the original and renamed over it (a new inode), so that a
// kill never leaves a torn file (issue #16).
func TestInPlace(t *testing.T) {
	tests := []struct {
		name      string
		file      string
		magic     string
		bits      int
		args      []string
		want      func(img) img
		sameInode bool
	}{
		{"ppm flip in the file", "a.ppm", "P6", 8, []string{"flip", "--horizontal"}, img.flipH, false},
		{"16-bit ppm flip in the file", "a.ppm", "P6", 16, []string{"flip", "--vertical"}, img.flipV, false},
		{"pam swap in the file", "a.pam", "P7", 8, []string{"channel", "--swap", "rgb:bgr"}, func(m img) img { return m.permute([]int{2, 1, 0}) }, false},
		{"ppm quarter turn replaced", "a.ppm", "P6", 8, []string{"rotate", "90"}, img.rot90, false},
		{"png flip replaced", "a.png", "", 8, []string{"flip", "--both"}, func(m img) img { return m.flipH().flipV() }, false},
		{"16-bit png crop replaced", "a.png", "", 16, []string{"crop", "--rect", "1,2,3,2"}, func(m img) img { return m.crop(1, 2, 3, 2) }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, tc.file)
			m := pattern(7, 5, 3, tc.bits)
			if tc.magic == "" {
				writePNG(t, p, m)
			} else {
				writePNM(t, p, m, tc.magic)
			}
			before := stat(t, p)
			mustRun(t, dir, 0, append(tc.args, "--in-place", "--quiet", tc.file)...)
			checkImage(t, p, tc.want(m))
			if same := os.SameFile(stat(t, p), before); same != tc.sameInode {
				t.Errorf("same inode after --in-place: %v, want %v", same, tc.sameInode)
			}
			if ents, _ := os.ReadDir(dir); len(ents) != 1 {
				t.Errorf("directory holds %d entries after --in-place, want 1", len(ents))
			}
		})
	}
}

// TestCorruptFilesInBatch mixes broken files into a batch: each is
// reported with its path, the others are done, and the exit code is 1.
func TestCorruptFilesInBatch(t *testing.T) {
	src := t.TempDir()
	good := makeTree(t, src, 4)
	bad := map[string][]byte{
		"truncated.ppm": []byte("P6\n4 4\n255\nabc"),
		"garbage.png":   []byte("\x89PNG\r\n\x1a\nnot really"),
		"empty.png":     nil,
		"huge.ppm":      []byte("P6\n99999999 99999999\n255\n"),
		"text.jpg":      []byte("hello"),
		"header.pam":    []byte("P7\nWIDTH 2\nENDHDR\n"),
	}
	// A PNG named .ppm is decoded as what it is, and a plain (ASCII) PPM
	// through the decoder too.
	png := pattern(5, 4, 3, 8)
	writePNG(t, filepath.Join(src, "png-named.ppm"), png)
	good["png-named.ppm"] = png
	if err := os.WriteFile(filepath.Join(src, "plain.ppm"), []byte("P3\n2 1\n255\n1 2 3 4 5 6\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	good["plain.ppm"] = img{w: 2, h: 1, c: 3, bits: 8, pix: []uint16{1, 2, 3, 4, 5, 6}}
	for name, b := range bad {
		if err := os.WriteFile(filepath.Join(src, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := t.TempDir()
	r := mustRun(t, "", 1, "flip", "--vertical", "--recursive", "--json", "--out", out, src)
	for name := range bad {
		if !strings.Contains(r.stderr, name+":") {
			t.Errorf("stderr does not report %s:\n%s", name, r.stderr)
		}
		if _, err := os.Stat(filepath.Join(out, name)); err == nil {
			t.Errorf("%s: an output was written for a broken input", name)
		}
	}
	for name, m := range good {
		checkImage(t, filepath.Join(out, name), m.flipV())
	}
	var s summary
	if err := unmarshalSummary([]byte(r.stdout), &s); err != nil {
		t.Fatalf("--json summary %q: %v", r.stdout, err)
	}
	if s.Files != len(good)+len(bad) || s.Done != len(good) || s.Failed != len(bad) || len(s.Failures) != len(bad) {
		t.Errorf("summary %+v, want %d files, %d done, %d failed", s, len(good)+len(bad), len(good), len(bad))
	}
	if ents := treeFiles(t, out); len(ents) != len(good) {
		t.Errorf("--out holds %v, want only the %d good outputs", keys(ents), len(good))
	}
}

// TestOverwrite checks that no file is overwritten without --force or
// --in-place.
func TestOverwrite(t *testing.T) {
	dir := t.TempDir()
	m := pattern(4, 3, 3, 8)
	writePNG(t, filepath.Join(dir, "a.png"), m)
	if err := os.Mkdir(filepath.Join(dir, "out"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "out", "a.png"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := mustRun(t, dir, 1, "flip", "--horizontal", "a.png")
	if !strings.Contains(r.stderr, "a.png") || !strings.Contains(r.stderr, "--in-place") {
		t.Errorf("refusal to overwrite the input does not say how:\n%s", r.stderr)
	}
	checkImage(t, filepath.Join(dir, "a.png"), m)
	r = mustRun(t, dir, 1, "flip", "--horizontal", "--out", "out", "a.png")
	if !strings.Contains(r.stderr, "--force") {
		t.Errorf("refusal to overwrite an output does not mention --force:\n%s", r.stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "out", "a.png")); string(b) != "keep" {
		t.Errorf("existing output overwritten without --force")
	}
	mustRun(t, dir, 0, "flip", "--horizontal", "--out", "out", "--force", "a.png")
	checkImage(t, filepath.Join(dir, "out", "a.png"), m.flipH())
	mustRun(t, dir, 0, "convert", "--to", "ppm", "a.png")
	checkImage(t, filepath.Join(dir, "a.ppm"), m)
	mustRun(t, dir, 1, "convert", "--to", "ppm", "a.png")

	// --skip-existing leaves out a.png, whose output exists, and does b.png.
	writePNG(t, filepath.Join(dir, "b.png"), m)
	r = mustRun(t, dir, 0, "flip", "--vertical", "--out", "out", "--skip-existing", "--json", "a.png", "b.png")
	var s summary
	if err := unmarshalSummary([]byte(r.stdout), &s); err != nil {
		t.Fatal(err)
	}
	if s.Files != 2 || s.Done != 1 || s.Existing != 1 {
		t.Errorf("--skip-existing summary %+v, want 2 files, 1 done, 1 existing", s)
	}
	checkImage(t, filepath.Join(dir, "out", "a.png"), m.flipH())
	checkImage(t, filepath.Join(dir, "out", "b.png"), m.flipV())
}

// TestShard runs a batch as three shards and checks that together they
// process every file exactly once.
func TestShard(t *testing.T) {
	src := t.TempDir()
	files := makeTree(t, src, 30)
	seen := map[string]int{}
	for k := range 3 {
		out := t.TempDir()
		r := mustRun(t, "", 0, "flip", "--horizontal", "--recursive", "--json", "--shard", []string{"0/3", "1/3", "2/3"}[k], "--out", out, src)
		var s summary
		if err := unmarshalSummary([]byte(r.stdout), &s); err != nil {
			t.Fatal(err)
		}
		got := treeFiles(t, out)
		if s.Done != len(got) {
			t.Errorf("shard %d: summary says %d done, wrote %d", k, s.Done, len(got))
		}
		if len(got) == len(files) || len(got) == 0 {
			t.Errorf("shard %d of 3 took %d of %d files", k, len(got), len(files))
		}
		for name := range got {
			seen[name]++
		}
	}
	for name := range files {
		if seen[name] != 1 {
			t.Errorf("%s processed by %d shards, want 1", name, seen[name])
		}
	}
	if len(seen) != len(files) {
		t.Errorf("shards wrote %d distinct files, want %d", len(seen), len(files))
	}
}

// TestFilesFrom reads the inputs from a list, by lines and NUL-separated,
// from a file and from standard input.
func TestFilesFrom(t *testing.T) {
	dir := t.TempDir()
	files := makeTree(t, dir, 5)
	names := keys(files)
	tests := []struct {
		name  string
		list  string
		args  []string
		stdin bool
	}{
		{"lines from a file", strings.Join(names, "\n") + "\n\n", []string{"--files-from", "list"}, false},
		{"crlf lines", strings.Join(names, "\r\n"), []string{"--files-from", "list"}, false},
		{"NUL from stdin", strings.Join(names, "\x00") + "\x00", []string{"--files-from", "-", "-0"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			var stdin *strings.Reader
			if tc.stdin {
				stdin = strings.NewReader(tc.list)
			} else if err := os.WriteFile(filepath.Join(dir, "list"), []byte(tc.list), 0o644); err != nil {
				t.Fatal(err)
			}
			args := append([]string{"flip", "--vertical", "--quiet", "--out", out}, tc.args...)
			var r result
			if stdin != nil {
				r = pixtool(t, dir, stdin, args...)
			} else {
				r = pixtool(t, dir, nil, args...)
			}
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			got := treeFiles(t, out)
			if len(got) != len(files) {
				t.Errorf("wrote %v, want %d files", keys(got), len(files))
			}
			for name, m := range files {
				checkImage(t, filepath.Join(out, filepath.Base(name)), m.flipV())
			}
		})
	}
}

// TestGlobsAndDirectories checks how arguments expand: a glob, a directory
// without --recursive (its own images only), a missing file.
func TestGlobsAndDirectories(t *testing.T) {
	dir := t.TempDir()
	makeTree(t, dir, 6) // imga.png imgb.ppm at the top, the rest below
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"*.png"}, 0, []string{"imga.png"}},
		{[]string{"."}, 0, []string{"imga.png", "imgd.ppm"}},
		{[]string{"-r", "."}, 0, []string{"a/b/imgc.png", "a/b/imgf.ppm", "a/imgb.ppm", "a/imge.png", "imga.png", "imgd.ppm"}},
		{[]string{"a/*.ppm", "missing.png"}, 1, []string{"imgb.ppm"}},
		{[]string{"*.gif"}, 1, nil},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out := t.TempDir()
			mustRun(t, dir, tc.code, append([]string{"flip", "--vertical", "--quiet", "--out", out}, tc.args...)...)
			if got := keys(treeFiles(t, out)); !slices.Equal(got, tc.want) {
				t.Errorf("wrote %v, want %v", got, tc.want)
			}
		})
	}
}

// TestUsageErrors checks that a bad command line exits 2 with a one-line
// reason and a hint, and writes nothing.
func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	writePNG(t, filepath.Join(dir, "a.png"), pattern(4, 3, 3, 8))
	tests := [][]string{
		{"flip", "a.png"},
		{"flip", "--horizontal"},
		{"flip", "--horizontal", "--jobs", "-1", "a.png"},
		{"flip", "--sideways", "a.png"},
		{"rotate", "45", "a.png"},
		{"rotate"},
		{"crop", "a.png"},
		{"crop", "--rect", "1,2,3", "a.png"},
		{"crop", "--rect", "0,0,0,5", "a.png"},
		{"channel", "--extract", "q", "a.png"},
		{"channel", "--swap", "rgb:rgg", "a.png"},
		{"channel", "a.png"},
		{"convert", "a.png"},
		{"convert", "--to", "xyz", "a.png"},
		{"convert", "--to", "png", "--in-place", "a.png"},
		{"flip", "--vertical", "--in-place", "--out", "o", "a.png"},
		{"flip", "--vertical", "--shard", "3/3", "a.png"},
		{"flip", "--vertical", "--skip-existing", "--force", "a.png"},
		{"flip", "--vertical", "--shard", "x", "a.png"},
		{"flip", "--vertical", "--raw", "10", "a.png"},
		{"flip", "--vertical", "--raw", "4x4", "--pix-fmt", "yuv420p"},
		{"flip", "--vertical", "--raw", "4x4x3", "--pix-fmt", "rgba"},
		{"flip", "--vertical", "--raw", "4x4", "--in-place"},
		{"flip", "--vertical", "--raw", "4x4", "a", "b"},
		{"crop", "--rect", "0,0,5,5", "--raw", "4x4"},
		{"info"},
		{"frobnicate"},
	}
	for _, args := range tests {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := mustRun(t, dir, 2, args...)
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if len(lines) != 2 || !strings.HasPrefix(lines[0], "pixtool: ") || !strings.Contains(lines[1], "--help") {
				t.Errorf("stderr is not one reason and one hint:\n%s", r.stderr)
			}
			if ents, _ := os.ReadDir(dir); len(ents) != 1 {
				t.Errorf("a usage error wrote files")
			}
		})
	}
}

// TestNetpbmBytesKept checks that a Netpbm file transformed without a
// decoder keeps its maxval and its samples exactly, 8 and 16 bits.
func TestNetpbmBytesKept(t *testing.T) {
	tests := []struct {
		name, header string
		bps          int
		args         []string
		wantHeader   string
		want         func(img) img
	}{
		{"maxval 1000", "P6\n5 3\n1000\n", 2, []string{"flip", "--horizontal"}, "P6\n5 3\n1000\n", img.flipH},
		{"maxval 100", "P5\n5 3\n100\n", 1, []string{"rotate", "90"}, "P5\n3 5\n100\n", img.rot90},
		{"extract to pgm", "P6\n5 3\n4095\n", 2, []string{"channel", "--extract", "b"}, "P5\n5 3\n4095\n", func(m img) img { return m.channel(2) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			c := 3
			if tc.header[1] == '5' {
				c = 1
			}
			m := pattern(5, 3, c, 8*tc.bps)
			for i := range m.pix {
				m.pix[i] %= 100
			}
			raw := []byte(tc.header)
			for _, v := range m.pix {
				if tc.bps == 2 {
					raw = append(raw, byte(v>>8))
				}
				raw = append(raw, byte(v))
			}
			name := "a.ppm"
			if c == 1 {
				name = "a.pgm"
			}
			if err := os.WriteFile(filepath.Join(dir, name), raw, 0o644); err != nil {
				t.Fatal(err)
			}
			mustRun(t, dir, 0, append(tc.args, "--out", "out", "-q", name)...)
			outs := treeFiles(t, filepath.Join(dir, "out"))
			if len(outs) != 1 {
				t.Fatalf("outputs %v", keys(outs))
			}
			for _, b := range outs {
				if !bytes.HasPrefix(b, []byte(tc.wantHeader)) {
					t.Errorf("header %q, want %q", b[:min(len(b), 20)], tc.wantHeader)
				}
				want := tc.want(m)
				var wantRaw []byte
				for _, v := range want.pix {
					if tc.bps == 2 {
						wantRaw = append(wantRaw, byte(v>>8))
					}
					wantRaw = append(wantRaw, byte(v))
				}
				if got := b[min(len(b), len(tc.wantHeader)):]; !bytes.Equal(got, wantRaw) {
					t.Errorf("raster differs from the transformed input samples")
				}
			}
		})
	}
}

// TestMaxPixels checks that --max-pixels refuses larger images, decoded or
// transformed as Netpbm bytes, and lets smaller ones through.
func TestMaxPixels(t *testing.T) {
	dir := t.TempDir()
	writePNG(t, filepath.Join(dir, "big.png"), pattern(10, 10, 3, 8))
	writePNM(t, filepath.Join(dir, "big.ppm"), pattern(10, 10, 3, 8), "P6")
	writePNG(t, filepath.Join(dir, "small.png"), pattern(7, 7, 3, 8))
	r := mustRun(t, dir, 1, "rotate", "90", "--max-pixels", "50", "--out", "out", "--json", ".")
	for _, name := range []string{"big.png", "big.ppm"} {
		if !strings.Contains(r.stderr, name) || !strings.Contains(r.stderr, "too large") && !strings.Contains(r.stderr, "exceeds") {
			t.Errorf("%s not refused as too large:\n%s", name, r.stderr)
		}
	}
	checkImage(t, filepath.Join(dir, "out", "small.png"), pattern(7, 7, 3, 8).rot90())
	if got := keys(treeFiles(t, filepath.Join(dir, "out"))); !slices.Equal(got, []string{"small.png"}) {
		t.Errorf("wrote %v, want only small.png", got)
	}
}

// TestInProcessBatch runs a concurrent batch inside the test process, so
// that the race detector watches the worker pool, the buffer pools and the
// summary: --jobs 4 over a tree whose files share buffers of equal sizes.
func TestInProcessBatch(t *testing.T) {
	src, out := t.TempDir(), t.TempDir()
	files := makeTree(t, src, 16)
	var stdout, stderr bytes.Buffer
	code := run(defaultFormats(), []string{"rotate", "90", "--jobs", "4", "-r", "--json", "--out", out, src}, nil, &stdout, &stderr, false)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var s summary
	if err := unmarshalSummary(stdout.Bytes(), &s); err != nil || s.Done != len(files) {
		t.Fatalf("summary %q (%v), want %d done", stdout.String(), err, len(files))
	}
	for name, m := range files {
		checkImage(t, filepath.Join(out, name), m.rot90())
	}
}
