package pnm

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/pixview/pixview/codec/codecerr"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// TestScaling checks the scaling law on every sample value of a range of
// maxvals, through the binary and the plain reader: v reads as
// round(v * full / maxval), 0 as 0 and maxval as full.
func TestScaling(t *testing.T) {
	for _, maxval := range []int{1, 2, 3, 15, 100, 254, 255, 256, 1000, 4095, 65534, 65535} {
		// Five rows of the ramp: large enough for the table-driven path
		// of 16-bit scaling, which a single row would not take.
		r := rawImage{w: maxval + 1, h: 5, depth: 1, maxval: maxval}
		if maxval > 4095 {
			r.h = 1
		}
		for range r.h {
			for v := 0; v <= maxval; v++ {
				r.s = append(r.s, v)
			}
		}
		for _, magic := range []string{"P5", "P2", "P7"} {
			t.Run(fmt.Sprintf("%s/maxval%d", magic, maxval), func(t *testing.T) {
				img, err := Read(bytes.NewReader(r.encode(magic)), 0)
				if err != nil {
					t.Fatal(err)
				}
				if err := r.check(img); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

// TestScalingExamples pins the figures of the specification.
func TestScalingExamples(t *testing.T) {
	for _, tc := range []struct{ v, maxval, want int }{
		{7, 15, 119}, {500, 1000, 32768}, {255, 255, 255}, {1, 1, 255}, {65535, 65535, 65535}, {0, 1000, 0},
	} {
		r := rawImage{w: 1, h: 1, depth: 1, maxval: tc.maxval, s: []int{tc.v}}
		img, err := Read(bytes.NewReader(r.encode("P5")), 0)
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		if tc.maxval > 255 {
			got = int(img.View16.At(0, 0, 0))
		} else {
			got = int(img.View8.At(0, 0, 0))
		}
		if got != tc.want {
			t.Errorf("maxval %d: %d read as %d, want %d", tc.maxval, tc.v, got, tc.want)
		}
	}
}

// TestFormats decodes random images of every shape and maxval in every
// format that can hold them, plain and binary, through Read and Parse.
func TestFormats(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, depth := range []int{1, 2, 3, 4} {
		for _, maxval := range []int{1, 7, 255, 300, 65535} {
			for _, size := range [][2]int{{1, 1}, {7, 3}, {8, 2}, {9, 5}, {17, 4}} {
				r := randomRaw(rng, size[0], size[1], depth, maxval)
				for _, magic := range r.formatsFor() {
					if magic == "P7" && maxval == 1 && depth != 1 {
						continue // no BLACKANDWHITE tuple type for depth 2 to 4 in encode
					}
					name := fmt.Sprintf("%s/%dx%dx%d/maxval%d", magic, size[0], size[1], depth, maxval)
					data := r.encode(magic)
					img, err := Read(bytes.NewReader(data), 0)
					if err == nil {
						err = r.check(img)
					}
					if err != nil {
						t.Errorf("%s: Read: %v", name, err)
					}
					img, err = Parse(data, 0)
					if err == nil {
						err = r.check(img)
					}
					if err != nil {
						t.Errorf("%s: Parse: %v", name, err)
					}
					// An io.Reader that is not a bytes.Reader takes the
					// buffered path.
					img, err = Read(io.MultiReader(bytes.NewReader(data)), 0)
					if err == nil {
						err = r.check(img)
					}
					if err != nil {
						t.Errorf("%s: Read (plain io.Reader): %v", name, err)
					}
				}
			}
		}
	}
}

// TestHeaderSyntax decodes one image under the many spellings of a header
// that the specifications allow.
func TestHeaderSyntax(t *testing.T) {
	for _, tc := range []struct{ name, hdr string }{
		{"newlines", "P5\n2 1\n255\n"},
		{"spaces", "P5 2 1 255 "},
		{"tabs and CR", "P5\t2\r1\t255\r"},
		{"comment lines", "P5\n# a comment\n2 1\n# another\n255\n"},
		{"comment after magic", "P5# c\n2 1 255\n"},
		{"comment ends the last field", "P5 2 1 255# the raster follows the newline\n"},
		{"comment between digits end a token", "P5 2#c\n1 255\n"},
		{"many spaces", "P5   \n\n 2   1\n\n 255\n"},
		{"pam", "P7\nWIDTH 2\nHEIGHT 1\nDEPTH 1\nMAXVAL 255\nENDHDR\n"},
		{"pam comments blanks", "P7\n# c\n\n  WIDTH  2  \nHEIGHT 1\n#x\nDEPTH 1\nMAXVAL 255\nTUPLTYPE GRAYSCALE\nENDHDR\n"},
		{"pam CRLF", "P7\r\nWIDTH 2\r\nHEIGHT 1\r\nDEPTH 1\r\nMAXVAL 255\r\nENDHDR\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := append([]byte(tc.hdr), 10, 20)
			img, err := Parse(data, 0)
			if err != nil {
				t.Fatal(err)
			}
			if img.Header.Size != int64(len(tc.hdr)) {
				t.Errorf("Size %d, want %d", img.Header.Size, len(tc.hdr))
			}
			if img.View8.At(0, 0, 0) != 10 || img.View8.At(0, 1, 0) != 20 {
				t.Errorf("pixels %v", img.View8.Bytes())
			}
		})
	}
}

func TestPAMTupleType(t *testing.T) {
	hdr := "P7\nWIDTH 1\nHEIGHT 1\nDEPTH 3\nMAXVAL 255\nTUPLTYPE RGB\nTUPLTYPE extra words\nENDHDR\nabc"
	img, err := Parse([]byte(hdr), 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Header.TupleType; got != "RGB extra words" {
		t.Errorf("TupleType %q, want the lines joined by a space", got)
	}
	img, err = Parse([]byte("P7\nWIDTH 1\nHEIGHT 1\nDEPTH 1\nMAXVAL 1\nTUPLTYPE BLACKANDWHITE\nENDHDR\n\x01"), 0)
	if err != nil || img.View8.At(0, 0, 0) != 255 {
		t.Errorf("BLACKANDWHITE 1 = %v, %v; want white", img, err)
	}
}

// TestParseAliases checks Parse's zero-copy law: with maxval 255 View8 is
// data's raster; otherwise data is never written.
func TestParseAliases(t *testing.T) {
	data := []byte("P6\n2 1\n255\nabcdef")
	img, err := Parse(data, 0)
	if err != nil {
		t.Fatal(err)
	}
	img.View8.Set(0, 1, 2, 'Z')
	if string(data[len(data)-6:]) != "abcdeZ" {
		t.Errorf("a write through View8 did not reach data: %q", data)
	}
	for _, s := range []string{"P5\n2 1\n200\n\x01\x02", "P5\n1 1\n65535\n\x01\x02", "P4\n2 1\n\x80"} {
		data := []byte(s)
		img, err := Parse(data, 0)
		if err != nil {
			t.Fatal(err)
		}
		if img.View8.Len() > 0 {
			img.View8.Set(0, 0, 0, 99)
		} else {
			img.View16.Set(0, 0, 0, 99)
		}
		if string(data) != s {
			t.Errorf("Parse(%q) let a write reach data: %q", s, data)
		}
	}
}

// TestAll reads a file of several images of different kinds.
func TestAll(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	raws := []rawImage{
		randomRaw(rng, 3, 2, 3, 255), randomRaw(rng, 5, 4, 1, 1), randomRaw(rng, 2, 2, 4, 65535),
		randomRaw(rng, 4, 1, 1, 100), randomRaw(rng, 1, 3, 3, 1000),
	}
	magics := []string{"P6", "P4", "P7", "P2", "P3"}
	var file []byte
	for i, r := range raws {
		file = append(file, r.encode(magics[i])...)
		if i == 2 {
			file = append(file, "\n \n"...) // white space between images is skipped
		}
	}
	t.Run("ParseAll", func(t *testing.T) {
		i := 0
		for img, err := range ParseAll(file, 0) {
			if err != nil {
				t.Fatalf("image %d: %v", i, err)
			}
			if i >= len(raws) || raws[i].check(img) != nil {
				t.Fatalf("image %d differs", i)
			}
			i++
		}
		if i != len(raws) {
			t.Errorf("read %d images, want %d", i, len(raws))
		}
		// The MaxVal-255 binary image aliases the file.
		for img := range ParseAll(file, 0) {
			img.View8.Set(0, 0, 0, img.View8.At(0, 0, 0)+1)
			if img.Header.Magic != "P6" || file[len("P6\n3 2\n255\n")] != img.View8.At(0, 0, 0) {
				t.Errorf("the first image does not alias the file")
			}
			img.View8.Set(0, 0, 0, img.View8.At(0, 0, 0)-1)
			break
		}
	})
	for name, src := range map[string]func() io.Reader{
		"bytes.Reader": func() io.Reader { return bytes.NewReader(file) },
		"io.Reader":    func() io.Reader { return io.MultiReader(bytes.NewReader(file)) },
	} {
		t.Run(name, func(t *testing.T) {
			i := 0
			for img, err := range All(src(), 0) {
				if err != nil {
					t.Fatalf("image %d: %v", i, err)
				}
				if i >= len(raws) {
					t.Fatalf("image %d beyond the %d in the file", i, len(raws))
				}
				if err := raws[i].check(img); err != nil {
					t.Errorf("image %d: %v", i, err)
				}
				i++
			}
			if i != len(raws) {
				t.Errorf("read %d images, want %d", i, len(raws))
			}
		})
	}
	// Read takes the first image only, and with a bytes.Reader leaves it
	// at the second.
	br := bytes.NewReader(file)
	if img, err := Read(br, 0); err != nil || raws[0].check(img) != nil {
		t.Fatalf("Read: %v", err)
	}
	if img, err := Read(br, 0); err != nil || raws[1].check(img) != nil {
		t.Fatalf("second Read: %v", err)
	}
	// Garbage after the last image ends the iteration with an error.
	var errs []error
	for _, err := range All(bytes.NewReader(append(raws[0].encode("P6"), "junk"...)), 0) {
		errs = append(errs, err)
	}
	if len(errs) != 2 || errs[0] != nil || !errors.Is(errs[1], codecerr.ErrFormat) {
		t.Errorf("All with trailing junk yielded errors %v, want nil then a format error", errs)
	}
	errs = nil
	for _, err := range ParseAll(append(raws[0].encode("P6"), "junk"...), 0) {
		errs = append(errs, err)
	}
	if len(errs) != 2 || errs[0] != nil || !errors.Is(errs[1], codecerr.ErrFormat) {
		t.Errorf("ParseAll with trailing junk yielded errors %v, want nil then a format error", errs)
	}
	// Breaking out of the loop stops the iteration.
	n := 0
	for range All(bytes.NewReader(file), 0) {
		n++
		break
	}
	if n != 1 {
		t.Errorf("break: %d iterations", n)
	}
}

// TestRoundTrip is the writer's law: reading what Write wrote gives back
// the view, for every element type, channel count, magic and kind of view
// (contiguous, crop of a larger buffer, flipped, transposed).
func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for c := 1; c <= 4; c++ {
		base8 := pixbuf.New[uint8](9, 11, c)
		base16 := pixbuf.New[uint16](9, 11, c)
		s8, _ := base8.Samples()
		s16, _ := base16.Samples()
		for i := range s8 {
			s8[i], s16[i] = uint8(rng.Uint32()), uint16(rng.Uint32())
		}
		views := map[string]func(pixbuf.View[uint8]) pixbuf.View[uint8]{
			"whole":     func(v pixbuf.View[uint8]) pixbuf.View[uint8] { return v },
			"crop":      func(v pixbuf.View[uint8]) pixbuf.View[uint8] { return v.Crop(image2(1, 2, 8, 7)) },
			"flipH":     func(v pixbuf.View[uint8]) pixbuf.View[uint8] { return v.FlipH() },
			"transpose": func(v pixbuf.View[uint8]) pixbuf.View[uint8] { return v.Transpose().FlipV() },
			"readonly":  func(v pixbuf.View[uint8]) pixbuf.View[uint8] { return v.AsReadOnly() },
		}
		views16 := map[string]func(pixbuf.View[uint16]) pixbuf.View[uint16]{
			"whole":     func(v pixbuf.View[uint16]) pixbuf.View[uint16] { return v },
			"crop":      func(v pixbuf.View[uint16]) pixbuf.View[uint16] { return v.Crop(image2(1, 2, 8, 7)) },
			"flipH":     func(v pixbuf.View[uint16]) pixbuf.View[uint16] { return v.FlipH() },
			"transpose": func(v pixbuf.View[uint16]) pixbuf.View[uint16] { return v.Transpose().FlipV() },
			"readonly":  func(v pixbuf.View[uint16]) pixbuf.View[uint16] { return v.AsReadOnly() },
		}
		magics := []string{"", "P7"}
		if c == 1 {
			magics = append(magics, "P5")
		}
		if c == 3 {
			magics = append(magics, "P6")
		}
		for _, magic := range magics {
			for name, view := range views {
				v := view(base8)
				var b bytes.Buffer
				if err := Write(&b, v, magic); err != nil {
					t.Fatalf("%d channels %q %s: %v", c, magic, name, err)
				}
				img, err := Read(&b, 0)
				if err != nil || !img.View8.Equal(v) {
					t.Errorf("uint8 %d channels %q %s: round trip differs (%v)", c, magic, name, err)
				}
				if magic == "" && (c == 1 && img.Header.Magic != "P5" || c == 3 && img.Header.Magic != "P6" || (c == 2 || c == 4) && img.Header.Magic != "P7") {
					t.Errorf("%d channels: picked %s", c, img.Header.Magic)
				}
			}
			for name, view := range views16 {
				v := view(base16)
				var b bytes.Buffer
				if err := Write(&b, v, magic); err != nil {
					t.Fatalf("%d channels %q %s: %v", c, magic, name, err)
				}
				img, err := Read(&b, 0)
				if err != nil || !img.View16.Equal(v) || img.Header.MaxVal != 65535 {
					t.Errorf("uint16 %d channels %q %s: round trip differs (%v)", c, magic, name, err)
				}
			}
		}
	}
}

func TestWriteErrors(t *testing.T) {
	for _, tc := range []struct {
		v     pixbuf.View[uint8]
		magic string
		want  error
	}{
		{pixbuf.New[uint8](2, 2, 3), "P5", pixbuf.ErrShape},
		{pixbuf.New[uint8](2, 2, 1), "P6", pixbuf.ErrShape},
		{pixbuf.New[uint8](2, 2, 5), "P7", pixbuf.ErrShape},
		{pixbuf.New[uint8](2, 2, 5), "", pixbuf.ErrShape},
		{pixbuf.New[uint8](0, 2, 1), "", pixbuf.ErrShape},
		{pixbuf.New[uint8](2, 2, 1), "P2", codecerr.ErrUnsupported},
		{pixbuf.New[uint8](2, 2, 1), "P8", codecerr.ErrUnsupported},
	} {
		var b bytes.Buffer
		if err := Write(&b, tc.v, tc.magic); !errors.Is(err, tc.want) {
			t.Errorf("Write(%v, %q) = %v, want %v", tc.v, tc.magic, err, tc.want)
		} else if b.Len() != 0 {
			t.Errorf("Write(%v, %q) wrote %d bytes before failing", tc.v, tc.magic, b.Len())
		}
	}
	if err := Write(failWriter{}, pixbuf.New[uint8](2, 2, 1), ""); !errors.Is(err, errFail) {
		t.Errorf("a failing writer: %v", err)
	}
}

var errFail = errors.New("write failed")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errFail }

// countingWriter counts Write calls.
type countingWriter struct{ calls, n int }

func (c *countingWriter) Write(p []byte) (int, error) { c.calls++; c.n += len(p); return len(p), nil }

// TestWriteCalls checks that Write makes one call for a contiguous view
// and one per row for a crop, and never one per pixel.
func TestWriteCalls(t *testing.T) {
	v := pixbuf.New[uint8](100, 50, 3)
	for _, tc := range []struct {
		name  string
		v     pixbuf.View[uint8]
		calls int
	}{
		{"contiguous", v, 2},
		{"crop", v.Crop(image2(1, 0, 49, 100)), 1 + 100},
		{"flipH", v.FlipH(), 2},
	} {
		var c countingWriter
		if err := Write(&c, tc.v, ""); err != nil {
			t.Fatal(err)
		}
		if c.calls != tc.calls {
			t.Errorf("%s: %d Write calls, want %d (header + raster)", tc.name, c.calls, tc.calls)
		}
	}
}

func TestRejectSampleAboveMaxval(t *testing.T) {
	for _, s := range []string{
		"P5 2 1 200 \x05\xc9", "P5 1 1 1000 \x03\xe9", "P2 2 1 15 3 16", "P3 1 1 255 0 0 256",
		"P7\nWIDTH 1\nHEIGHT 1\nDEPTH 1\nMAXVAL 1\nENDHDR\n\x02",
	} {
		if _, err := Read(strings.NewReader(s), 0); !errors.Is(err, codecerr.ErrFormat) {
			t.Errorf("Read(%q) = %v, want a format error", s, err)
		}
	}
}
