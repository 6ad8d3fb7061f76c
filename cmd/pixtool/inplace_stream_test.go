package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// TestStreamedRasterAgainstPamflip checks the band-by-band Netpbm edit on
// files of several bands (the last one short), with headers of odd sizes
// (a comment), 8 and 16 bits, gray and RGB, in place and to --out, against
// netpbm's pamflip: the header is the input's own, byte for byte, and the
// raster is pamflip's.
func TestStreamedRasterAgainstPamflip(t *testing.T) {
	pamflip := needTool(t, "pamflip", "netpbm")
	rng := rand.New(rand.NewPCG(16, 2))
	files := []struct {
		magic     string
		w, h, c   int
		maxval    int
		comment   string
		wantBands int
	}{
		{"P6", 700, 1200, 3, 255, "# odd header\n", 3},
		{"P6", 701, 666, 3, 65535, "", 3},
		{"P5", 1500, 1600, 1, 255, "# gray\n# two lines\n", 3},
	}
	ops := []struct {
		args    []string
		pamflip string
	}{
		{[]string{"flip", "--horizontal"}, "-lr"},
		{[]string{"flip", "--vertical"}, "-tb"},
		{[]string{"rotate", "180"}, "-r180"},
	}
	dir := t.TempDir()
	for i, f := range files {
		bps := 1
		if f.maxval > 255 {
			bps = 2
		}
		rowBytes := f.w * f.c * bps
		if bands := (f.h + bandBytes/rowBytes - 1) / (bandBytes / rowBytes); bands != f.wantBands {
			t.Fatalf("file %d takes %d bands, want %d: the test no longer covers what it says", i, bands, f.wantBands)
		}
		header := fmt.Sprintf("%s\n%s%d %d\n%d\n", f.magic, f.comment, f.w, f.h, f.maxval)
		raster := make([]byte, f.h*rowBytes)
		for k := range raster {
			raster[k] = byte(rng.Uint32())
		}
		if bps == 2 { // samples within maxval
			for k := 0; k < len(raster); k += 2 {
				raster[k] &= 0x7f
			}
		}
		input := append([]byte(header), raster...)
		name := fmt.Sprintf("f%d.pnm", i)
		src := filepath.Join(dir, name)
		for _, op := range ops {
			want := tool(t, input, pamflip, op.pamflip)
			wantRaster := want[len(want)-len(raster):]
			for _, inPlace := range []bool{true, false} {
				if err := os.WriteFile(src, input, 0o644); err != nil {
					t.Fatal(err)
				}
				args := append(append([]string{}, op.args...), "--quiet")
				got := src
				if inPlace {
					args = append(args, "--in-place", name)
				} else {
					args = append(args, "--out", "out", "--force", name)
					got = filepath.Join(dir, "out", name)
				}
				mustRun(t, dir, 0, args...)
				b, err := os.ReadFile(got)
				if err != nil {
					t.Fatal(err)
				}
				switch {
				case len(b) != len(input):
					t.Errorf("%s %v: %d bytes, want %d", name, args, len(b), len(input))
				case !bytes.Equal(b[:len(header)], []byte(header)):
					t.Errorf("%s %v: header %q, want the input's %q", name, args, b[:len(header)], header)
				case !bytes.Equal(b[len(header):], wantRaster):
					t.Errorf("%s %v: raster differs from pamflip %s's", name, args, op.pamflip)
				}
			}
		}
	}
}
