package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestConvertPNMToJPEGStreamed checks the band-by-band conversion of a
// PPM or PGM to JPEG against cjpeg, the outside judge: the file pixtool
// writes must decode (djpeg -dct int) to exactly what cjpeg -dct int
// -optimize's does with the same quality, sampling, progression and
// restart interval, which holds only when the coefficients and tables are
// the same; sizes off the iMCU grid, 4:2:0, 4:2:2 with restarts,
// progressive, the defaults, and gray. The record says the decoded path
// with nothing changed, as the whole-image path records it.
func TestConvertPNMToJPEGStreamed(t *testing.T) {
	needTool(t, "cjpeg", "libjpeg-turbo-progs")
	needTool(t, "djpeg", "libjpeg-turbo-progs")
	dir := t.TempDir()
	writePNM(t, filepath.Join(dir, "c.ppm"), pattern(203, 77, 3, 8), "P6")
	writePNM(t, filepath.Join(dir, "g.pgm"), pattern(203, 77, 1, 8), "P5")
	cases := []struct {
		in    string
		flags []string
		cjpeg []string
	}{
		{"c.ppm", []string{"--quality", "90", "--sampling", "420"}, []string{"-quality", "90", "-sample", "2x2"}},
		{"c.ppm", []string{"--quality", "80", "--sampling", "422", "--restart", "1"}, []string{"-quality", "80", "-sample", "2x1", "-restart", "1"}},
		{"c.ppm", []string{"--quality", "85", "--progressive", "--sampling", "444"}, []string{"-quality", "85", "-progressive", "-sample", "1x1"}},
		{"c.ppm", nil, nil},
		{"g.pgm", []string{"--quality", "95"}, []string{"-quality", "95"}},
	}
	for i, c := range cases {
		out := filepath.Join(dir, "out", string(rune('a'+i)))
		args := append([]string{"convert", "--to", "jpeg", "--json", "--out", out}, c.flags...)
		r := mustRun(t, dir, 0, append(args, c.in)...)
		rec := records(t, r.stdout)[c.in]
		if rec.Path != pathDecoded || rec.FormatOut != "jpeg" || len(rec.Changes) != 0 {
			t.Errorf("%s %v: record path %q format %q changes %v, want decoded, jpeg, none", c.in, c.flags, rec.Path, rec.FormatOut, rec.Changes)
		}
		got := filepath.Join(out, c.in[:1]+".jpg")
		ref := filepath.Join(dir, "ref.jpg")
		tool(t, nil, "cjpeg", append(append([]string{"-dct", "int", "-optimize"}, c.cjpeg...), "-outfile", ref, filepath.Join(dir, c.in))...)
		if a, b := djpegOf(t, got), djpegOf(t, ref); !bytes.Equal(a, b) {
			t.Errorf("%s %v: djpeg of pixtool's file differs from djpeg of cjpeg %v's", c.in, c.flags, c.cjpeg)
		}
	}
}

// TestConvertPNMToJPEGNotStreamed checks the inputs the streamed path
// leaves to the whole-image one: a PPM with a second image is still
// refused with its count, and a 16-bit one converts.
func TestConvertPNMToJPEGNotStreamed(t *testing.T) {
	dir := t.TempDir()
	one := filepath.Join(dir, "one.ppm")
	writePNM(t, one, pattern(40, 30, 3, 8), "P6")
	data, err := os.ReadFile(one)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "two.ppm"), append(data, data...), 0o644); err != nil {
		t.Fatal(err)
	}
	r := mustRun(t, dir, 1, "convert", "--to", "jpeg", "--out", "out", "two.ppm")
	if !bytes.Contains([]byte(r.stderr), []byte("2 images")) {
		t.Errorf("two images: stderr %q, want the whole-image path's refusal naming 2 images", r.stderr)
	}
	writePNM(t, filepath.Join(dir, "deep.ppm"), pattern(40, 30, 3, 16), "P6")
	mustRun(t, dir, 0, "convert", "--to", "jpeg", "--out", "out", "deep.ppm")
}
