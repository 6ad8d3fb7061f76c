package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// needTool returns the path of an outside program. When it is missing the
// test is skipped locally, and fails when CI is set, so that CI never
// passes without running it.
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s not found: install the Debian package %s", name, pkg)
		}
		t.Skipf("%s not found (Debian package %s)", name, pkg)
	}
	return p
}

// TestAgainstImageMagick compares pixtool flip with ImageMagick's
// convert -flop (left to right) and -flip (top to bottom) on PNG and PPM,
// 8 and 16 bits, pixel for pixel. ImageMagick starts slowly, so one convert
// call makes all of its outputs.
func TestAgainstImageMagick(t *testing.T) {
	magick := needTool(t, "convert", "imagemagick")
	tests := []struct {
		file  string
		m     img
		magic string
	}{
		{"rgb8.png", pattern(13, 7, 3, 8), ""},
		{"rgba8.png", pattern(8, 9, 4, 8), ""},
		{"rgb16.png", pattern(9, 5, 3, 16), ""},
		{"rgb8.ppm", pattern(13, 7, 3, 8), "P6"},
		{"rgb16.ppm", pattern(9, 5, 3, 16), "P6"},
		{"gray8.pgm", pattern(6, 11, 1, 8), "P5"},
	}
	flips := []struct{ pixtool, magick string }{{"--horizontal", "-flop"}, {"--vertical", "-flip"}}
	dir := t.TempDir()
	var args []string
	for _, tc := range tests {
		src := filepath.Join(dir, "src", tc.file)
		if err := os.MkdirAll(filepath.Dir(src), 0o755); err != nil {
			t.Fatal(err)
		}
		if tc.magic == "" {
			writePNG(t, src, tc.m)
		} else {
			writePNM(t, src, tc.m, tc.magic)
		}
		args = append(args, src)
		for _, f := range flips {
			args = append(args, "(", "+clone", f.magick, "-write", filepath.Join(dir, "magick"+f.magick+"-"+tc.file), "+delete", ")")
		}
		args = append(args, "+delete")
	}
	args = append(args, "xc:black", "null:")
	if out, err := exec.Command(magick, args...).CombinedOutput(); err != nil {
		t.Fatalf("convert: %v\n%s", err, out)
	}
	for _, f := range flips {
		mustRun(t, dir, 0, "flip", f.pixtool, "--out", "ours"+f.pixtool, "-q", "src")
		for _, tc := range tests {
			ours := readImage(t, filepath.Join(dir, "ours"+f.pixtool, tc.file))
			theirs := readImage(t, filepath.Join(dir, "magick"+f.magick+"-"+tc.file))
			if d := sameImage(ours, theirs); d != "" {
				t.Errorf("%s: pixtool flip %s differs from convert %s: %s", tc.file, f.pixtool, f.magick, d)
			}
		}
	}
}

// TestFFmpegPipe runs pixtool between two ffmpeg processes, as README
// shows, and compares its frames with ffmpeg's own hflip filter.
func TestFFmpegPipe(t *testing.T) {
	ffmpeg := needTool(t, "ffmpeg", "ffmpeg")
	gen := []string{"-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x36:rate=5:duration=1"}
	raw := func(filter ...string) []byte {
		args := append(append([]string{}, gen...), filter...)
		args = append(args, "-f", "rawvideo", "-pix_fmt", "rgb24", "-")
		out, err := exec.Command(ffmpeg, args...).Output()
		if err != nil {
			t.Fatalf("ffmpeg %v: %v", args, err)
		}
		return out
	}
	src, want := raw(), raw("-vf", "hflip")
	if len(src) != 5*64*36*3 {
		t.Fatalf("ffmpeg made %d bytes, want 5 frames of 64x36 rgb24", len(src))
	}
	r := pixtool(t, "", bytes.NewReader(src), "flip", "--horizontal", "--raw", "64x36", "-q")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !bytes.Equal([]byte(r.stdout), want) {
		t.Errorf("pixtool flip --horizontal differs from ffmpeg -vf hflip")
	}
	// And the output decodes as a video of the same geometry.
	dec := exec.Command(ffmpeg, "-v", "error", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", "64x36", "-i", "-", "-f", "null", "-")
	dec.Stdin = bytes.NewReader([]byte(r.stdout))
	if out, err := dec.CombinedOutput(); err != nil {
		t.Errorf("ffmpeg cannot read pixtool's frames: %v\n%s", err, out)
	}
}
