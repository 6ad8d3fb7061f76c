package pnm

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var genGolden = flag.Bool("gen_golden_files", false, "regenerate testdata/*.{pbm,pgm,ppm,pam} and their .txt tables with the Netpbm tools")

// goldens are small images written by the Netpbm tools, checked in with
// what pamtable prints for them, so that the reader is checked against
// Netpbm even where the tools are not installed.
var goldens = []struct {
	file string
	cmds [][]string // a pipeline
}{
	{"ramp16.pgm", [][]string{{"pgmramp", "-diagonal", "-maxval", "65535", "16", "8"}}},
	{"ramp1000-plain.pgm", [][]string{{"pgmramp", "-ellipse", "-maxval", "1000", "-plain", "9", "7"}}},
	{"squig.ppm", [][]string{{"ppmpat", "-squig", "-randomseed", "1", "160", "120"}, {"pamscale", "-width", "16"}}},
	{"squig15-plain.ppm", [][]string{{"ppmpat", "-squig", "-randomseed", "2", "80", "60"}, {"pamscale", "-width", "8"}, {"pamdepth", "15"}, {"pnmtoplainpnm"}}},
	{"gray.pbm", [][]string{{"pbmmake", "-gray", "11", "3"}}},
	{"dither-plain.pbm", [][]string{{"pgmramp", "-lr", "13", "4"}, {"pamditherbw"}, {"pnmtoplainpnm"}}},
	{"squig16.pam", [][]string{{"ppmpat", "-squig", "-randomseed", "3", "100", "50"}, {"pamscale", "-width", "10"}, {"pamtopam"}, {"pamdepth", "65535"}}},
	{"ramp.pam", [][]string{{"pgmramp", "-tb", "5", "6"}, {"pamtopam"}}},
}

func TestGolden(t *testing.T) {
	for _, g := range goldens {
		path := filepath.Join("testdata", g.file)
		if *genGolden {
			var data []byte
			for _, c := range g.cmds {
				data = run(t, data, c[0], c[1:]...)
			}
			table := run(t, data, "pamtable")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path+".txt", table, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		table, err := os.ReadFile(path + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		img := readBytes(t, g.file, data)
		h := img.Header
		r := rawImage{w: h.Width, h: h.Height, depth: h.Channels, maxval: h.MaxVal}
		for _, f := range strings.FieldsFunc(string(table), func(r rune) bool { return r == ' ' || r == '|' || r == '\n' }) {
			v, err := strconv.Atoi(f)
			if err != nil {
				t.Fatal(err)
			}
			r.s = append(r.s, v)
		}
		if len(r.s) != h.Width*h.Height*h.Channels {
			t.Fatalf("%s: %d samples in the table for %+v", g.file, len(r.s), h)
		}
		if err := r.check(img); err != nil {
			t.Errorf("%s: %v", g.file, err)
		}
	}
}
