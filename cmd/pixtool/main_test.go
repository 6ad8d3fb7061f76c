package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	_ "golang.org/x/image/bmp"
	_ "golang.org/x/image/tiff"
)

// update rewrites golden files and REFERENCE.md instead of comparing.
var update = flag.Bool("update", false, "rewrite golden files and REFERENCE.md")

// binary is the pixtool binary TestMain builds once for all tests, with
// the build tags binaryTags (cloud, when the tests have the cloud
// drivers: s3_test.go).
var (
	binary     string
	binaryTags string
)

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "pixtool-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "pixtool")
	out, err := exec.Command("go", "build", "-tags", binaryTags, "-o", binary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building pixtool: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what one pixtool run produced.
type result struct {
	stdout, stderr string
	code           int
}

// pixtool runs the binary in dir with stdin (which may be nil) and returns
// its output and exit code. It fails the test if the binary could not run
// or printed a Go panic.
func pixtool(t *testing.T, dir string, stdin io.Reader, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Stdin = stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running pixtool %v: %v", args, err)
	}
	r := result{stdout.String(), stderr.String(), code}
	if strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic:") {
		t.Fatalf("pixtool %v panicked:\n%s", args, r.stderr)
	}
	return r
}

// mustRun runs pixtool and fails the test unless it exits with want.
func mustRun(t *testing.T, dir string, want int, args ...string) result {
	t.Helper()
	r := pixtool(t, dir, nil, args...)
	if r.code != want {
		t.Fatalf("pixtool %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, want, r.stdout, r.stderr)
	}
	return r
}

// img is a test image: h x w pixels of c channels, samples of 8 or 16
// bits, row-major. Tests compute expected outputs on it with plain index
// arithmetic, independent of pixbuf and ops.
type img struct {
	w, h, c, bits int
	pix           []uint16
}

// at returns sample (x, y, k).
func (m img) at(x, y, k int) uint16 { return m.pix[(y*m.w+x)*m.c+k] }

// pattern returns a w x h image of c channels whose samples all differ
// from their neighbours, so that any misplaced pixel shows.
func pattern(w, h, c, bits int) img {
	m := img{w: w, h: h, c: c, bits: bits, pix: make([]uint16, w*h*c)}
	for y := range h {
		for x := range w {
			for k := range c {
				v := x*7 + y*29 + k*61 + 3
				if bits == 16 {
					v = v*257 + x*3 + k
				}
				m.pix[(y*w+x)*c+k] = uint16(v & (1<<bits - 1))
			}
		}
	}
	return m
}

// mapPix returns the w x h x c image whose sample (x, y, k) is f(x, y, k).
func (m img) mapPix(w, h, c int, f func(x, y, k int) uint16) img {
	out := img{w: w, h: h, c: c, bits: m.bits, pix: make([]uint16, w*h*c)}
	for y := range h {
		for x := range w {
			for k := range c {
				out.pix[(y*w+x)*c+k] = f(x, y, k)
			}
		}
	}
	return out
}

func (m img) flipH() img {
	return m.mapPix(m.w, m.h, m.c, func(x, y, k int) uint16 { return m.at(m.w-1-x, y, k) })
}

func (m img) flipV() img {
	return m.mapPix(m.w, m.h, m.c, func(x, y, k int) uint16 { return m.at(x, m.h-1-y, k) })
}

func (m img) rot90() img { // clockwise
	return m.mapPix(m.h, m.w, m.c, func(x, y, k int) uint16 { return m.at(y, m.h-1-x, k) })
}

func (m img) crop(x0, y0, w, h int) img {
	return m.mapPix(w, h, m.c, func(x, y, k int) uint16 { return m.at(x0+x, y0+y, k) })
}

func (m img) channel(i int) img {
	return m.mapPix(m.w, m.h, 1, func(x, y, _ int) uint16 { return m.at(x, y, i) })
}

func (m img) permute(p []int) img {
	return m.mapPix(m.w, m.h, m.c, func(x, y, k int) uint16 { return m.at(x, y, p[k]) })
}

// image returns m as a standard image of the exact type for its channels
// and depth, for the PNG encoder.
func (m img) image() image.Image {
	r := image.Rect(0, 0, m.w, m.h)
	switch {
	case m.c == 1 && m.bits == 8:
		g := image.NewGray(r)
		for i, v := range m.pix {
			g.Pix[i] = uint8(v)
		}
		return g
	case m.c == 1:
		g := image.NewGray16(r)
		for i, v := range m.pix {
			g.Pix[2*i], g.Pix[2*i+1] = uint8(v>>8), uint8(v)
		}
		return g
	case m.bits == 8:
		n := image.NewNRGBA(r)
		for i := range m.w * m.h {
			s := m.pix[i*m.c : i*m.c+m.c]
			px := [4]uint8{uint8(s[0]), uint8(s[1]), uint8(s[2]), 255}
			if m.c == 4 {
				px[3] = uint8(s[3])
			}
			copy(n.Pix[4*i:], px[:])
		}
		return n
	}
	n := image.NewNRGBA64(r)
	for i := range m.w * m.h {
		s := m.pix[i*m.c : i*m.c+m.c]
		px := [4]uint16{s[0], s[1], s[2], 0xffff}
		if m.c == 4 {
			px[3] = s[3]
		}
		for k, v := range px {
			n.Pix[8*i+2*k], n.Pix[8*i+2*k+1] = uint8(v>>8), uint8(v)
		}
	}
	return n
}

// writePNG writes m as a PNG file.
func writePNG(t *testing.T, path string, m img) {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m.image()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writePNM writes m as a binary PGM/PPM (magic P5/P6) or PAM (P7).
func writePNM(t *testing.T, path string, m img, magic string) {
	t.Helper()
	maxval := 1<<m.bits - 1
	var b bytes.Buffer
	if magic == "P7" {
		tt := [...]string{"", "GRAYSCALE", "GRAYSCALE_ALPHA", "RGB", "RGB_ALPHA"}[m.c]
		fmt.Fprintf(&b, "P7\nWIDTH %d\nHEIGHT %d\nDEPTH %d\nMAXVAL %d\nTUPLTYPE %s\nENDHDR\n", m.w, m.h, m.c, maxval, tt)
	} else {
		fmt.Fprintf(&b, "%s\n# a comment\n%d %d\n%d\n", magic, m.w, m.h, maxval)
	}
	for _, v := range m.pix {
		if m.bits == 16 {
			b.WriteByte(uint8(v >> 8))
		}
		b.WriteByte(uint8(v))
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// readImage decodes the file at path into an img, with the channels and
// depth the file holds: PNM through a small reader of its own, everything
// else through image.Decode.
func readImage(t *testing.T, path string) img {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > 1 && data[0] == 'P' && data[1] >= '5' && data[1] <= '7' {
		m, err := decodePNM(data)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return m
	}
	im, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return fromStd(im)
}

// fromStd converts a decoded image to an img: gray types to one channel,
// everything else to four (RGBA, straight alpha), 16 bits for 16-bit types.
func fromStd(im image.Image) img {
	b := im.Bounds()
	m := img{w: b.Dx(), h: b.Dy(), c: 4, bits: 8}
	switch im.(type) {
	case *image.Gray:
		m.c = 1
	case *image.Gray16:
		m.c, m.bits = 1, 16
	case *image.NRGBA64, *image.RGBA64:
		m.bits = 16
	}
	m.pix = make([]uint16, m.w*m.h*m.c)
	for y := range m.h {
		for x := range m.w {
			c := color.NRGBA64Model.Convert(im.At(b.Min.X+x, b.Min.Y+y)).(color.NRGBA64)
			s := []uint16{c.R, c.G, c.B, c.A}
			if m.c == 1 {
				s = s[:1]
			}
			for k, v := range s {
				if m.bits == 8 {
					v >>= 8
				}
				m.pix[(y*m.w+x)*m.c+k] = v
			}
		}
	}
	return m
}

// decodePNM parses a binary PGM, PPM or PAM.
func decodePNM(data []byte) (img, error) {
	r := bufio.NewReader(bytes.NewReader(data))
	word := func() string {
		var b []byte
		for {
			c, err := r.ReadByte()
			if err != nil {
				return string(b)
			}
			if c == '#' {
				r.ReadString('\n')
				continue
			}
			if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
				if len(b) > 0 {
					return string(b)
				}
				continue
			}
			b = append(b, c)
		}
	}
	num := func() int { n, _ := strconv.Atoi(word()); return n }
	var m img
	var maxval int
	switch magic := word(); magic {
	case "P5", "P6":
		m.w, m.h, maxval = num(), num(), num()
		m.c = 1
		if magic == "P6" {
			m.c = 3
		}
	case "P7":
		for {
			k := word()
			if k == "ENDHDR" || k == "" {
				break
			}
			switch k {
			case "WIDTH":
				m.w = num()
			case "HEIGHT":
				m.h = num()
			case "DEPTH":
				m.c = num()
			case "MAXVAL":
				maxval = num()
			case "TUPLTYPE":
				word()
			}
		}
	default:
		return img{}, fmt.Errorf("not a binary PNM: %q", magic)
	}
	m.bits = 8
	if maxval > 255 {
		m.bits = 16
	}
	m.pix = make([]uint16, m.w*m.h*m.c)
	for i := range m.pix {
		hi, err := r.ReadByte()
		if err != nil {
			return img{}, fmt.Errorf("raster truncated at sample %d", i)
		}
		v := uint16(hi)
		if m.bits == 16 {
			lo, err := r.ReadByte()
			if err != nil {
				return img{}, fmt.Errorf("raster truncated at sample %d", i)
			}
			v = v<<8 | uint16(lo)
		}
		m.pix[i] = v
	}
	if _, err := r.ReadByte(); err != io.EOF {
		return img{}, fmt.Errorf("bytes after the raster")
	}
	return m, nil
}

// sameImage reports how got differs from want, or "" if it does not. When
// the file holds four channels for a three-channel want (a PNG decoded as
// NRGBA), the extra alpha must be opaque.
func sameImage(got, want img) string {
	if got.w != want.w || got.h != want.h {
		return fmt.Sprintf("size %dx%d, want %dx%d", got.w, got.h, want.w, want.h)
	}
	if got.bits != want.bits {
		return fmt.Sprintf("%d bits, want %d", got.bits, want.bits)
	}
	if got.c != want.c && !(got.c == 4 && want.c == 3) {
		return fmt.Sprintf("%d channels, want %d", got.c, want.c)
	}
	for y := range want.h {
		for x := range want.w {
			for k := range got.c {
				var w uint16
				if k < want.c {
					w = want.at(x, y, k)
				} else {
					w = uint16(1<<want.bits - 1)
				}
				if g := got.at(x, y, k); g != w {
					return fmt.Sprintf("sample (x=%d, y=%d, c=%d) = %d, want %d", x, y, k, g, w)
				}
			}
		}
	}
	return ""
}

// checkImage fails the test unless the file at path holds want.
func checkImage(t *testing.T, path string, want img) {
	t.Helper()
	if d := sameImage(readImage(t, path), want); d != "" {
		t.Errorf("%s: %s", path, d)
	}
}

// syncBuffer is a bytes.Buffer safe for a process writing while a test
// reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// Len returns the number of bytes written so far.
func (s *syncBuffer) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Len()
}

// Bytes returns a copy of the bytes written so far.
func (s *syncBuffer) Bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Clone(s.b.Bytes())
}

func (s *syncBuffer) String() string { return string(s.Bytes()) }
