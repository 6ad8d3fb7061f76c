package tiff

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	xtiff "golang.org/x/image/tiff"
	xlzw "golang.org/x/image/tiff/lzw"

	"github.com/pixview/pixview/codec/codecerr"
	"github.com/pixview/pixview/pixbuf"
)

func TestLZWAgainstDecoder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 3, 255, 256, 511, 512, 513, 1000, 5000, 70000, 300000} {
		for _, alpha := range []int{2, 16, 256} {
			src := make([]byte, n)
			for i := range src {
				src[i] = byte(rng.IntN(alpha))
			}
			enc := lzwEncode(nil, src)
			got, err := io.ReadAll(xlzw.NewReader(bytes.NewReader(enc), xlzw.MSB, 8))
			if err != nil || !bytes.Equal(got, src) {
				t.Fatalf("n=%d alphabet=%d: decoded %d bytes, err %v", n, alpha, len(got), err)
			}
		}
	}
}

type layout struct {
	c, bps  int
	palette bool
}

func (l layout) String() string { return fmt.Sprintf("%dx%d-bit pal=%v", l.c, l.bps, l.palette) }

var layouts = []layout{{1, 8, false}, {2, 8, false}, {3, 8, false}, {4, 8, false}, {1, 16, false}, {2, 16, false}, {3, 16, false}, {4, 16, false}, {1, 8, true}}

func testPage(l layout, h, w int, comp Compression, pred bool) Page {
	p := Page{Compression: comp, Predictor: pred}
	if l.bps == 8 {
		v := pixbuf.New[uint8](h, w, l.c)
		for y := range h {
			for x := range w {
				for c := range l.c {
					v.Set(y, x, c, uint8(x*3+y*5+c*70+(x*y)%7))
				}
			}
		}
		p.Pix8 = v
	} else {
		v := pixbuf.New[uint16](h, w, l.c)
		for y := range h {
			for x := range w {
				for c := range l.c {
					v.Set(y, x, c, uint16(x*301+y*517+c*7000+(x*y)%13))
				}
			}
		}
		p.Pix16 = v
	}
	if l.palette {
		for i := range 256 {
			p.Palette = append(p.Palette, color.RGBA{uint8(i), uint8(255 - i), uint8(i * 3), 255})
		}
	}
	return p
}

// want returns the colour the decoder must give at (x, y).
func want(p Page, y, x int) color.NRGBA64 {
	var s [4]uint16
	var c int
	if p.Pix8.Len() > 0 {
		_, _, c = p.Pix8.Shape()
		for i := range c {
			s[i] = uint16(p.Pix8.At(y, x, i)) * 0x101
		}
	} else {
		_, _, c = p.Pix16.Shape()
		for i := range c {
			s[i] = p.Pix16.At(y, x, i)
		}
	}
	if p.Palette != nil {
		r, g, b, a := p.Palette[p.Pix8.At(y, x, 0)].RGBA()
		return color.NRGBA64{uint16(r), uint16(g), uint16(b), uint16(a)}
	}
	switch c {
	case 1:
		return color.NRGBA64{s[0], s[0], s[0], 0xffff}
	case 3:
		return color.NRGBA64{s[0], s[1], s[2], 0xffff}
	case 4:
		return color.NRGBA64{s[0], s[1], s[2], s[3]}
	}
	return color.NRGBA64{s[0], s[0], s[0], s[1]}
}

func encode(t testing.TB, pages ...Page) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := Encode(&b, pages); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func inspect(t testing.TB, b []byte) *Info {
	t.Helper()
	info, err := Inspect(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// TestStructure writes every layout, compression and predictor, reads the
// structure back with Inspect and the pixels with golang.org/x/image/tiff
// (which reads all but gray+alpha).
func TestStructure(t *testing.T) {
	for _, l := range layouts {
		for _, comp := range []Compression{None, LZW, Deflate} {
			for _, pred := range []bool{false, true} {
				p := testPage(l, 301, 97, comp, pred)
				b := encode(t, p)
				info := inspect(t, b)
				pi := info.Pages[0]
				photo := map[bool]int{false: 1, true: 2}[l.c >= 3]
				if l.palette {
					photo = 3
				}
				wantPred := 1
				if pred && comp != None {
					wantPred = 2
				}
				var extra []int
				if l.c == 2 || l.c == 4 {
					extra = []int{2}
				}
				if len(info.Pages) != 1 || pi.Compression != int(comp) || pi.Predictor != wantPred || pi.Photometric != photo ||
					pi.SamplesPerPixel != l.c || pi.BitsPerSample[0] != l.bps || !slices.Equal(pi.ExtraSamples, extra) || info.RAW != "" {
					t.Errorf("%v comp %d pred %v: %+v", l, comp, pred, pi)
				}
				if l.c == 2 {
					continue
				}
				m, err := xtiff.Decode(bytes.NewReader(b))
				if err != nil {
					t.Fatalf("%v comp %d pred %v: x/image/tiff: %v", l, comp, pred, err)
				}
			pixels:
				for y := range 301 {
					for x := range 97 {
						got := nrgba64(m.At(x, y))
						if w := want(p, y, x); got != w {
							t.Errorf("%v comp %d pred %v: (%d,%d) = %v, want %v", l, comp, pred, x, y, got, w)
							break pixels
						}
					}
				}
			}
		}
	}
}

func TestMultiPage(t *testing.T) {
	b := encode(t, testPage(layouts[2], 10, 20, LZW, true), testPage(layouts[4], 30, 5, Deflate, false), testPage(layouts[8], 7, 7, None, false))
	info := inspect(t, b)
	if len(info.Pages) != 3 || info.Pages[1].Width != 5 || info.Pages[2].Photometric != 3 {
		t.Errorf("pages: %+v", info.Pages)
	}
}

func TestRefuses(t *testing.T) {
	for name, p := range map[string]Page{
		"empty":       {},
		"5 channels":  {Pix8: pixbuf.New[uint8](2, 2, 5)},
		"compression": {Pix8: pixbuf.New[uint8](2, 2, 1), Compression: 7},
		"palette rgb": {Pix8: pixbuf.New[uint8](2, 2, 3), Palette: color.Palette{color.Black}},
	} {
		if _, err := Encode(io.Discard, []Page{p}); !errors.Is(err, codecerr.ErrUnsupported) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// ifdBuilder writes a minimal TIFF structure for Inspect tests.
type ifdBuilder struct{ b []byte }

func (f *ifdBuilder) ifd(next bool, tags ...[2]uint32) (self, nextAt int) {
	self = len(f.b)
	f.b = binary.LittleEndian.AppendUint16(f.b, uint16(len(tags)))
	for _, tg := range tags {
		f.b = binary.LittleEndian.AppendUint16(f.b, uint16(tg[0]))
		f.b = binary.LittleEndian.AppendUint16(f.b, 4)
		f.b = binary.LittleEndian.AppendUint32(f.b, 1)
		f.b = binary.LittleEndian.AppendUint32(f.b, tg[1])
	}
	nextAt = len(f.b)
	f.b = append(f.b, 0, 0, 0, 0)
	return self, nextAt
}

func TestRAW(t *testing.T) {
	// DNG: DNGVersion in IFD0.
	f := &ifdBuilder{b: []byte("II*\x00\x08\x00\x00\x00")}
	f.ifd(false, [2]uint32{256, 10}, [2]uint32{257, 10}, [2]uint32{tagDNGVersion, 0x01040000})
	if info := inspect(t, f.b); info.RAW != "DNG" {
		t.Errorf("DNG: %q", info.RAW)
	}
	// CR2: "CR" at offset 8.
	f = &ifdBuilder{b: []byte("II*\x00\x10\x00\x00\x00CR\x02\x00\x00\x00\x00\x00")}
	f.ifd(false, [2]uint32{256, 10})
	if info := inspect(t, f.b); info.RAW != "CR2" {
		t.Errorf("CR2: %q", info.RAW)
	}
	// NEF/ARW style: an ordinary thumbnail IFD0 whose SubIFD holds CFA data.
	f = &ifdBuilder{b: []byte("II*\x00\x08\x00\x00\x00")}
	_, _ = f.ifd(false, [2]uint32{256, 160}, [2]uint32{tagMake, 0}, [2]uint32{tagSubIFDs, 8 + 2 + 36 + 4})
	f.ifd(false, [2]uint32{256, 6000}, [2]uint32{tagPhotometric, photometricCFA}, [2]uint32{tagCompression, 34713})
	if info := inspect(t, f.b); info.RAW == "" || len(info.Pages) != 1 {
		t.Errorf("CFA in SubIFD: %+v", info)
	}
	// Vendor compression with a Make tag.
	f = &ifdBuilder{b: []byte("II*\x00\x08\x00\x00\x00")}
	f.ifd(false, [2]uint32{256, 160}, [2]uint32{tagMake, 0}, [2]uint32{tagCompression, 32767})
	if info := inspect(t, f.b); !strings.Contains(info.RAW, "32767") {
		t.Errorf("vendor compression: %q", info.RAW)
	}
	// An ordinary file is not RAW, and a loop is an error.
	if info := inspect(t, encode(t, testPage(layouts[0], 3, 3, None, false))); info.RAW != "" {
		t.Errorf("ordinary file: %q", info.RAW)
	}
	f = &ifdBuilder{b: []byte("II*\x00\x08\x00\x00\x00")}
	_, at := f.ifd(true, [2]uint32{256, 1})
	binary.LittleEndian.PutUint32(f.b[at:], 8)
	if _, err := Inspect(bytes.NewReader(f.b), int64(len(f.b))); !errors.Is(err, codecerr.ErrFormat) {
		t.Errorf("loop: %v", err)
	}
	// A chain of distinct, overlapping IFDs of 65535 entries each: the
	// entry budget stops it long before 4096 pages.
	big := make([]byte, 8+2+65535*12+4+64)
	copy(big, "II*\x00\x08\x00\x00\x00")
	for i := 8; i < 8+64; i += 2 {
		binary.LittleEndian.PutUint16(big[i:], 0xFFFF)
	}
	for i := 8; i+65535*12+6 <= len(big); i += 2 {
		binary.LittleEndian.PutUint32(big[i+2+65535*12:], uint32(i+2))
	}
	if _, err := Inspect(bytes.NewReader(big), int64(len(big))); err == nil {
		t.Error("overlapping IFD chain: no error")
	}
}

// TestRepoFiles round-trips the repository's TIFF files: decoded with
// golang.org/x/image/tiff, written with the source's compression and
// predictor, the structure and pixels are the same.
func TestRepoFiles(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/*.tiff")
	if len(files) == 0 {
		t.Skip("no testdata")
	}
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		in := inspect(t, src).Pages[0]
		m, err := xtiff.Decode(bytes.NewReader(src))
		if err != nil {
			t.Fatal(err)
		}
		p := Page{Compression: Compression(in.Compression), Predictor: in.Predictor == 2}
		if p.Compression == 32946 {
			p.Compression = Deflate
		}
		r := m.Bounds()
		switch m := m.(type) {
		case *image.Paletted:
			p.Pix8, _ = pixbuf.Wrap(slices.Clone(m.Pix), r.Dy(), r.Dx(), 1)
			p.Palette = m.Palette
		case *image.Gray16:
			v := pixbuf.New[uint16](r.Dy(), r.Dx(), 1)
			for y := range r.Dy() {
				for x := range r.Dx() {
					v.Set(y, x, 0, m.Gray16At(x, y).Y)
				}
			}
			p.Pix16 = v
		case *image.RGBA64:
			v := pixbuf.New[uint16](r.Dy(), r.Dx(), 3)
			for y := range r.Dy() {
				for x := range r.Dx() {
					c := m.RGBA64At(x, y)
					v.Set(y, x, 0, c.R)
					v.Set(y, x, 1, c.G)
					v.Set(y, x, 2, c.B)
				}
			}
			p.Pix16 = v
		case *image.RGBA:
			v := pixbuf.New[uint8](r.Dy(), r.Dx(), 3)
			for y := range r.Dy() {
				for x := range r.Dx() {
					c := m.RGBAAt(x, y)
					v.Set(y, x, 0, c.R)
					v.Set(y, x, 1, c.G)
					v.Set(y, x, 2, c.B)
				}
			}
			p.Pix8 = v
		default:
			t.Logf("%s: %T (%d-bit %v compression %d) not round-tripped", name, m, in.BitsPerSample[0], in.Photometric, in.Compression)
			continue
		}
		if in.SamplesPerPixel != 3 && in.Photometric == 2 {
			t.Logf("%s: %d samples, skipped", name, in.SamplesPerPixel)
			continue
		}
		out := encode(t, p)
		got := inspect(t, out).Pages[0]
		if got.Compression != int(p.Compression) || got.Photometric != in.Photometric || !slices.Equal(got.BitsPerSample, in.BitsPerSample) || got.SamplesPerPixel != in.SamplesPerPixel {
			t.Errorf("%s: in %+v\nout %+v", name, in, got)
		}
		m2, err := xtiff.Decode(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				if nrgba64(m.At(x, y)) != nrgba64(m2.At(x, y)) {
					t.Fatalf("%s: pixel (%d,%d) differs", name, x, y)
				}
			}
		}
	}
}

func FuzzInspect(f *testing.F) {
	seeds, _ := filepath.Glob("../../testdata/*.tiff")
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		Inspect(bytes.NewReader(b), int64(len(b)))
	})
}

// ---- outside tools ----

func need(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s not installed", tool)
			}
			t.Skipf("%s not installed", tool)
		}
	}
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// TestLibtiff has libtiff judge: tiffinfo shows the promised structure and
// tiffcmp finds the LZW and Deflate files, predictor or not, equal to the
// uncompressed one (libtiff decodes them; gray+alpha included, which
// x/image/tiff does not read).
func TestLibtiff(t *testing.T) {
	need(t, "tiffinfo", "tiffcmp")
	dir := t.TempDir()
	names := map[Compression]string{None: "None", LZW: "LZW", Deflate: "AdobeDeflate"}
	for _, l := range layouts {
		ref := filepath.Join(dir, "ref.tiff")
		os.WriteFile(ref, encode(t, testPage(l, 157, 61, None, false)), 0o644)
		for _, comp := range []Compression{LZW, Deflate} {
			for _, pred := range []bool{false, true} {
				name := filepath.Join(dir, "x.tiff")
				os.WriteFile(name, encode(t, testPage(l, 157, 61, comp, pred)), 0o644)
				info := run(t, "tiffinfo", name)
				for _, w := range []string{
					"Compression Scheme: " + names[comp],
					fmt.Sprintf("Bits/Sample: %d", l.bps),
					fmt.Sprintf("Samples/Pixel: %d", l.c),
				} {
					if !strings.Contains(info, w) {
						t.Errorf("%v comp %d pred %v: tiffinfo lacks %q:\n%s", l, comp, pred, w, info)
					}
				}
				if (l.c == 2 || l.c == 4) != strings.Contains(info, "Extra Samples: 1<unassoc-alpha>") {
					t.Errorf("%v: extra samples:\n%s", l, info)
				}
				// tiffcmp -t reports tag differences (compression, predictor)
				// but exits non-zero only when the pixel data differ.
				ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
				out, err := exec.CommandContext(ctx, "tiffcmp", "-t", ref, name).CombinedOutput()
				cancel()
				if err != nil || strings.Contains(string(out), "Scanline") {
					t.Errorf("%v comp %d pred %v: tiffcmp: %v\n%s", l, comp, pred, err, out)
				}
			}
		}
	}
}

// TestMetadataExiftool writes camera-style EXIF (made by exiftool, with
// GPS), an ICC profile, XMP and IPTC into a TIFF and has exiftool read them
// back.
func TestMetadataExiftool(t *testing.T) {
	need(t, "exiftool")
	dir := t.TempDir()
	base := filepath.Join(dir, "base.tiff")
	os.WriteFile(base, encode(t, testPage(layouts[2], 8, 8, None, false)), 0o644)
	run(t, "exiftool", "-q", "-overwrite_original", "-ExifByteOrder=II", "-Make=TestCam", "-Model=Model 7",
		"-Artist=Ann", "-Copyright=(c) Ann", "-DateTimeOriginal=2024:05:06 07:08:09", "-ExposureTime=1/250",
		"-GPSLatitude=48.5", "-GPSLatitudeRef=N", "-GPSLongitude=2.25", "-GPSLongitudeRef=E", base)
	// A TIFF's EXIF block is the file itself: the tags live in its IFD0.
	exif, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	// An ICC profile with a valid header and no tags.
	icc := make([]byte, 800)
	binary.BigEndian.PutUint32(icc, 800)
	copy(icc[12:], "mntrRGB XYZ ")
	copy(icc[36:], "acsp")
	icc[8] = 2
	binary.BigEndian.PutUint32(icc[128:], 1) // one tag: cprt, a text at 144
	copy(icc[132:], "cprt")
	binary.BigEndian.PutUint32(icc[136:], 144)
	binary.BigEndian.PutUint32(icc[140:], 20)
	copy(icc[144:], "text\x00\x00\x00\x00(c) test\x00")
	xmp := []byte(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>Ann</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>`)
	p := testPage(layouts[2], 20, 30, LZW, true)
	p.EXIF, p.ICC, p.XMP = exif, icc, xmp
	p.ResolutionUnit, p.XResolution, p.YResolution = 2, Rational{300, 1}, Rational{300, 1}
	p.Orientation = 1
	out := filepath.Join(dir, "out.tiff")
	var b bytes.Buffer
	rep, err := Encode(&b, []Page{p})
	if err != nil || len(rep.Changes) != 0 {
		t.Fatalf("Encode: %v %v", err, rep)
	}
	os.WriteFile(out, b.Bytes(), 0o644)
	var tags []map[string]any
	if err := json.Unmarshal([]byte(run(t, "exiftool", "-a", "-G1", "-j", out)), &tags); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{
		"IFD0:Make": "TestCam", "IFD0:Model": "Model 7", "IFD0:Artist": "Ann", "IFD0:Copyright": "(c) Ann",
		"ExifIFD:DateTimeOriginal": "2024:05:06 07:08:09", "ExifIFD:ExposureTime": "1/250",
		"GPS:GPSLatitudeRef": "North", "IFD0:XResolution": "300", "IFD0:Orientation": "Horizontal (normal)",
		"XMP-dc:Creator": "Ann", "ICC-header:ProfileClass": "Display Device Profile", "ICC_Profile:ProfileCopyright": "(c) test", "IFD0:Compression": "LZW", "IFD0:BitsPerSample": "8 8 8",
	} {
		if got := fmt.Sprint(tags[0][k]); got != v {
			t.Errorf("exiftool %s = %q, want %q", k, got, v)
		}
	}
	if _, ok := tags[0]["GPS:GPSLatitude"]; !ok {
		t.Error("GPS latitude lost")
	}
	if warn, ok := tags[0]["ExifTool:Warning"]; ok {
		t.Errorf("exiftool warns: %v", warn)
	}
	if got, err := exec.Command("exiftool", "-b", "-ICC_Profile", out).Output(); err != nil || string(got) != string(icc) {
		t.Errorf("ICC profile not byte-identical (%d bytes, %v)", len(got), err)
	}
	// TIFF to TIFF: what ExifBlock and ReadExtras read from the output,
	// written again with another compression, differs for exiftool only in
	// the tags that describe the strips.
	o, _ := os.ReadFile(out)
	blk, err := ExifBlock(bytes.NewReader(o), int64(len(o)), 0)
	if err != nil || blk == nil {
		t.Fatalf("ExifBlock: %v", err)
	}
	x, err := ReadExtras(bytes.NewReader(o), int64(len(o)), 0)
	if err != nil {
		t.Fatal(err)
	}
	q := testPage(layouts[2], 20, 30, Deflate, false)
	q.EXIF, q.ICC, q.XMP, q.IPTC = blk, x.ICC, x.XMP, x.IPTC
	q.XResolution, q.YResolution, q.ResolutionUnit, q.Orientation = x.XResolution, x.YResolution, x.ResolutionUnit, x.Orientation
	again := filepath.Join(dir, "again.tiff")
	os.WriteFile(again, encode(t, q), 0o644)
	var tags2 []map[string]any
	if err := json.Unmarshal([]byte(run(t, "exiftool", "-a", "-G1", "-j", again)), &tags2); err != nil {
		t.Fatal(err)
	}
	mustChange := map[string]bool{"SourceFile": true, "IFD0:StripOffsets": true, "IFD0:StripByteCounts": true,
		"IFD0:RowsPerStrip": true, "IFD0:Compression": true, "IFD0:Predictor": true}
	for k, v := range tags[0] {
		if mustChange[k] || strings.HasPrefix(k, "System:") || strings.HasPrefix(k, "ExifTool:") {
			continue
		}
		if fmt.Sprint(tags2[0][k]) != fmt.Sprint(v) {
			t.Errorf("TIFF to TIFF: %s = %v, was %v", k, tags2[0][k], v)
		}
	}
	for k := range tags2[0] {
		if _, ok := tags[0][k]; !ok {
			t.Errorf("TIFF to TIFF: %s appeared", k)
		}
	}
	// A block that does not parse is dropped, and said so.
	p.EXIF = []byte("MM\x00*\x00\x00\x00\x08\x00\x05\x00")
	rep, err = Encode(io.Discard, []Page{p})
	if err != nil || len(rep.Changes) != 1 || rep.Changes[0].Item != "exif" {
		t.Errorf("broken big-endian EXIF: %v %+v", err, rep)
	}
}

// TestImageMagick checks that ImageMagick reads the pixels of gray+alpha
// and 16-bit RGBA files written with LZW and the predictor.
func TestImageMagick(t *testing.T) {
	need(t, "convert")
	dir := t.TempDir()
	for _, l := range []layout{{2, 8, false}, {4, 16, false}} {
		p := testPage(l, 9, 11, LZW, true)
		name := filepath.Join(dir, "x.tiff")
		os.WriteFile(name, encode(t, p), 0o644)
		raw := run(t, "convert", name, "-depth", "16", "rgba:-")
		if len(raw) != 9*11*8 {
			t.Fatalf("%v: %d bytes from ImageMagick", l, len(raw))
		}
		for y := range 9 {
			for x := range 11 {
				px := []byte(raw[(y*11+x)*8:])
				be := func(i int) uint16 { return binary.LittleEndian.Uint16(px[2*i:]) }
				got := color.NRGBA64{be(0), be(1), be(2), be(3)}
				if w := want(p, y, x); got != w {
					t.Fatalf("%v: (%d,%d) = %v, want %v", l, x, y, got, w)
				}
			}
		}
	}
}

// nrgba64 widens c without the rounding of a trip through premultiplied
// colour, so that 8-bit NRGBA compares exactly.
func nrgba64(c color.Color) color.NRGBA64 {
	switch c := c.(type) {
	case color.NRGBA:
		return color.NRGBA64{uint16(c.R) * 0x101, uint16(c.G) * 0x101, uint16(c.B) * 0x101, uint16(c.A) * 0x101}
	case color.NRGBA64:
		return c
	}
	return color.NRGBA64Model.Convert(c).(color.NRGBA64)
}

func TestExifBlockSmall(t *testing.T) {
	b := []byte("II*\x00\x08\x00\x00\x00\x02\x00\x0f\x01\x02\x00\x06\x00\x00\x00\x26\x00\x00\x00\x69\x87\x04\x00\x01\x00\x00\x00\x2e\x00\x00\x00\x00\x00\x00\x00Maker\x00\x00\x00\x01\x00\x9a\x82\x04\x00\x01\x00\x00\x00\x05\x00\x00\x00\x00\x00\x00\x00")
	blk, err := ExifBlock(bytes.NewReader(b), int64(len(b)), 0)
	if err != nil || !bytes.Contains(blk, []byte("Maker\x00")) {
		t.Fatalf("ExifBlock: %v %q", err, blk)
	}
	// Carried into a file, the Make tag and the EXIF IFD's tag come back.
	p := testPage(layouts[0], 2, 2, None, false)
	p.EXIF = blk
	out := encode(t, p)
	again, err := ExifBlock(bytes.NewReader(out), int64(len(out)), 0)
	if err != nil || !bytes.Equal(again, blk) {
		t.Errorf("block after a trip through a file:\n%q\nwant\n%q (%v)", again, blk, err)
	}
}

// TestExtrasRoundTrip checks that what ReadExtras reads, Encode writes
// back, on every page.
func TestExtrasRoundTrip(t *testing.T) {
	p1 := testPage(layouts[2], 4, 4, None, false)
	p1.ICC, p1.XMP, p1.IPTC = bytes.Repeat([]byte{1, 2, 3}, 50), []byte("<x:xmpmeta/>"), []byte{0x1c, 2, 0, 0, 2, 0, 4}
	p1.ResolutionUnit, p1.XResolution, p1.YResolution, p1.Orientation = 3, Rational{118, 1}, Rational{236, 2}, 6
	p2 := testPage(layouts[0], 3, 3, LZW, false)
	b := encode(t, p1, p2)
	for i, p := range []Page{p1, p2} {
		x, err := ReadExtras(bytes.NewReader(b), int64(len(b)), i)
		if err != nil {
			t.Fatal(err)
		}
		want := Extras{p.ICC, p.XMP, p.IPTC, p.XResolution, p.YResolution, p.ResolutionUnit, p.Orientation}
		if fmt.Sprint(*x) != fmt.Sprint(want) {
			t.Errorf("page %d: %+v, want %+v", i, *x, want)
		}
	}
	if _, err := ReadExtras(bytes.NewReader(b), int64(len(b)), 2); !errors.Is(err, codecerr.ErrFormat) {
		t.Errorf("page 3 of 2: %v", err)
	}
}

func FuzzReadExtras(f *testing.F) {
	p := testPage(layouts[2], 4, 4, None, false)
	p.ICC, p.XMP, p.ResolutionUnit, p.XResolution = []byte("icc profile"), []byte("<x/>"), 2, Rational{72, 1}
	f.Add(encode(f, p))
	// An IFD0 with Make (ASCII, out of line) and an EXIF IFD with one tag.
	f.Add([]byte("II*\x00\x08\x00\x00\x00\x02\x00\x0f\x01\x02\x00\x06\x00\x00\x00\x26\x00\x00\x00\x69\x87\x04\x00\x01\x00\x00\x00\x2e\x00\x00\x00\x00\x00\x00\x00Maker\x00\x00\x00\x01\x00\x9a\x82\x04\x00\x01\x00\x00\x00\x05\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ReadExtras(bytes.NewReader(b), int64(len(b)), 0)
		if blk, err := ExifBlock(bytes.NewReader(b), int64(len(b)), 0); err == nil && blk != nil {
			// What it builds, it reads.
			if _, err := ExifBlock(bytes.NewReader(blk), int64(len(blk)), 0); err != nil {
				t.Fatalf("ExifBlock of its own block: %v", err)
			}
		}
	})
}
