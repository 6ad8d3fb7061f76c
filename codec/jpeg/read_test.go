package jpeg

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/pixview/pixview/codec/codecerr"
)

// TestReadJudged decodes every file of the matrix and the repository's
// samples and has the outside tools judge the result:
//   - djpeg's luma (-grayscale -dct float, replicated upsampling) equals
//     a slow IDCT of the coefficients read, within rounding;
//   - jpegtran's lossless copies of the file, re-encoded progressive,
//     with restart markers and with one sequential scan per component,
//     read back to the same coefficients: each coding path of the reader
//     against the others;
//   - the colour space is libjpeg's;
//   - the segments and trailer equal an independent marker walk's;
//   - the streaming Decoder, fed one byte at a time, gives the same rows.
func TestReadJudged(t *testing.T) {
	rdTool(t, "djpeg")
	rdTool(t, "jpegtran")
	files := append(rdMatrix(t, testing.Short()), rdRepoFiles(t)...)
	// (Optimized tables are read in the matrix's -optimize files.)
	variants := [][]string{{"-copy", "all", "-progressive"}, {"-copy", "all", "-restart", "2B"}}
	// One sequential scan per component: the buffered path of a
	// sequential file.
	scripts := t.TempDir()
	for _, n := range []int{3, 4} {
		script, prog := "", ""
		for c := range n {
			script += fmt.Sprintf("%d;\n", c)
			prog += fmt.Sprintf("%d: 0 0 0 0;\n%d: 1 63 0 0;\n", c, c)
		}
		if err := os.WriteFile(filepath.Join(scripts, fmt.Sprint(n)), []byte(script), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(scripts, fmt.Sprint("p", n)), []byte(prog), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range files {
		m, err := DecodeBytes(f.data, nil)
		if err != nil {
			t.Errorf("%s: %v", f.name, err)
			continue
		}
		segs, trailer, ok := markerWalk(f.data)
		if !ok {
			t.Errorf("%s: marker walk failed", f.name)
		} else if !slices.EqualFunc(segs, m.Segments, func(a, b Segment) bool { return a.Marker == b.Marker && bytes.Equal(a.Data, b.Data) }) || !bytes.Equal(trailer, m.Trailer) {
			t.Errorf("%s: %d segments, %d bytes of trailer; the marker walk finds %d, %d", f.name, len(m.Segments), len(m.Trailer), len(segs), len(trailer))
		}
		if want := wantColorSpace(t, f, m); m.ColorSpace() != want {
			t.Errorf("%s: ColorSpace %v, want %v", f.name, m.ColorSpace(), want)
		}
		if cs := m.ColorSpace(); cs == ColorGray || cs == ColorYCbCr {
			// djpeg's gray output of RGB or CMYK is no one component.
			checkLuma(t, f, m)
		}
		vs := variants
		if n := len(m.Components); n > 1 {
			seq := []string{"-copy", "all", "-scans", filepath.Join(scripts, fmt.Sprint(n))}
			vs = append(vs, seq)
			blocks := 0
			for _, c := range m.Components {
				blocks += c.H * c.V
			}
			if blocks > 10 {
				// Too many blocks for an interleaved MCU: only
				// non-interleaved scripts can copy the file.
				vs = [][]string{seq, {"-copy", "all", "-scans", filepath.Join(scripts, fmt.Sprint("p", n))}}
			}
		}
		for _, v := range vs {
			out := rdExec(t, f.data, "jpegtran", v...)
			m2, err := DecodeBytes(out, nil)
			if err != nil {
				t.Errorf("%s: jpegtran %v: %v", f.name, v, err)
				continue
			}
			if err := sameCoefficients(m, m2); err != nil {
				t.Errorf("%s: jpegtran %v: %v", f.name, v, err)
			}
		}
		checkStreaming(t, f.name, f.data, m, len(f.data) < 20000)
	}
}

// wantColorSpace says what colour space a test file is in: from how it
// was made for one and three components, from the Adobe transform djpeg
// reports for four.
func wantColorSpace(t *testing.T, f rdFile, m *Image) ColorSpace {
	switch {
	case len(m.Components) == 1:
		return ColorGray
	case strings.Contains(f.name, "-rgb-"):
		return ColorRGB
	case len(m.Components) == 4:
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, rdTool(t, "djpeg"), "-verbose", "-outfile", os.DevNull)
		cmd.Stdin = bytes.NewReader(f.data)
		out, err := cmd.CombinedOutput() // the trace is on stderr
		if err != nil {
			t.Fatalf("%s: djpeg -verbose: %v", f.name, err)
		}
		if strings.Contains(string(out), "transform 0") || !strings.Contains(string(out), "Adobe APP14") {
			return ColorCMYK
		}
		return ColorYCCK
	}
	return ColorYCbCr
}

// TestColorSpace checks libjpeg's rules on made-up headers.
func TestColorSpace(t *testing.T) {
	jfif := Segment{0xE0, []byte("JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")}
	adobe := func(tr byte) Segment { return Segment{0xEE, []byte{'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, tr}} }
	comps := func(ids ...uint8) []Component {
		cs := make([]Component, len(ids))
		for i, id := range ids {
			cs[i] = Component{ID: id, H: 1, V: 1}
		}
		return cs
	}
	cases := []struct {
		comps []Component
		segs  []Segment
		want  ColorSpace
	}{
		{comps(1), nil, ColorGray},
		{comps(1, 2, 3), nil, ColorYCbCr},
		{comps('R', 'G', 'B'), nil, ColorRGB},
		{comps('R', 'G', 'B'), []Segment{jfif}, ColorYCbCr},
		{comps(1, 2, 3), []Segment{adobe(0)}, ColorRGB},
		{comps(1, 2, 3), []Segment{jfif, adobe(0)}, ColorYCbCr},
		{comps(1, 2, 3), []Segment{adobe(1)}, ColorYCbCr},
		{comps(1, 2, 3, 4), nil, ColorCMYK},
		{comps(1, 2, 3, 4), []Segment{adobe(0)}, ColorCMYK},
		{comps(1, 2, 3, 4), []Segment{adobe(2)}, ColorYCCK},
		{comps(1, 2, 3, 4), []Segment{adobe(2), adobe(0)}, ColorCMYK},
	}
	for i, c := range cases {
		m := &Image{Components: c.comps, Segments: c.segs}
		if got := m.ColorSpace(); got != c.want {
			t.Errorf("case %d: %v, want %v", i, got, c.want)
		}
	}
}

// checkLuma compares component 0 of m, transformed here, with djpeg's
// grayscale output of the file.
func checkLuma(t *testing.T, f rdFile, m *Image) {
	t.Helper()
	pgm := rdExec(t, f.data, "djpeg", "-grayscale", "-dct", "float", "-nosmooth", "-pnm")
	pix, w, h, err := readPGM(pgm)
	if err != nil || w != m.Width || h != m.Height {
		t.Fatalf("%s: djpeg: %dx%d %v", f.name, w, h, err)
	}
	plane, pw, _ := idctPlane(m, 0)
	hmax, vmax := m.MaxSampling()
	c := &m.Components[0]
	if len(m.Components) == 1 {
		hmax, vmax = c.H, c.V
	}
	worst := 0
	for y := range h {
		for x := range w {
			got := int(plane[(y*c.V/vmax)*pw+x*c.H/hmax])
			d := got - int(pix[y*w+x])
			worst = max(worst, d, -d)
		}
	}
	if worst > 1 {
		t.Errorf("%s: luma differs from djpeg's by up to %d", f.name, worst)
	}
}

// checkStreaming reads the file through a Decoder, one byte at a time if
// slow, and compares every row with the whole decode m.
func checkStreaming(t *testing.T, name string, data []byte, m *Image, slow bool) {
	t.Helper()
	var r io.Reader = bytes.NewReader(data)
	if slow {
		r = iotest.OneByteReader(r)
	}
	dec, err := NewDecoder(r, nil)
	if err != nil {
		t.Errorf("%s: NewDecoder: %v", name, err)
		return
	}
	hd := dec.Header()
	wantStream := m.Process != Progressive
	if wantStream != dec.Streaming() && (len(m.Components) == 1 || m.Process == Progressive) {
		t.Errorf("%s: Streaming() = %v", name, dec.Streaming())
	}
	dst := make([][]Block, len(hd.Components))
	for c := range dst {
		dst[c] = make([]Block, hd.Components[c].BlocksW*hd.IMCUBlockRows(c))
		for i := range dst[c] {
			dst[c][i][5] = 99 // must be overwritten
		}
	}
	for row := 0; ; row++ {
		err := dec.ReadIMCURow(dst)
		if err == io.EOF {
			if row != dec.IMCURows() {
				t.Errorf("%s: io.EOF after %d rows of %d", name, row, dec.IMCURows())
			}
			break
		}
		if err != nil {
			t.Errorf("%s: row %d: %v", name, row, err)
			return
		}
		for c := range dst {
			n := len(dst[c])
			if !slices.Equal(dst[c], m.Components[c].Blocks[row*n:(row+1)*n]) {
				t.Errorf("%s: row %d component %d differs from Decode's", name, row, c)
				return
			}
		}
	}
	if !bytes.Equal(hd.Trailer, m.Trailer) || len(hd.Segments) != len(m.Segments) {
		t.Errorf("%s: streaming header has %d segments, %d trailer bytes; Decode %d, %d", name, len(hd.Segments), len(hd.Trailer), len(m.Segments), len(m.Trailer))
	}
}

// smallFiles returns a few small files of different codings, generated
// with cjpeg, for the tests that mutate inputs.
func smallFiles(t *testing.T) []rdFile {
	t.Helper()
	rdTool(t, "cjpeg")
	dir := t.TempDir()
	in := filepath.Join(dir, "in.ppm")
	if err := os.WriteFile(in, photoPPM(40, 24, 3), 0o644); err != nil {
		t.Fatal(err)
	}
	var files []rdFile
	for i, args := range [][]string{{"-sample", "2x2"}, {"-progressive", "-sample", "2x1"}, {"-restart", "1B", "-grayscale"}, {"-progressive", "-restart", "1"}} {
		out := rdExec(t, nil, "cjpeg", append(args, in)...)
		files = append(files, rdFile{fmt.Sprint("small", i), out})
	}
	return files
}

// wantSentinel fails the test unless err wraps one of the codec
// sentinels.
func wantSentinel(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, codecerr.ErrFormat) && !errors.Is(err, codecerr.ErrUnsupported) && !errors.Is(err, codecerr.ErrTooLarge) {
		t.Errorf("%s: error %v wraps no sentinel", what, err)
	}
}

// TestReadTruncated cuts files at every length: each proper prefix is
// refused with ErrFormat wrapping io.ErrUnexpectedEOF (a missing EOI
// included), by DecodeBytes and by a streaming Decoder.
func TestReadTruncated(t *testing.T) {
	for _, f := range smallFiles(t) {
		for n := range len(f.data) {
			_, err := DecodeBytes(f.data[:n], nil)
			if !errors.Is(err, codecerr.ErrFormat) || !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Fatalf("%s cut at %d of %d: %v", f.name, n, len(f.data), err)
			}
			if n%7 == 0 {
				if err := readAllRows(bytes.NewReader(f.data[:n])); !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Fatalf("%s cut at %d, streamed: %v", f.name, n, err)
				}
			}
		}
	}
}

// readAllRows reads a file through a Decoder.
func readAllRows(r io.Reader) error {
	dec, err := NewDecoder(r, &DecodeOptions{MaxPixels: 1 << 20})
	if err != nil {
		return err
	}
	hd := dec.Header()
	dst := make([][]Block, len(hd.Components))
	for c := range dst {
		dst[c] = make([]Block, hd.Components[c].BlocksW*hd.IMCUBlockRows(c))
	}
	for {
		if err := dec.ReadIMCURow(dst); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

// TestReadBitFlips flips bits and overwrites bytes all over the files:
// the reader returns a result or an error wrapping a sentinel, and the
// streaming Decoder agrees with DecodeBytes on which.
func TestReadBitFlips(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, f := range smallFiles(t) {
		for i := range 300 {
			data := bytes.Clone(f.data)
			for range 1 + i%3 {
				p := rng.IntN(len(data))
				if i%2 == 0 {
					data[p] ^= 1 << rng.IntN(8)
				} else {
					data[p] = uint8(rng.IntN(256))
				}
			}
			_, err := DecodeBytes(data, &DecodeOptions{MaxPixels: 1 << 20})
			if err != nil {
				wantSentinel(t, f.name, err)
			}
			serr := readAllRows(bytes.NewReader(data))
			if (err == nil) != (serr == nil) {
				t.Errorf("%s flip %d: DecodeBytes %v, Decoder %v", f.name, i, err, serr)
			}
		}
	}
}

// TestReadTrailerAndFill checks bytes after EOI are kept verbatim and
// fill bytes before markers are skipped.
func TestReadTrailerAndFill(t *testing.T) {
	f := smallFiles(t)[0]
	want, err := DecodeBytes(f.data, nil)
	if err != nil {
		t.Fatal(err)
	}
	video := []byte("\x00\x00\x00\x18ftypmp42 a video and \xff\xd9 more")
	m, err := DecodeBytes(append(bytes.Clone(f.data), video...), nil)
	if err != nil || !bytes.Equal(m.Trailer, video) {
		t.Fatalf("trailer: %q, %v", m.Trailer, err)
	}
	if want.Trailer != nil {
		t.Errorf("no trailer: got %q", want.Trailer)
	}
	// Segments between scans and after the last one, in file order.
	p := smallFiles(t)[1]
	sos := bytes.LastIndex(p.data, []byte{0xFF, 0xDA})
	eoi := len(p.data) - 2
	com1, com2 := seg(0xFE, []byte("between")...), seg(0xE5, []byte("after")...)
	withSegs := slices.Concat(p.data[:sos], com1, p.data[sos:eoi], com2, p.data[eoi:])
	m, err = DecodeBytes(withSegs, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := len(m.Segments)
	if n < 2 || string(m.Segments[n-2].Data) != "between" || m.Segments[n-1].Marker != 0xE5 || string(m.Segments[n-1].Data) != "after" {
		t.Errorf("segments between and after scans: %+v", m.Segments)
	}
	checkStreaming(t, "segments between scans", withSegs, m, true)
	// Fill bytes before every marker after SOI, restart markers
	// included.
	for _, g := range []rdFile{f, p, smallFiles(t)[2]} {
		ref, err := DecodeBytes(g.data, nil)
		if err != nil {
			t.Fatal(err)
		}
		var filled []byte
		for i, b := range g.data {
			if i > 1 && b == 0xFF && i+1 < len(g.data) && g.data[i+1] != 0 {
				filled = append(filled, 0xFF, 0xFF)
			}
			filled = append(filled, b)
		}
		m, err := DecodeBytes(filled, nil)
		if err != nil {
			t.Fatalf("%s with fill bytes: %v", g.name, err)
		}
		if err := sameCoefficients(ref, m); err != nil {
			t.Errorf("%s with fill bytes: %v", g.name, err)
		}
		checkStreaming(t, g.name+" with fill bytes", filled, m, true)
	}
	// Extraneous bytes before a marker, as libjpeg skips them.
	dqt := bytes.Index(f.data, []byte{0xFF, 0xDB})
	junk := slices.Concat(f.data[:dqt], []byte{0, 0x12, 0xFF, 0, 0x34}, f.data[dqt:])
	m, err = DecodeBytes(junk, nil)
	if err != nil {
		t.Fatalf("extraneous bytes: %v", err)
	}
	if err := sameCoefficients(want, m); err != nil {
		t.Errorf("extraneous bytes: %v", err)
	}
}

// TestReadUnsupported checks the codings the reader refuses are refused
// with ErrUnsupported, naming them.
func TestReadUnsupported(t *testing.T) {
	f := smallFiles(t)[0]
	sof := bytes.Index(f.data, []byte{0xFF, 0xC0})
	patch := func(i int, b byte) []byte {
		d := bytes.Clone(f.data)
		d[i] = b
		return d
	}
	rdTool(t, "cjpeg")
	in := filepath.Join(t.TempDir(), "in.ppm")
	if err := os.WriteFile(in, photoPPM(16, 16, 1), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := map[string][]byte{
		"arithmetic":   rdExec(t, nil, "cjpeg", "-arithmetic", in),
		"12-bit":       patch(sof+4, 12),
		"lossless":     patch(sof+1, 0xC3),
		"hierarchical": patch(sof+1, 0xC5),
		"JPEG-LS":      patch(sof+1, 0xF7),
		"DNL":          patch(sof+6, 0),
	}
	cases["DNL"][sof+5] = 0
	for name, data := range cases {
		_, err := DecodeBytes(data, nil)
		if !errors.Is(err, codecerr.ErrUnsupported) {
			t.Errorf("%s: %v, want ErrUnsupported", name, err)
		}
	}
}

// TestReadLimits checks the pixel and scan limits, and that a file whose
// data is too short for its declared size is refused before allocation.
func TestReadLimits(t *testing.T) {
	files := smallFiles(t)
	if _, err := DecodeBytes(files[0].data, &DecodeOptions{MaxPixels: 40*24 - 1}); !errors.Is(err, codecerr.ErrTooLarge) {
		t.Errorf("MaxPixels: %v", err)
	}
	if _, err := DecodeBytes(files[0].data, &DecodeOptions{MaxPixels: 40 * 24}); err != nil {
		t.Errorf("MaxPixels at the size: %v", err)
	}
	if _, err := DecodeConfig(bytes.NewReader(files[0].data), &DecodeOptions{MaxPixels: 100}); !errors.Is(err, codecerr.ErrTooLarge) {
		t.Errorf("DecodeConfig MaxPixels: %v", err)
	}
	if _, err := DecodeBytes(files[1].data, &DecodeOptions{MaxScans: 3}); err == nil {
		t.Errorf("MaxScans 3 accepted a progressive file")
	}
	if _, err := DecodeBytes(files[1].data, &DecodeOptions{MaxScans: 10}); err != nil {
		t.Errorf("MaxScans 10: %v", err)
	}
	// Padding to whole iMCUs: 64 Ki pixels needing 8 Mi coefficients.
	thin := append(tinyHeader(0xC0, 1, 65535, 0x44, 0x44, 0x44, 0x44), 0xFF, 0xD9)
	if _, err := DecodeBytes(thin, &DecodeOptions{MaxPixels: 100000}); !errors.Is(err, codecerr.ErrTooLarge) {
		t.Errorf("1x65535 with 4x4 sampling, MaxPixels 100000: %v", err)
	}
	// 8000 x 8000 (under the pixel limit) over a few hundred bytes.
	d := bytes.Clone(files[0].data)
	sof := bytes.Index(d, []byte{0xFF, 0xC0})
	d[sof+5], d[sof+6], d[sof+7], d[sof+8] = 0x1F, 0x40, 0x1F, 0x40
	var before, after runtimeMem
	before.read()
	_, err := DecodeBytes(d, nil)
	after.read()
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("8000x8000 in %d bytes: %v", len(d), err)
	}
	if a := after.total - before.total; a > 8<<20 {
		t.Errorf("8000x8000 in %d bytes allocated %d MB", len(d), a>>20)
	}
}

// TestDecodeConfig checks the header-only read agrees with the full one.
func TestDecodeConfig(t *testing.T) {
	for _, f := range append(smallFiles(t), rdRepoFiles(t)...) {
		full, err := DecodeBytes(f.data, nil)
		if err != nil {
			t.Fatal(err)
		}
		m, err := DecodeConfig(bytes.NewReader(f.data), nil)
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		if m.Width != full.Width || m.Height != full.Height || m.Process != full.Process || len(m.Components) != len(full.Components) || m.Quant[0] == nil {
			t.Errorf("%s: DecodeConfig %+v", f.name, m)
		}
		for i, c := range m.Components {
			fc := full.Components[i]
			if c.Blocks != nil || c.H != fc.H || c.V != fc.V || c.BlocksW != fc.BlocksW || c.BlocksH != fc.BlocksH {
				t.Errorf("%s: component %d: %+v", f.name, i, c)
			}
		}
	}
}

// TestReadScanOrder swaps the identifiers of the first and last
// components in a 4:4:4 frame header, so that the interleaved scan names
// them in reverse frame order (JPEG wants frame order; libjpeg reads any):
// the first component's coefficients must come out in the last one.
func TestReadScanOrder(t *testing.T) {
	rdTool(t, "cjpeg")
	in := filepath.Join(t.TempDir(), "in.ppm")
	if err := os.WriteFile(in, photoPPM(24, 16, 4), 0o644); err != nil {
		t.Fatal(err)
	}
	data := rdExec(t, nil, "cjpeg", "-sample", "1x1", in)
	want, err := DecodeBytes(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	sof := bytes.Index(data, []byte{0xFF, 0xC0})
	swapped := bytes.Clone(data)
	swapped[sof+10], swapped[sof+16] = data[sof+16], data[sof+10]
	m, err := DecodeBytes(swapped, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Components[2].Blocks, want.Components[0].Blocks) || !slices.Equal(m.Components[0].Blocks, want.Components[2].Blocks) ||
		!slices.Equal(m.Components[1].Blocks, want.Components[1].Blocks) {
		t.Errorf("components not read in the scan's order")
	}
	checkStreaming(t, "reversed scan", swapped, m, false)
}

// TestDecoderStreamsInRowMemory checks a sequential file streams in
// memory for one row: reading every row of a file eight times taller
// allocates no more (the 96 KiB window, the header, the tables).
func TestDecoderStreamsInRowMemory(t *testing.T) {
	rdTool(t, "cjpeg")
	dir := t.TempDir()
	alloc := map[int]uint64{}
	for _, h := range []int{512, 4096} {
		in := filepath.Join(dir, fmt.Sprint(h, ".ppm"))
		if err := os.WriteFile(in, photoPPM(256, h, 5), 0o644); err != nil {
			t.Fatal(err)
		}
		data := rdExec(t, nil, "cjpeg", "-sample", "2x2", in)
		var before, after runtimeMem
		before.read()
		if err := readAllRows(bytes.NewReader(data)); err != nil {
			t.Fatal(err)
		}
		after.read()
		alloc[h] = after.total - before.total
	}
	t.Logf("streaming 256x512: %d bytes allocated, 256x4096: %d", alloc[512], alloc[4096])
	if alloc[4096] > alloc[512]+16<<10 || alloc[4096] > 256<<10 {
		t.Errorf("streaming 256x512 allocated %d bytes, 256x4096 %d", alloc[512], alloc[4096])
	}
}
