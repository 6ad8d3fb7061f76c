package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pixview/pixview/pixbuf"
)

// oriented returns m under orientation o, computed by pixbuf's view twin:
// m's samples wrapped as a view, v.Orient(o), cloned.
func oriented(t *testing.T, m img, o pixbuf.Orientation) img {
	t.Helper()
	v, err := pixbuf.Wrap(append([]uint16(nil), m.pix...), m.h, m.w, m.c)
	if err != nil {
		t.Fatal(err)
	}
	v = v.Orient(o).Clone()
	h, w, c := v.Shape()
	out := img{w: w, h: h, c: c, bits: m.bits, pix: make([]uint16, 0, h*w*c)}
	for y := range h {
		for x := range w {
			for k := range c {
				out.pix = append(out.pix, v.At(y, x, k))
			}
		}
	}
	return out
}

// TestAllEightOrientations runs the command of each of the eight
// orientations over every sample layout and compares each output with the
// view twin, v.Orient(o): flips, turns, transpose and transverse together
// reach the whole group.
func TestAllEightOrientations(t *testing.T) {
	commands := []struct {
		args []string
		o    pixbuf.Orientation
	}{
		{[]string{"convert", "--to", "png"}, pixbuf.Identity},
		{[]string{"flip", "--horizontal"}, pixbuf.FlipHorizontal},
		{[]string{"flip", "--vertical"}, pixbuf.FlipVertical},
		{[]string{"flip", "--both"}, pixbuf.Rotate180},
		{[]string{"rotate", "90"}, pixbuf.Rotate90},
		{[]string{"rotate", "270"}, pixbuf.Rotate270},
		{[]string{"transpose"}, pixbuf.Transpose},
		{[]string{"transverse"}, pixbuf.Transverse},
	}
	src := t.TempDir()
	ss := writeSamples(t, src)
	reached := map[pixbuf.Orientation]bool{}
	for _, tc := range commands {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out := t.TempDir()
			mustRun(t, "", 0, append(append([]string{}, tc.args...), "--out", out, "-q", src)...)
			for _, s := range ss {
				name := s.name
				if tc.o == pixbuf.Identity {
					name = strings.TrimSuffix(name, filepath.Ext(name)) + ".png"
				}
				checkImage(t, filepath.Join(out, name), oriented(t, s.m, tc.o))
			}
			reached[tc.o] = true
		})
	}
	if len(reached) != 8 {
		t.Errorf("the commands reach %d of the 8 orientations", len(reached))
	}
}

// TestTransposeInPlace transposes binary Netpbm files and a PNG in place,
// 8 and 16 bits: the new shape means a new file, atomically, in the same
// format.
func TestTransposeInPlace(t *testing.T) {
	dir := t.TempDir()
	files := map[string]img{"a.ppm": pattern(7, 4, 3, 8), "b.pgm": pattern(3, 6, 1, 16), "c.png": pattern(5, 2, 4, 8)}
	for name, m := range files {
		switch filepath.Ext(name) {
		case ".ppm":
			writePNM(t, filepath.Join(dir, name), m, "P6")
		case ".pgm":
			writePNM(t, filepath.Join(dir, name), m, "P5")
		default:
			writePNG(t, filepath.Join(dir, name), m)
		}
	}
	mustRun(t, dir, 0, "transverse", "--in-place", "-q", "a.ppm", "b.pgm", "c.png")
	for name, m := range files {
		checkImage(t, filepath.Join(dir, name), oriented(t, m, pixbuf.Transverse))
	}
}

// orientSamples copies the repository's orient-1.jpg ... orient-8.jpg,
// which all display the same picture, into dir.
func orientSamples(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	for n := 1; n <= 8; n++ {
		name := fmt.Sprintf("orient-%d.jpg", n)
		b, err := os.ReadFile(filepath.Join(repoTestdata, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	return names
}

// meanDiff returns the mean absolute difference of two images of one
// shape, and an error naming the shapes when they differ.
func meanDiff(a, b img) (float64, error) {
	if a.w != b.w || a.h != b.h || a.c != b.c {
		return 0, fmt.Errorf("%dx%dx%d against %dx%dx%d", a.w, a.h, a.c, b.w, b.h, b.c)
	}
	var d float64
	for i := range a.pix {
		x := float64(a.pix[i]) - float64(b.pix[i])
		d += max(x, -x)
	}
	return d / float64(len(a.pix)), nil
}

// TestOrientAgainstImageMagick compares transpose, transverse and orient on
// the EXIF-oriented JPEG samples with ImageMagick's -transpose, -transverse
// (after -auto-orient: pixtool transforms what a viewer shows) and
// -auto-orient, by decoded pixels. The two JPEG decoders differ by a unit
// here and there, so the mean difference must be small, not zero; an
// image turned the wrong way differs by tens.
func TestOrientAgainstImageMagick(t *testing.T) {
	magick := needTool(t, "convert", "imagemagick")
	dir := t.TempDir()
	names := orientSamples(t, filepath.Join(dir))
	ops := []struct{ pixtool, magick string }{
		{"transpose", "-transpose"}, {"transverse", "-transverse"}, {"orient", ""},
	}
	var args []string
	for _, name := range names {
		args = append(args, filepath.Join(dir, name), "-auto-orient")
		for _, op := range ops {
			stem := strings.TrimSuffix(name, ".jpg")
			dst := filepath.Join(dir, "magick-"+op.pixtool+"-"+stem+".png")
			if op.magick == "" {
				args = append(args, "(", "+clone", "-write", dst, "+delete", ")")
				continue
			}
			args = append(args, "(", "+clone", op.magick, "-write", dst, "+delete", ")")
		}
		args = append(args, "+delete")
	}
	args = append(args, "xc:black", "null:")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, magick, args...).CombinedOutput(); err != nil {
		t.Fatalf("convert: %v\n%s", err, out)
	}
	for _, op := range ops {
		out := filepath.Join(dir, "ours-"+op.pixtool)
		mustRun(t, dir, 0, op.pixtool, "--to", "png", "--out", out, "-q", ".")
		for _, name := range names {
			stem := strings.TrimSuffix(name, ".jpg")
			ours := readImage(t, filepath.Join(out, stem+".png"))
			theirs := readImage(t, filepath.Join(dir, "magick-"+op.pixtool+"-"+stem+".png"))
			d, err := meanDiff(ours, theirs)
			if err != nil {
				t.Errorf("%s %s: %v", op.pixtool, name, err)
				continue
			}
			// ImageMagick's libjpeg upsamples chroma otherwise than Go's
			// image/jpeg: a few units everywhere. Every other orientation
			// of the same picture must be much further off.
			nearest := 1e9
			for o := range pixbuf.Orientation(8) {
				if o == pixbuf.Identity {
					continue
				}
				if e, err := meanDiff(ours, oriented(t, theirs, o)); err == nil {
					nearest = min(nearest, e)
				}
			}
			if d > 6 || d > nearest/3 {
				t.Errorf("%s %s differs from convert -auto-orient %s by %.2f per sample, another orientation by %.2f",
					op.pixtool, name, op.magick, d, nearest)
			}
		}
	}
}

// TestOrientInPlace applies the EXIF orientation of each sample in place:
// the upright one is left as it was (same bytes, same file), the others
// are replaced by files that info reports upright (orientation 1) at the
// displayed size, showing what they showed before.
func TestOrientInPlace(t *testing.T) {
	dir := t.TempDir()
	names := orientSamples(t, dir)
	before := map[string][]byte{}
	for _, n := range names {
		b, _ := os.ReadFile(filepath.Join(dir, n))
		before[n] = b
	}
	fi1 := stat(t, filepath.Join(dir, "orient-1.jpg"))
	r := mustRun(t, dir, 0, "orient", "--in-place", "--json", ".")
	recs, sum, err := parseStream([]byte(r.stdout))
	if err != nil || sum.Done != 8 {
		t.Fatalf("stream %v, summary %+v", err, sum)
	}
	for _, rec := range recs {
		// Decoded, or lossless once JPEG transforms its coefficients.
		ok := rec.Path == pathDecoded || rec.Path == "lossless"
		if rec.Input == "orient-1.jpg" {
			ok = rec.Path == pathNone
		}
		if !ok {
			t.Errorf("%s went by %q", rec.Input, rec.Path)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "orient-1.jpg")); !bytes.Equal(b, before["orient-1.jpg"]) || !os.SameFile(fi1, stat(t, filepath.Join(dir, "orient-1.jpg"))) {
		t.Error("the upright orient-1.jpg was rewritten")
	}
	r = mustRun(t, dir, 0, "info", ".")
	for _, n := range names {
		if !strings.Contains(r.stdout, n+"\tjpeg\t48x32\t3 ch\t8 bit\torientation 1\t") {
			t.Errorf("info after orient does not show %s upright at 48x32:\n%s", n, r.stdout)
		}
	}
	// The pixels are what orient-1 shows, up to JPEG's noise.
	ref := t.TempDir()
	mustRun(t, dir, 0, "convert", "--to", "png", "--out", ref, "-q", ".")
	want := readImage(t, filepath.Join(ref, "orient-1.png"))
	for _, n := range names[1:] {
		got := readImage(t, filepath.Join(ref, strings.TrimSuffix(n, ".jpg")+".png"))
		if d, err := meanDiff(got, want); err != nil || d > 8 {
			t.Errorf("%s after orient: %v, mean difference %.1f from orient-1", n, err, d)
		}
	}
	// A second run has nothing left to do.
	r = mustRun(t, dir, 0, "orient", "--in-place", "--json", ".")
	recs, _, _ = parseStream([]byte(r.stdout))
	for _, rec := range recs {
		if rec.Path != pathNone {
			t.Errorf("second orient: %s went by %q, want %q", rec.Input, rec.Path, pathNone)
		}
	}
}

// TestOrientCopiesUpright checks that orient --out copies an upright file
// byte for byte and refuses --raw, which has no EXIF.
func TestOrientCopiesUpright(t *testing.T) {
	dir := t.TempDir()
	orientSamples(t, dir)
	mustRun(t, dir, 0, "orient", "--out", "out", "-q", "orient-1.jpg")
	a, _ := os.ReadFile(filepath.Join(dir, "orient-1.jpg"))
	b, _ := os.ReadFile(filepath.Join(dir, "out", "orient-1.jpg"))
	if !bytes.Equal(a, b) {
		t.Error("orient --out rewrote an upright file")
	}
	r := pixtool(t, dir, bytes.NewReader(make([]byte, 12)), "orient", "--raw", "2x2")
	if r.code != exitUsage || !strings.Contains(r.stderr, "EXIF") {
		t.Errorf("orient --raw: exit %d, %q; want a usage error", r.code, r.stderr)
	}
}

// TestInPlaceKeepsFormat replaces misnamed files in place: each is written
// in the format of its content (a JPEG named .png stays a JPEG, a PNG named
// .jpg stays a PNG, a PAM named .ppm stays a PAM), transformed.
func TestInPlaceKeepsFormat(t *testing.T) {
	dir := t.TempDir()
	jpg, err := os.ReadFile(filepath.Join(repoTestdata, "orient-1.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "jpeg.png"), jpg, 0o644); err != nil {
		t.Fatal(err)
	}
	m := pattern(5, 3, 3, 8)
	writePNG(t, filepath.Join(dir, "png.jpg"), m)
	writePNM(t, filepath.Join(dir, "pam.ppm"), m, "P7")
	ref := t.TempDir()
	mustRun(t, dir, 0, "convert", "--to", "png", "--out", ref, "-q", "jpeg.png")
	before := readImage(t, filepath.Join(ref, "jpeg.png"))

	mustRun(t, dir, 0, "rotate", "90", "--in-place", "-q", "jpeg.png", "png.jpg", "pam.ppm")
	magic := map[string]string{"jpeg.png": "\xff\xd8", "png.jpg": "\x89PNG", "pam.ppm": "P7\n"}
	for name, want := range magic {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		if !bytes.HasPrefix(b, []byte(want)) {
			t.Errorf("%s starts %q after --in-place, want %q: the format of its content", name, b[:min(len(b), 4)], want)
		}
	}
	checkImage(t, filepath.Join(dir, "png.jpg"), m.rot90())
	checkImage(t, filepath.Join(dir, "pam.ppm"), m.rot90())
	got := readImage(t, filepath.Join(dir, "jpeg.png"))
	if d, err := meanDiff(got, oriented(t, before, pixbuf.Rotate90)); err != nil || d > 8 {
		t.Errorf("jpeg.png turned: %v, mean difference %.1f", err, d)
	}
}

// TestSameFileOnce names one file three times in an in-place batch, as
// itself, through a hard link and through a symbolic link: it is flipped
// once, and the other names are reported, not failed. The hard link keeps
// the old content: replacing a file breaks its links, one policy for every
// format (as sed -i and exiftran -i do).
func TestSameFileOnce(t *testing.T) {
	dir := t.TempDir()
	m := pattern(6, 4, 3, 8)
	writePNM(t, filepath.Join(dir, "a.ppm"), m, "P6")
	if err := os.Link(filepath.Join(dir, "a.ppm"), filepath.Join(dir, "hard.ppm")); err != nil {
		t.Skip("no hard links here:", err)
	}
	if err := os.Symlink("a.ppm", filepath.Join(dir, "soft.ppm")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	r := mustRun(t, dir, 0, "flip", "--horizontal", "--in-place", "--json", "a.ppm", "hard.ppm", "soft.ppm")
	_, sum, err := parseStream([]byte(r.stdout))
	if err != nil || sum.Files != 1 || sum.Done != 1 {
		t.Errorf("summary %+v (%v), want one file done", sum, err)
	}
	if strings.Count(r.stderr, "the same file as a.ppm") != 2 {
		t.Errorf("stderr does not name both other names:\n%s", r.stderr)
	}
	checkImage(t, filepath.Join(dir, "a.ppm"), m.flipH())
	checkImage(t, filepath.Join(dir, "hard.ppm"), m)
	if !strings.Contains(r.stdout, `"hard link"`) {
		t.Errorf("the record does not say the hard link was dropped:\n%s", r.stdout)
	}
}

// TestMultiImageNetpbm checks that every image of a file of several
// Netpbm images goes through a flip, in place or into a new file, and
// that a command that would keep the first only refuses the file.
func TestMultiImageNetpbm(t *testing.T) {
	dir := t.TempDir()
	a, b := pattern(4, 3, 1, 8), pattern(4, 3, 1, 8)
	for i := range b.pix {
		b.pix[i] = 255 - b.pix[i]
	}
	var data []byte
	for _, m := range []img{a, b} {
		p := filepath.Join(dir, "one.pgm")
		writePNM(t, p, m, "P5")
		one, _ := os.ReadFile(p)
		data = append(data, one...)
	}
	os.Remove(filepath.Join(dir, "one.pgm"))
	for _, name := range []string{"in.pgm", "out.pgm", "swap.pgm"} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	images := func(path string) []img {
		t.Helper()
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var ms []img
		for len(raw) > 0 {
			// Each image of the test is 4x3 gray: its header, then 12 bytes.
			i := bytes.Index(raw, []byte("255\n"))
			if i < 0 || len(raw) < i+4+12 {
				t.Fatalf("%s: cannot split %q into images", path, raw)
			}
			m, err := decodePNM(raw[:i+4+12])
			if err != nil {
				t.Fatal(err)
			}
			ms = append(ms, m)
			raw = raw[i+4+12:]
		}
		return ms
	}
	mustRun(t, dir, 0, "flip", "--horizontal", "--in-place", "-q", "in.pgm")
	mustRun(t, dir, 0, "flip", "--horizontal", "--out", "o", "-q", "out.pgm")
	for _, p := range []string{"in.pgm", filepath.Join("o", "out.pgm")} {
		got := images(filepath.Join(dir, p))
		if len(got) != 2 {
			t.Fatalf("%s holds %d images after the flip, want 2", p, len(got))
		}
		for i, want := range []img{a.flipH(), b.flipH()} {
			if d := sameImage(got[i], want); d != "" {
				t.Errorf("%s image %d: %s", p, i+1, d)
			}
		}
	}
	r := mustRun(t, dir, 1, "channel", "--extract", "0", "--out", "o", "-q", "swap.pgm")
	if !strings.Contains(r.stderr, "swap.pgm") || !strings.Contains(r.stderr, "first image") {
		t.Errorf("extract from a file of two images: %q, want a refusal", r.stderr)
	}
}
