package pnm

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pixview/pixview/ops"
	"github.com/pixview/pixview/pixbuf"
)

// Interop tests run the real Netpbm tools and ffmpeg (Debian packages
// netpbm and ffmpeg). A missing tool skips the test locally and fails it
// when the environment variable CI is set.

// needTool returns the path of a tool, skipping or failing the test if it
// is not installed.
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed (install Debian packages netpbm and ffmpeg): %v", name, err)
		}
		t.Skipf("%s is not installed", name)
	}
	return path
}

// run runs a tool with stdin and returns its standard output.
func run(t *testing.T, stdin []byte, name string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, needTool(t, name), args...)
	cmd.Stdin = bytes.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, errb.String())
	}
	return out.Bytes()
}

// pamtable returns the samples of a Netpbm image as Netpbm's own pamtable
// prints them, in file units, row-major: a reference decoder that owes
// nothing to ours.
func pamtable(t *testing.T, data []byte) []int {
	t.Helper()
	var s []int
	for _, f := range strings.FieldsFunc(string(run(t, data, "pamtable")), func(r rune) bool {
		return r == ' ' || r == '|' || r == '\n'
	}) {
		v, err := strconv.Atoi(f)
		if err != nil {
			t.Fatalf("pamtable printed %q", f)
		}
		s = append(s, v)
	}
	return s
}

// matchTable checks that img holds, scaled, the samples pamtable prints.
func matchTable(t *testing.T, name string, img *Image, data []byte) {
	t.Helper()
	h := img.Header
	r := rawImage{w: h.Width, h: h.Height, depth: h.Channels, maxval: h.MaxVal, s: pamtable(t, data)}
	if len(r.s) != h.Width*h.Height*h.Channels {
		t.Fatalf("%s: pamtable printed %d samples for %dx%dx%d", name, len(r.s), h.Width, h.Height, h.Channels)
	}
	if err := r.check(img); err != nil {
		t.Errorf("%s: %v", name, err)
	}
}

func readBytes(t *testing.T, name string, data []byte) *Image {
	t.Helper()
	img, err := Read(bytes.NewReader(data), 0)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return img
}

// TestInteropNetpbmReadsOurs writes 8- and 16-bit PGM, PPM and PAM and has
// pamfile describe them and pamtable and pamtopnm read them, pixel for
// pixel.
func TestInteropNetpbmReadsOurs(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	kinds := map[int]string{1: "PGM", 3: "PPM"}
	tuple := [...]string{"", "GRAYSCALE", "GRAYSCALE_ALPHA", "RGB", "RGB_ALPHA"}
	for c := 1; c <= 4; c++ {
		for _, wide := range []bool{false, true} {
			v8, v16 := pixbuf.New[uint8](13, 17, c), pixbuf.New[uint16](13, 17, c)
			s8, _ := v8.Samples()
			s16, _ := v16.Samples()
			for i := range s8 {
				s8[i], s16[i] = uint8(rng.Uint32()), uint16(rng.Uint32())
			}
			maxval := 255
			if wide {
				maxval = 65535
			}
			magics := []string{"P7"}
			if c == 1 || c == 3 {
				magics = append(magics, "")
			}
			for _, magic := range magics {
				var b bytes.Buffer
				var err error
				if wide {
					err = Write(&b, v16.FlipH(), magic)
				} else {
					err = Write(&b, v8.Crop(image2(0, 0, 17, 13)).FlipV(), magic)
				}
				if err != nil {
					t.Fatal(err)
				}
				name := fmt.Sprintf("%d channels maxval %d %q", c, maxval, magic)
				kind := "PAM"
				if magic == "" {
					kind = kinds[c]
				}
				info := strings.Fields(string(run(t, b.Bytes(), "pamfile", "-machine")))
				want := []string{"stdin:", kind, "RAW", "17", "13", strconv.Itoa(c), strconv.Itoa(maxval), tuple[c]}
				if strings.Join(info, " ") != strings.Join(want, " ") {
					t.Errorf("%s: pamfile says %q, want %q", name, info, want)
				}
				ours := readBytes(t, name, b.Bytes())
				matchTable(t, name, ours, b.Bytes())
				if c == 1 || c == 3 {
					pnm := run(t, b.Bytes(), "pamtopnm")
					theirs := readBytes(t, name+" via pamtopnm", pnm)
					if !theirs.View8.Equal(ours.View8) || !theirs.View16.Equal(ours.View16) || theirs.Header.Magic != map[int]string{1: "P5", 3: "P6"}[c] {
						t.Errorf("%s: pamtopnm output %s differs", name, theirs.Header.Magic)
					}
				}
			}
		}
	}
}

// TestInteropWeReadNetpbm reads what the Netpbm generators and filters
// write, raw and plain, and checks every sample against pamtable and the
// flips against our own flip views.
func TestInteropWeReadNetpbm(t *testing.T) {
	sources := map[string][]byte{
		"pgmramp -lr":            run(t, nil, "pgmramp", "-lr", "37", "21"),
		"pgmramp -rect":          run(t, nil, "pgmramp", "-rect", "37", "21"),
		"pgmramp -maxval 1000":   run(t, nil, "pgmramp", "-ellipse", "-maxval", "1000", "37", "21"),
		"pgmramp -maxval 65535":  run(t, nil, "pgmramp", "-diagonal", "-maxval", "65535", "37", "21"),
		"pgmramp -maxval 15":     run(t, nil, "pgmramp", "-tb", "-maxval", "15", "37", "21"),
		"ppmpat -g2":             run(t, nil, "ppmpat", "-g2", "-color=rgb:ff/00/00,rgb:00/00/ff", "37", "21"),
		"ppmpat -squig":          run(t, nil, "ppmpat", "-squig", "-randomseed", "7", "64", "48"),
		"pbmmake -gray":          run(t, nil, "pbmmake", "-gray", "37", "21"),
		"pgmramp | pamditherbw":  run(t, run(t, nil, "pgmramp", "-lr", "37", "21"), "pamditherbw"),
		"ppmpat | pamdepth 1000": run(t, run(t, nil, "ppmpat", "-squig", "-randomseed", "8", "37", "21"), "pamdepth", "1000"),
	}
	sources["ppmpat | pnmgamma"] = run(t, sources["ppmpat -squig"], "pnmgamma", "2.2")
	sources["pnmgamma -maxval"] = run(t, sources["ppmpat | pamdepth 1000"], "pnmgamma", "0.5")
	for name, data := range sources {
		img := readBytes(t, name, data)
		matchTable(t, name, img, data)
		// The same image in plain format reads the same.
		plain := run(t, data, "pnmtoplainpnm")
		if pimg := readBytes(t, name+" plain", plain); !pimg.View8.Equal(img.View8) || !pimg.View16.Equal(img.View16) || !pimg.Header.Plain() {
			t.Errorf("%s: the plain version (%s) reads differently", name, pimg.Header.Magic)
		}
		// A PAM version reads the same (a few sources suffice).
		if name == "ppmpat -squig" || name == "pgmramp -maxval 65535" || name == "pbmmake -gray" {
			pam := run(t, data, "pamtopam")
			if pimg := readBytes(t, name+" pam", pam); !pimg.View8.Equal(img.View8) || !pimg.View16.Equal(img.View16) || pimg.Header.Magic != "P7" {
				t.Errorf("%s: the PAM version reads differently", name)
			}
		}
		// Their flips are our flip views.
		for _, f := range []struct {
			tool string
			args []string
			view func(*Image) (pixbuf.View[uint8], pixbuf.View[uint16])
		}{
			{"pnmflip", []string{"-lr"}, func(i *Image) (pixbuf.View[uint8], pixbuf.View[uint16]) { return i.View8.FlipH(), i.View16.FlipH() }},
			{"pamflip", []string{"-tb"}, func(i *Image) (pixbuf.View[uint8], pixbuf.View[uint16]) { return i.View8.FlipV(), i.View16.FlipV() }},
			{"pamflip", []string{"-r90"}, func(i *Image) (pixbuf.View[uint8], pixbuf.View[uint16]) {
				return i.View8.Rotate(-90), i.View16.Rotate(-90)
			}},
			{"pamflip", []string{"-transpose"}, func(i *Image) (pixbuf.View[uint8], pixbuf.View[uint16]) {
				return i.View8.Transpose(), i.View16.Transpose()
			}},
		} {
			if len(f.args[0]) > 3 && name != "ppmpat -squig" && name != "pgmramp -maxval 65535" {
				continue // the rotations on two sources are enough
			}
			flipped := readBytes(t, name+" "+f.tool, run(t, data, f.tool, f.args...))
			v8, v16 := f.view(img)
			if !flipped.View8.Equal(v8) || !flipped.View16.Equal(v16) {
				t.Errorf("%s: %s %v differs from our view", name, f.tool, f.args)
			}
		}
	}
}

// TestInteropMapFlip flips PPM files in place through Map and compares
// them with pamflip -lr's output, byte for byte, 8 and 16 bits.
func TestInteropMapFlip(t *testing.T) {
	dir := t.TempDir()
	src := run(t, nil, "ppmpat", "-squig", "-randomseed", "9", "320", "240")
	for name, data := range map[string][]byte{
		"8-bit":          src,
		"16-bit":         run(t, src, "pamdepth", "65535"),
		"maxval 1000":    run(t, src, "pamdepth", "1000"),
		"PAM RGB_ALPHA":  withAlpha(t, src),
		"PGM 16-bit":     run(t, run(t, src, "ppmtopgm"), "pamdepth", "65535"),
		"PGM maxval 100": run(t, run(t, src, "ppmtopgm"), "pamdepth", "100"),
	} {
		path := filepath.Join(dir, "img")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := Map(path, true)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := ops.FlipH(m.View()); err != nil {
			t.Fatal(err)
		}
		if err := m.Sync(); err != nil {
			t.Fatal(err)
		}
		if err := m.Close(); err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(path)
		want := run(t, data, "pamflip", "-lr")
		if !bytes.Equal(got, want) {
			gi, wi := readBytes(t, name, got), readBytes(t, name, want)
			if !gi.View8.Equal(wi.View8) || !gi.View16.Equal(wi.View16) {
				t.Errorf("%s: the file flipped in place differs from pamflip -lr", name)
			} else {
				t.Logf("%s: same pixels, different headers %+v %+v", name, gi.Header, wi.Header)
			}
		}
	}
}

// TestInteropFFmpeg flips ffmpeg's test pattern frame by frame through
// FrameReader and FrameWriter and compares the stream with ffmpeg's own
// -vf hflip, for every pixel format; then ffmpeg flips our stream back in
// a pipe.
func TestInteropFFmpeg(t *testing.T) {
	dir := t.TempDir()
	formats := []PixFmt{RGB24, RGBA, Gray, Gray16LE}
	// One ffmpeg run writes every format, plain and flipped.
	// Output options apply to the next output only, so each repeats
	// -frames:v 10.
	args := []string{"-hide_banner", "-loglevel", "error", "-nostdin", "-f", "lavfi", "-i", "testsrc=size=320x240"}
	for _, f := range formats {
		args = append(args, "-frames:v", "10", "-f", "rawvideo", "-pix_fmt", string(f), filepath.Join(dir, string(f)),
			"-frames:v", "10", "-vf", "hflip", "-f", "rawvideo", "-pix_fmt", string(f), filepath.Join(dir, string(f)+".hflip"))
	}
	run(t, nil, "ffmpeg", args...)
	for _, f := range formats {
		raw, err := os.ReadFile(filepath.Join(dir, string(f)))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(dir, string(f)+".hflip"))
		if err != nil {
			t.Fatal(err)
		}
		fr, err := NewFrameReader(bytes.NewReader(raw), 320, 240, f)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		fw := NewFrameWriter(&out)
		n := 0
		for {
			v, err := fr.Next()
			if err != nil {
				if err != io.EOF {
					t.Fatal(err)
				}
				break
			}
			n++
			// A gray16le pixel is two bytes, which a flip keeps together.
			if err := ops.FlipH(v); err != nil {
				t.Fatal(err)
			}
			if err := fw.Write(v); err != nil {
				t.Fatal(err)
			}
		}
		if n != 10 || len(raw) != 10*320*240*f.BytesPerPixel() {
			t.Errorf("%s: %d frames in %d bytes, want 10", f, n, len(raw))
		}
		if !bytes.Equal(out.Bytes(), want) {
			t.Errorf("%s: our flipped stream differs from ffmpeg -vf hflip", f)
		}
		if f != RGB24 {
			continue
		}
		back := run(t, out.Bytes(), "ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", string(f),
			"-s", "320x240", "-i", "-", "-vf", "hflip", "-f", "rawvideo", "-pix_fmt", string(f), "-")
		if !bytes.Equal(back, raw) {
			t.Errorf("%s: ffmpeg -vf hflip of our stream is not the original", f)
		}
	}
}

// withAlpha returns src as an RGB_ALPHA PAM with a made-up alpha channel.
func withAlpha(t *testing.T, src []byte) []byte {
	img := readBytes(t, "withAlpha", src)
	h, w, _ := img.View8.Shape()
	v := pixbuf.New[uint8](h, w, 4)
	if err := v.ChannelRange(0, 3).CopyFrom(img.View8); err != nil {
		t.Fatal(err)
	}
	for y := range h {
		for x := range w {
			v.Set(y, x, 3, uint8(x+y))
		}
	}
	var b bytes.Buffer
	if err := Write(&b, v, "P7"); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestInteropHeaderEdges checks the corners of the header syntax against
// Netpbm's own reader: comments that end a token, a comment right after
// the delimiter (raster bytes, not a comment), comments in a plain raster,
// blank lines and trailing blanks in a PAM header.
func TestInteropHeaderEdges(t *testing.T) {
	for _, s := range []string{
		"P2 3#c\n1 255\n1 2 3\n",
		"P5 2 1 255#c\nab",
		"P5 2 1 255\n#c",
		"P1 2 1 0#x\n1\n",
		"P3\n#a\n#b\n1 1\n#c\n7\n1 2 3\n",
		"P7 \nWIDTH 1\nHEIGHT 1\nDEPTH 1\nMAXVAL 255\nENDHDR\na",
		"P7\n\n  WIDTH 2 \n\tHEIGHT 1\n# c\nDEPTH 1\nMAXVAL 255\nENDHDR\nab",
	} {
		img := readBytes(t, s, []byte(s))
		matchTable(t, s, img, []byte(s))
	}
}
