package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// goldenInputs are samples of the repository's testdata that the golden
// test transforms: 16-bit RGB, 8-bit RGBA, gray JPEG and an EXIF-rotated
// JPEG.
var goldenInputs = []string{"basn2c16.png", "basn6a08.png", "video-005.gray.q50.jpeg", "orient-6.jpg"}

// TestGolden runs commands on samples of the repository's testdata and
// compares the outputs, pixel for pixel, with golden PNGs in
// testdata/golden (rewritten with -update).
func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"flipH", []string{"flip", "--horizontal"}},
		{"rot90", []string{"rotate", "90"}},
		{"crop", []string{"crop", "--rect", "3,5,20,11"}},
		{"swap", []string{"channel", "--swap", "rgb:gbr"}},
	}
	src := t.TempDir()
	for _, name := range goldenInputs {
		b, err := os.ReadFile(filepath.Join(repoTestdata, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			r := pixtool(t, "", nil, append(tc.args, "--to", "png", "--out", out, "-q", src)...)
			if r.code > 1 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			for _, in := range goldenInputs {
				got := filepath.Join(out, strings.TrimSuffix(in, filepath.Ext(in))+".png")
				golden := filepath.Join("testdata", "golden", tc.name+"-"+strings.TrimSuffix(in, filepath.Ext(in))+".png")
				if _, err := os.Stat(got); err != nil {
					if tc.name == "swap" && strings.Contains(in, "gray") && strings.Contains(r.stderr, in) {
						continue // a gray image has no channels to swap: a reported failure
					}
					t.Errorf("%s: no output: %s", in, r.stderr)
					continue
				}
				if *update {
					b, err := os.ReadFile(got)
					if err != nil {
						t.Fatal(err)
					}
					if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(golden, b, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				if d := sameImage(readImage(t, got), readImage(t, golden)); d != "" {
					t.Errorf("%s %s differs from %s: %s", tc.name, in, golden, d)
				}
			}
		})
	}
}

// TestOrientationApplied checks that pixtool writes EXIF-oriented JPEGs
// upright: orient-1 to orient-8 all display the same grid, so after any
// command their outputs must match, up to JPEG noise.
func TestOrientationApplied(t *testing.T) {
	src := t.TempDir()
	for n := 1; n <= 8; n++ {
		name := fmt.Sprintf("orient-%d.jpg", n)
		b, err := os.ReadFile(filepath.Join(repoTestdata, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := t.TempDir()
	mustRun(t, "", 0, "flip", "--horizontal", "--to", "png", "--out", out, "-q", src)
	ref := readImage(t, filepath.Join(out, "orient-1.png"))
	for n := 2; n <= 8; n++ {
		got := readImage(t, filepath.Join(out, fmt.Sprintf("orient-%d.png", n)))
		if got.w != ref.w || got.h != ref.h || got.c != ref.c {
			t.Errorf("orient-%d: %dx%dx%d, orient-1 gives %dx%dx%d", n, got.w, got.h, got.c, ref.w, ref.h, ref.c)
			continue
		}
		var diff int
		for i := range got.pix {
			d := int(got.pix[i]) - int(ref.pix[i])
			diff += max(d, -d)
		}
		if mean := float64(diff) / float64(len(got.pix)); mean > 8 {
			t.Errorf("orient-%d differs from orient-1 by %.1f on average: not displayed upright", n, mean)
		}
	}
}

// TestHostileInputs runs a batch over every sample of the repository's
// testdata, truncated and with its header scrambled: each broken file is a
// reported failure, never a panic or a hang.
func TestHostileInputs(t *testing.T) {
	ents, err := os.ReadDir(repoTestdata)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	n := 0
	for _, e := range ents {
		if !isImageName(e.Name()) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(repoTestdata, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		ext := filepath.Ext(e.Name())
		scrambled := append([]byte{}, b...)
		for i := 8; i < min(len(scrambled), 64); i += 5 {
			scrambled[i] ^= 0xa5
		}
		variants := map[string][]byte{"half": b[:len(b)/2], "head": b[:min(len(b), 40)], "scrambled": scrambled}
		for v, data := range variants {
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%s%s", e.Name(), v, ext)), data, 0o644); err != nil {
				t.Fatal(err)
			}
			n++
		}
	}
	// pixtool fails the test on a panic; exit 1 is expected.
	out := t.TempDir()
	r := pixtool(t, "", nil, "rotate", "90", "--to", "png", "--out", out, "-q", dir)
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	if failed := strings.Count(r.stderr, "\n"); failed == 0 || failed > n {
		t.Errorf("%d failures reported for %d broken files", failed, n)
	}
	r = pixtool(t, "", nil, "info", dir)
	if r.code != 1 {
		t.Errorf("info: exit %d, want 1", r.code)
	}
}
