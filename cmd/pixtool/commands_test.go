package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sample is one input file of the command tests.
type sample struct {
	name  string
	m     img
	magic string // P5/P6/P7 for Netpbm, "" for PNG
}

// samples returns inputs of every layout pixtool must keep: 8- and 16-bit,
// gray, RGB and RGBA, PNG and binary Netpbm. Sizes are odd and not square,
// so that a transposed or off-by-one output shows.
func samples() []sample {
	return []sample{
		{"png-rgb8.png", pattern(7, 5, 3, 8), ""},
		{"png-rgba8.png", pattern(6, 5, 4, 8), ""},
		{"png-gray8.png", pattern(5, 3, 1, 8), ""},
		{"png-rgb16.png", pattern(5, 4, 3, 16), ""},
		{"png-gray16.png", pattern(3, 4, 1, 16), ""},
		{"rgb8.ppm", pattern(7, 5, 3, 8), "P6"},
		{"rgb16.ppm", pattern(5, 4, 3, 16), "P6"},
		{"gray16.pgm", pattern(3, 5, 1, 16), "P5"},
		{"rgba8.pam", pattern(4, 3, 4, 8), "P7"},
		{"rgba16.pam", pattern(4, 3, 4, 16), "P7"},
	}
}

// writeSamples writes the samples into dir.
func writeSamples(t *testing.T, dir string) []sample {
	t.Helper()
	ss := samples()
	for _, s := range ss {
		p := filepath.Join(dir, s.name)
		if s.magic == "" {
			writePNG(t, p, s.m)
		} else {
			writePNM(t, p, s.m, s.magic)
		}
	}
	return ss
}

// TestCommands runs every transforming command over a directory of all the
// samples and checks each output, pixel for pixel and bit for bit, against
// the same transform done with plain index arithmetic.
func TestCommands(t *testing.T) {
	tests := []struct {
		name string
		args []string
		// want returns the expected output for an input, and false when the
		// command must fail on it.
		want func(m img) (img, bool)
		// rename maps an input name to its output name.
		rename func(name string) string
	}{
		{"flip horizontal", []string{"flip", "--horizontal"}, func(m img) (img, bool) { return m.flipH(), true }, nil},
		{"flip vertical", []string{"flip", "--vertical"}, func(m img) (img, bool) { return m.flipV(), true }, nil},
		{"flip both", []string{"flip", "--both"}, func(m img) (img, bool) { return m.flipH().flipV(), true }, nil},
		{"rotate 90", []string{"rotate", "90"}, func(m img) (img, bool) { return m.rot90(), true }, nil},
		{"rotate 180", []string{"rotate", "180"}, func(m img) (img, bool) { return m.rot90().rot90(), true }, nil},
		{"rotate 270", []string{"rotate", "270"}, func(m img) (img, bool) { return m.rot90().rot90().rot90(), true }, nil},
		{"crop", []string{"crop", "--rect", "1,1,2,2"}, func(m img) (img, bool) { return m.crop(1, 1, 2, 2), true }, nil},
		{"crop edge", []string{"crop", "--rect", "2,0,1,3"}, func(m img) (img, bool) { return m.crop(2, 0, 1, 3), true }, nil},
		{"extract g", []string{"channel", "--extract", "g"}, func(m img) (img, bool) {
			if m.c < 3 {
				return m, false
			}
			return m.channel(1), true
		}, extName("g")},
		{"extract a", []string{"channel", "--extract", "a"}, func(m img) (img, bool) {
			if m.c != 4 {
				return m, false
			}
			return m.channel(3), true
		}, extName("a")},
		{"extract 0", []string{"channel", "--extract", "0"}, func(m img) (img, bool) { return m.channel(0), true }, extName("0")},
		{"swap rgb:bgr", []string{"channel", "--swap", "rgb:bgr"}, func(m img) (img, bool) {
			if m.c < 3 {
				return m, false
			}
			p := []int{2, 1, 0, 3}
			return m.permute(p[:m.c]), true
		}, nil},
		{"swap rgba:argb", []string{"channel", "--swap", "rgba:argb"}, func(m img) (img, bool) {
			if m.c != 4 {
				return m, false
			}
			return m.permute([]int{3, 0, 1, 2}), true
		}, nil},
		{"convert to png", []string{"convert", "--to", "png"}, func(m img) (img, bool) { return m, true }, newExt(".png")},
		{"convert to pam", []string{"convert", "--to", "pam"}, func(m img) (img, bool) { return m, true }, newExt(".pam")},
		{"convert to tiff", []string{"convert", "--to", "tiff"}, func(m img) (img, bool) { return m, true }, newExt(".tiff")},
	}
	src := t.TempDir()
	ss := writeSamples(t, src)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			args := append(append([]string{}, tc.args...), "--out", out, "--quiet", src)
			failures := 0
			for _, s := range ss {
				if _, ok := tc.want(s.m); !ok {
					failures++
				}
			}
			wantCode := 0
			if failures > 0 {
				wantCode = 1
			}
			r := mustRun(t, "", wantCode, args...)
			for _, s := range ss {
				name := s.name
				if tc.rename != nil {
					name = tc.rename(name)
				}
				want, ok := tc.want(s.m)
				p := filepath.Join(out, name)
				if !ok {
					if _, err := os.Stat(p); err == nil {
						t.Errorf("%s: written, want a failure", name)
					}
					if !strings.Contains(r.stderr, s.name) {
						t.Errorf("stderr does not name %s:\n%s", s.name, r.stderr)
					}
					continue
				}
				checkImage(t, p, want)
			}
		})
	}
}

// extName returns the output name of --extract ch: the channel before the
// extension, and PGM for PPM.
func extName(ch string) func(string) string {
	return func(name string) string {
		ext := filepath.Ext(name)
		if ext == ".ppm" {
			ext = ".pgm"
		}
		return strings.TrimSuffix(name, filepath.Ext(name)) + "." + ch + ext
	}
}

// newExt returns a renaming to a new extension.
func newExt(ext string) func(string) string {
	return func(name string) string {
		if filepath.Ext(name) == ext {
			return name
		}
		return strings.TrimSuffix(name, filepath.Ext(name)) + ext
	}
}

// TestCropOutside checks that a rectangle reaching outside an image is an
// error for that file naming the image's size, while the files it fits are
// cropped.
func TestCropOutside(t *testing.T) {
	dir := t.TempDir()
	small, big := pattern(7, 5, 3, 8), pattern(20, 10, 3, 8)
	writePNG(t, filepath.Join(dir, "small.png"), small)
	writePNM(t, filepath.Join(dir, "big.ppm"), big, "P6")
	r := mustRun(t, dir, 1, "crop", "--rect", "5,2,10,4", "--out", "out", "small.png", "big.ppm")
	if !strings.Contains(r.stderr, "small.png") || !strings.Contains(r.stderr, "7x5") {
		t.Errorf("the error does not name the file and its size 7x5:\n%s", r.stderr)
	}
	checkImage(t, filepath.Join(dir, "out", "big.ppm"), big.crop(5, 2, 10, 4))
	if _, err := os.Stat(filepath.Join(dir, "out", "small.png")); err == nil {
		t.Error("small.png was cropped to a rectangle outside it")
	}
}

// TestAlphaPAM checks that 4-channel output to PAM is straight-alpha
// RGB_ALPHA, from PNG and from PAM, 8 and 16 bits.
func TestAlphaPAM(t *testing.T) {
	dir := t.TempDir()
	m8, m16 := pattern(4, 3, 4, 8), pattern(4, 3, 4, 16)
	writePNG(t, filepath.Join(dir, "a8.png"), m8)
	writePNG(t, filepath.Join(dir, "a16.png"), m16)
	mustRun(t, dir, 0, "flip", "--horizontal", "--to", "pam", "--out", "out", "-q", "a8.png", "a16.png")
	for name, m := range map[string]img{"a8.pam": m8, "a16.pam": m16} {
		p := filepath.Join(dir, "out", name)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b[:min(len(b), 80)]), "TUPLTYPE RGB_ALPHA\n") {
			t.Errorf("%s header %q lacks TUPLTYPE RGB_ALPHA", name, b[:min(len(b), 80)])
		}
		checkImage(t, p, m.flipH())
	}
}

// TestEightBitFormats converts a 16-bit image to formats that hold 8 bits:
// BMP keeps the high bytes exactly, JPEG and GIF approximately (the test
// pattern is all edges, hard on JPEG's chroma subsampling), and none keeps
// 16 bits. A higher --quality must bring JPEG closer.
func TestEightBitFormats(t *testing.T) {
	dir := t.TempDir()
	m16 := pattern(9, 6, 3, 16)
	writePNG(t, filepath.Join(dir, "a.png"), m16)
	high := m16.mapPix(m16.w, m16.h, 3, func(x, y, k int) uint16 { return m16.at(x, y, k) >> 8 })
	high.bits = 8
	meanError := func(t *testing.T, to, ext, quality string) float64 {
		out := t.TempDir()
		mustRun(t, dir, 0, "convert", "--to", to, "--quality", quality, "--out", out, "-q", "a.png")
		got := readImage(t, filepath.Join(out, "a"+ext))
		if got.bits != 8 || got.w != high.w || got.h != high.h {
			t.Fatalf("%dx%d, %d bits; want %dx%d, 8 bits", got.w, got.h, got.bits, high.w, high.h)
		}
		var diff float64
		for y := range high.h {
			for x := range high.w {
				for k := range 3 {
					d := float64(got.at(x, y, k)) - float64(high.at(x, y, k))
					diff += max(d, -d)
				}
			}
		}
		return diff / float64(high.w*high.h*3)
	}
	if e := meanError(t, "bmp", ".bmp", "0"); e != 0 {
		t.Errorf("bmp: mean error %.2f per sample, want 0", e)
	}
	if e := meanError(t, "gif", ".gif", "0"); e > 12 {
		t.Errorf("gif: mean error %.2f per sample, want at most 12", e)
	}
	e95, e10 := meanError(t, "jpeg", ".jpg", "95"), meanError(t, "jpeg", ".jpg", "10")
	if e95 > 24 || e95 >= e10 {
		t.Errorf("jpeg: mean error %.2f at quality 95 and %.2f at 10; want at most 24 and less at 95", e95, e10)
	}
}
