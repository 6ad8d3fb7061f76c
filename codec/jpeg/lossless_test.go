package jpeg

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	stdjpeg "image/jpeg"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pixview/pixview/codec/codecerr"
	"github.com/pixview/pixview/codec/meta"
	"github.com/pixview/pixview/pixbuf"
)

// The transforms judged by jpegtran and djpeg (libjpeg-turbo-progs): for
// inputs made with cjpeg, pixview's output has jpegtran's coefficients,
// and djpeg decodes both to the same bytes.

// ltTool finds an outside tool: the test is skipped without it, except in
// CI (CI set), where it fails.
func ltTool(tb testing.TB, name string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("%s is missing: %v", name, err)
		}
		tb.Skipf("%s is missing", name)
	}
	return p
}

// ltExec runs a tool with a timeout and returns its stdout.
func ltExec(stdin []byte, path string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s %s: %v: %s", filepath.Base(path), strings.Join(args, " "), err, errb.Bytes())
	}
	return out.Bytes(), nil
}

// ltPPM is a photo-like picture: smooth gradients, hard edges, noise.
func ltPPM(w, h int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 99))
	out := fmt.Appendf(nil, "P6\n%d %d\n255\n", w, h)
	for y := range h {
		for x := range w {
			fx, fy := float64(x)/float64(w), float64(y)/float64(h)
			base := 120 + 70*math.Sin(fx*9+fy*4) + 30*math.Cos(fy*13)
			if (x/29+y/19)%3 == 0 {
				base += 45
			}
			for c := range 3 {
				v := base + float64(c-1)*40*fx + rng.NormFloat64()*8
				out = append(out, uint8(max(0, min(255, v))))
			}
		}
	}
	return out
}

// ltInput is a cjpeg-made test file.
type ltInput struct {
	name        string
	data        []byte
	progressive bool
}

// ltInputs makes inputs with cjpeg: gray, 4:4:4, 4:2:2, 4:2:0, 4:4:0,
// 4:1:1; sizes multiple and not of the iMCU, down to one pixel; baseline,
// progressive and restart markers. full makes every combination; else each
// size and sampling gets one of the codings in turn.
func ltInputs(tb testing.TB, full bool) []ltInput {
	tb.Helper()
	cjpeg := ltTool(tb, "cjpeg")
	dir := tb.TempDir()
	samplings := []string{"gray", "1x1", "2x1", "2x2", "1x2", "4x1"}
	sizes := [][2]int{{64, 32}, {37, 23}, {1, 1}}
	if full {
		sizes = append(sizes, [2]int{8, 8}, [2]int{17, 50}, [2]int{130, 97})
	}
	codings := [][]string{{"-quality", "90"}, {"-progressive", "-quality", "80"}, {"-restart", "1", "-quality", "85"}}
	var ins []ltInput
	k := 0
	for si, sz := range sizes {
		ppm := filepath.Join(dir, fmt.Sprintf("in%d.ppm", si))
		if err := os.WriteFile(ppm, ltPPM(sz[0], sz[1], uint64(si)), 0o644); err != nil {
			tb.Fatal(err)
		}
		for _, s := range samplings {
			k++
			if !full && sz == [2]int{1, 1} && s != "gray" && s != "2x2" && s != "4x1" {
				continue // one pixel looks alike in every layout
			}
			for ci, c := range codings {
				if !full && k%len(codings) != ci {
					continue
				}
				args := append([]string(nil), c...)
				if s == "gray" {
					args = append(args, "-grayscale")
				} else {
					args = append(args, "-sample", s)
				}
				out, err := ltExec(nil, cjpeg, append(args, ppm)...)
				if err != nil {
					tb.Fatal(err)
				}
				ins = append(ins, ltInput{fmt.Sprintf("%dx%d-%s-%d", sz[0], sz[1], s, ci), out, ci == 1})
			}
		}
	}
	// Adobe CMYK, four components, from ImageMagick.
	if convert, err := exec.LookPath("convert"); err == nil {
		out, err := ltExec(nil, convert, filepath.Join(dir, "in1.ppm"), "-colorspace", "CMYK", "-quality", "90", "jpg:-")
		if err != nil {
			tb.Fatal(err)
		}
		ins = append(ins, ltInput{"37x23-cmyk", out, false})
	} else if os.Getenv("CI") != "" {
		tb.Fatal("ImageMagick convert is missing")
	}
	return ins
}

// ltJpegtranArgs are jpegtran's options for an orientation.
var ltJpegtranArgs = map[pixbuf.Orientation][]string{
	pixbuf.Identity:       nil,
	pixbuf.FlipHorizontal: {"-flip", "horizontal"},
	pixbuf.FlipVertical:   {"-flip", "vertical"},
	pixbuf.Rotate180:      {"-rotate", "180"},
	pixbuf.Transpose:      {"-transpose"},
	pixbuf.Rotate90:       {"-rotate", "90"},
	pixbuf.Transverse:     {"-transverse"},
	pixbuf.Rotate270:      {"-rotate", "270"},
}

// ltCase is one transform of the matrix.
type ltCase struct {
	o    pixbuf.Orientation
	edge EdgePolicy
	crop image.Rectangle
}

func (c ltCase) args() []string {
	args := append([]string(nil), ltJpegtranArgs[c.o]...)
	switch c.edge {
	case EdgeTrim:
		args = append(args, "-trim")
	case EdgePerfect:
		args = append(args, "-perfect")
	}
	if c.crop != (image.Rectangle{}) {
		args = append(args, "-crop", fmt.Sprintf("%dx%d+%d+%d", c.crop.Dx(), c.crop.Dy(), c.crop.Min.X, c.crop.Min.Y))
	}
	return args
}

func TestTransformMatchesJpegtran(t *testing.T) {
	t.Parallel()
	jpegtran := ltTool(t, "jpegtran")
	djpeg := ltTool(t, "djpeg")
	full := os.Getenv("PIXVIEW_JPEG_FULL") != "" && !testing.Short()
	ins := ltInputs(t, full)
	runs, same := 0, 0
	for _, in := range ins {
		src, err := DecodeBytes(in.data, nil)
		if err != nil {
			t.Fatalf("%s: %v", in.name, err)
		}
		var cases []ltCase
		for _, o := range allOrientations {
			cases = append(cases, ltCase{o: o})
			if !Perfect(src, o) {
				cases = append(cases, ltCase{o: o, edge: EdgeTrim}, ltCase{o: o, edge: EdgePerfect})
			} else if full {
				cases = append(cases, ltCase{o: o, edge: EdgePerfect})
			}
		}
		// Crops on and off the grid (snapped), alone and with a turn.
		w, h := src.Width, src.Height
		if w > 9 && h > 9 {
			hm, _ := src.MaxSampling()
			if len(src.Components) == 1 {
				hm = 1
			}
			if 8*hm < w {
				cases = append(cases, ltCase{crop: image.Rect(8*hm, 0, w, h-3)})
			}
			cases = append(cases,
				ltCase{crop: image.Rect(3, 5, w-1, h-2)},
				ltCase{o: pixbuf.Rotate90, crop: image.Rect(5, 2, h-1, w-3)},
				ltCase{o: pixbuf.FlipHorizontal, edge: EdgeTrim, crop: image.Rect(1, 1, w-2, h)},
			)
		}
		for _, c := range cases {
			runs++
			name := fmt.Sprintf("%s %v %v", in.name, c.args(), c.edge)
			args := append(c.args(), "-copy", "all", "-optimize")
			if in.progressive {
				args = append(args, "-progressive")
			}
			want, jerr := ltExec(in.data, jpegtran, args...)
			got, rep, err := AppendTransform(nil, in.data, &Request{Orientation: c.o, Edge: c.edge, Crop: c.crop, SnapCrop: true})
			if c.edge == EdgePerfect && jerr != nil {
				if !errors.Is(err, ErrImperfect) {
					t.Errorf("%s: jpegtran refused (%v), pixview: %v", name, jerr, err)
				}
				continue
			}
			if jerr != nil {
				t.Fatalf("%s: %v", name, jerr)
			}
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			wm, err := DecodeBytes(want, nil)
			if err != nil {
				t.Fatalf("%s: reading jpegtran's output: %v", name, err)
			}
			gm, err := DecodeBytes(got, nil)
			if err != nil {
				t.Errorf("%s: reading our output: %v", name, err)
				continue
			}
			if d := trCodedDiff(wm, gm); d != "" {
				t.Errorf("%s: coefficients differ from jpegtran's: %s", name, d)
				continue
			}
			if rep.Width != wm.Width || rep.Height != wm.Height {
				t.Errorf("%s: report says %dx%d", name, rep.Width, rep.Height)
			}
			if in.progressive != (gm.Process == Progressive) {
				t.Errorf("%s: process %v", name, gm.Process)
			}
			// Go's own decoder reads what it supports.
			if _, err := stdjpeg.Decode(bytes.NewReader(got)); err != nil {
				if _, ok := err.(stdjpeg.UnsupportedError); !ok {
					t.Errorf("%s: image/jpeg: %v", name, err)
				}
			}
			if bytes.Equal(got, want) {
				same++ // the same file: djpeg cannot tell them apart
				continue
			}
			dw, err := ltExec(want, djpeg, "-pnm")
			if err != nil {
				t.Fatal(err)
			}
			dg, err := ltExec(got, djpeg, "-pnm")
			if err != nil {
				t.Errorf("%s: djpeg of our output: %v", name, err)
				continue
			}
			if !bytes.Equal(dw, dg) {
				t.Errorf("%s: djpeg -pnm output differs from jpegtran's", name)
			}
		}
	}
	t.Logf("%d inputs, %d transforms compared with jpegtran, %d outputs byte-identical to its", len(ins), runs, same)
}

func TestTransformFileRefusesMPF(t *testing.T) {
	in := ltInputs(t, false)[0].data
	// An APP2 "MPF\0" segment right after SOI.
	mpf := append([]byte{0xFF, 0xE2, 0, 10}, "MPF\x00MM\x00\x2a"...)
	f := append(append(append([]byte(nil), in[:2]...), mpf...), in[2:]...)
	var out bytes.Buffer
	_, err := TransformFile(&out, bytes.NewReader(f), &Request{Orientation: pixbuf.Rotate90})
	if !errors.Is(err, ErrExtraImages) || !errors.Is(err, codecerr.ErrUnsupported) || out.Len() != 0 {
		t.Fatalf("MPF file: %v, %d bytes written", err, out.Len())
	}
}

// TestTransformFileHostile feeds truncations and bit flips of the inputs
// to AppendTransform: an error or an output, never a panic.
func TestTransformFileHostile(t *testing.T) {
	t.Parallel()
	ins := ltInputs(t, false)
	rng := rand.New(rand.NewPCG(21, 22))
	opts := &DecodeOptions{MaxPixels: 1 << 16}
	n := 0
	for i, in := range ins {
		if i%3 != 0 {
			continue
		}
		for k := range 12 {
			f := bytes.Clone(in.data)
			if k < 4 {
				f = f[:rng.IntN(len(f))]
			} else {
				for range 1 + rng.IntN(4) {
					f[rng.IntN(len(f))] ^= 1 << rng.IntN(8)
				}
			}
			req := &Request{Orientation: allOrientations[k%8], Edge: EdgePolicy(k % 3), Decode: opts, Orient: k%2 == 0}
			if _, _, err := AppendTransform(nil, f, req); err == nil {
				n++
			}
		}
	}
	t.Logf("%d damaged inputs still transformed", n)
}

// ltICC is a minimal valid ICC profile: the header and one copyright tag.
func ltICC() []byte {
	p := make([]byte, 156)
	be := func(off int, v uint32) {
		p[off], p[off+1], p[off+2], p[off+3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
	}
	be(0, uint32(len(p)))
	copy(p[4:], "none")
	be(8, 0x02100000)
	copy(p[12:], "mntrRGB XYZ ")
	copy(p[36:], "acsp")
	be(128, 1)
	copy(p[132:], "cprt")
	be(136, 144)
	be(140, 12)
	copy(p[144:], "text")
	copy(p[152:], "pv")
	return p
}

// ltTags runs exiftool -a -G1 -j -n once on files and returns the tags
// of each, without those that describe the file rather than the image
// (name, size, dates).
func ltTags(t *testing.T, exiftool string, files ...[]byte) []map[string]any {
	t.Helper()
	dir := t.TempDir()
	args := []string{"-a", "-G1", "-j", "-n"}
	for i, f := range files {
		p := filepath.Join(dir, fmt.Sprintf("%03d.jpg", i))
		if err := os.WriteFile(p, f, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	out, err := ltExec(nil, exiftool, args...)
	if err != nil {
		t.Fatal(err)
	}
	var v []map[string]any
	if err := json.Unmarshal(out, &v); err != nil || len(v) != len(files) {
		t.Fatalf("exiftool output %q: %v", out, err)
	}
	slices.SortFunc(v, func(a, b map[string]any) int {
		return strings.Compare(fmt.Sprint(a["SourceFile"]), fmt.Sprint(b["SourceFile"]))
	})
	for _, m := range v {
		for k := range m {
			if k == "SourceFile" || strings.HasPrefix(k, "System:") || strings.HasPrefix(k, "ExifTool:") {
				delete(m, k)
			}
		}
	}
	return v
}

// TestTransformFileMetadata compares exiftool's view of pixview's output
// with its view of jpegtran -copy all's, for files carrying EXIF (with
// orientation, GPS, make and model, dimensions and a thumbnail), XMP and
// an ICC profile: equal except the tags the transform must change.
func TestTransformFileMetadata(t *testing.T) {
	t.Parallel()
	cjpeg := ltTool(t, "cjpeg")
	jpegtran := ltTool(t, "jpegtran")
	exiftool := ltTool(t, "exiftool")
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ppm := write("in.ppm", ltPPM(64, 48, 5))
	icc := write("p.icc", ltICC())
	thumb, err := ltExec(nil, cjpeg, "-quality", "50", ppm)
	if err != nil {
		t.Fatal(err)
	}
	thumbPath := write("thumb.jpg", thumb)
	base, err := ltExec(nil, cjpeg, "-sample", "2x2", "-quality", "85", ppm)
	if err != nil {
		t.Fatal(err)
	}
	tagArgs := []string{"-q", "-overwrite_original", "-n", "-Orientation=6", "-Make=Pix", "-Model=View",
		"-GPSLatitude=48.1", "-GPSLatitudeRef=N", "-XMP-tiff:Orientation=6", "-XMP-dc:Title=hello",
		"-ExifIFD:ExifImageWidth=64", "-ExifIFD:ExifImageHeight=48", "-ICC_Profile<=" + icc, "-ThumbnailImage<=" + thumbPath}
	type ltPair struct {
		name, kind string
		got, want  []byte
		rep        Report
		changed    map[string]any
	}
	var pairs []ltPair
	p := write("in.jpg", base)
	if _, err := ltExec(nil, exiftool, append(tagArgs, p)...); err != nil {
		t.Fatal(err)
	}
	tagged, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(tagged) < 6 || tagged[2] != 0xFF || tagged[3] != 0xE0 {
		t.Fatalf("exiftool's file does not start with cjpeg's JFIF segment: % x", tagged[:min(6, len(tagged))])
	}
	for _, lead := range []bool{true, false} {
		in := tagged
		if lead {
			// Without JFIF, EXIF leads the file and jpegtran patches its
			// dimensions too.
			n := int(tagged[4])<<8 | int(tagged[5])
			in = append(append([]byte(nil), tagged[:2]...), tagged[4+n:]...)
			if !bytes.HasPrefix(in[2:], []byte{0xFF, 0xE1}) || !bytes.HasPrefix(in[6:], []byte(meta.ExifPrefix)) {
				t.Fatalf("EXIF does not lead: % x", in[:12])
			}
		}
		for _, c := range []struct {
			name    string
			req     Request
			jt      []string
			changed map[string]any // tags that differ from jpegtran's, with our value (nil: absent)
		}{
			{"rotate-90", Request{Orientation: pixbuf.Rotate90}, []string{"-rotate", "90"}, nil},
			{"orient", Request{Orient: true}, []string{"-rotate", "90"},
				map[string]any{"IFD0:Orientation": 1.0, "XMP-tiff:Orientation": 1.0}},
			{"crop", Request{Crop: image.Rect(16, 16, 48, 40)}, []string{"-crop", "32x24+16+16"},
				map[string]any{"IFD1:Compression": nil, "IFD1:XResolution": nil, "IFD1:YResolution": nil,
					"IFD1:ResolutionUnit": nil, "IFD1:ThumbnailOffset": nil, "IFD1:ThumbnailLength": nil, "IFD1:ThumbnailImage": nil}},
		} {
			name := fmt.Sprintf("%s lead=%v", c.name, lead)
			req := c.req
			got, rep, err := AppendTransform(nil, in, &req)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			want, err := ltExec(in, jpegtran, append(c.jt, "-copy", "all", "-optimize")...)
			if err != nil {
				t.Fatal(err)
			}
			pairs = append(pairs, ltPair{name, c.name, got, want, rep, c.changed})
		}
	}
	var files [][]byte
	for _, p := range pairs {
		files = append(files, p.got, p.want)
	}
	tags := ltTags(t, exiftool, files...)
	for i, p := range pairs {
		name, rep := p.name, p.rep
		{
			gt, wt := tags[2*i], tags[2*i+1]
			changed := map[string]any{}
			for k, v := range p.changed {
				changed[k] = v
			}
			if rep.Width != 64 || rep.Height != 48 {
				// Our EXIF dimensions follow the output wherever EXIF is;
				// jpegtran's only when EXIF leads.
				changed["ExifIFD:ExifImageWidth"] = float64(rep.Width)
				changed["ExifIFD:ExifImageHeight"] = float64(rep.Height)
				if !rep.DimensionsPatched {
					t.Errorf("%s: dimensions not patched", name)
				}
			}
			for k, v := range changed {
				if g, ok := gt[k]; v == nil && ok || v != nil && g != v {
					t.Errorf("%s: %s is %v, want %v", name, k, g, v)
				}
				delete(gt, k)
				delete(wt, k)
			}
			for k, v := range wt {
				if g, ok := gt[k]; !ok || fmt.Sprint(g) != fmt.Sprint(v) {
					t.Errorf("%s: %s is %v, jpegtran's %v", name, k, g, v)
				}
			}
			for k, g := range gt {
				if _, ok := wt[k]; !ok {
					t.Errorf("%s: %s = %v is not in jpegtran's output", name, k, g)
				}
			}
			if p.kind == "orient" && (!rep.OrientationReset || rep.Applied != pixbuf.Rotate90) {
				t.Errorf("%s: report %+v", name, rep)
			}
			if p.kind == "crop" && !rep.ThumbnailDropped {
				t.Errorf("%s: thumbnail kept: %+v", name, rep)
			}
		}
	}
}

// FuzzTransformFile feeds arbitrary bytes and requests to AppendTransform:
// an error or a file that reads back with the reported size, never a
// panic. Seeds are small synthetic files of every layout.
func FuzzTransformFile(f *testing.F) {
	rng := rand.New(rand.NewPCG(31, 32))
	for i, s := range trSamplings {
		m := trRandImage(rng, 5+7*i, 30-2*i, s.s)
		data, err := AppendEncode(nil, m, &EncodeOptions{Coding: Coding(i % 3)})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, uint8(i), uint8(i%3), uint16(8*(i%2)), uint16(3*(i%3)))
	}
	f.Fuzz(func(t *testing.T, data []byte, o, edge uint8, cx, cy uint16) {
		req := &Request{Orientation: pixbuf.Orientation(o & 7), Orient: o&8 != 0, Edge: EdgePolicy(edge % 3),
			SnapCrop: edge&4 != 0, Decode: &DecodeOptions{MaxPixels: 1 << 16}}
		if cx != 0 || cy != 0 {
			req.Crop = image.Rect(int(cx%64), int(cy%64), int(cx%64)+int(cx>>8)+1, int(cy%64)+int(cy>>8)+1)
		}
		out, rep, err := AppendTransform(nil, data, req)
		if err != nil {
			return
		}
		m, err := DecodeBytes(out, nil)
		if err != nil {
			t.Fatalf("output does not read back: %v", err)
		}
		if m.Width != rep.Width || m.Height != rep.Height {
			t.Fatalf("output is %dx%d, report says %dx%d", m.Width, m.Height, rep.Width, rep.Height)
		}
	})
}

// ltWithOrientation inserts after SOI an EXIF segment whose IFD0 holds
// only the orientation tag, and an XMP packet saying the same.
func ltWithOrientation(f []byte, tag int) []byte {
	tiff := []byte{'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, byte(tag), 0, 0, 0, 0, 0, 0}
	exif := append([]byte(meta.ExifPrefix), tiff...)
	xmp := append([]byte(meta.XMPPrefix), fmt.Sprintf(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:tiff="http://ns.adobe.com/tiff/1.0/" tiff:Orientation="%d"/></rdf:RDF></x:xmpmeta>`, tag)...)
	out := append([]byte(nil), f[:2]...)
	for _, seg := range [][]byte{exif, xmp} {
		out = append(out, 0xFF, 0xE1, byte((len(seg)+2)>>8), byte(len(seg)+2))
		out = append(out, seg...)
	}
	return append(out, f[2:]...)
}

// TestTransformFileOrient applies every EXIF orientation: the
// coefficients are jpegtran's for the transform the tag names, and the
// EXIF and XMP orientations read 1 afterwards.
func TestTransformFileOrient(t *testing.T) {
	t.Parallel()
	jpegtran := ltTool(t, "jpegtran")
	n := 0
	for _, in := range ltInputs(t, false) {
		if !strings.HasPrefix(in.name, "37x23-2x2") && !strings.HasPrefix(in.name, "64x32-2x1") {
			continue
		}
		n++
		for tag := 1; tag <= 8; tag++ {
			o, _ := pixbuf.OrientationFromEXIF(tag)
			f := ltWithOrientation(in.data, tag)
			got, rep, err := AppendTransform(nil, f, &Request{Orient: true, Edge: EdgeTrim})
			if err != nil {
				t.Fatalf("%s tag %d: %v", in.name, tag, err)
			}
			want, err := ltExec(in.data, jpegtran, append(ltCase{o: o, edge: EdgeTrim}.args(), "-optimize")...)
			if err != nil {
				t.Fatal(err)
			}
			gm, err := DecodeBytes(got, nil)
			if err != nil {
				t.Fatal(err)
			}
			wm, err := DecodeBytes(want, nil)
			if err != nil {
				t.Fatal(err)
			}
			if d := trCodedDiff(wm, gm); d != "" {
				t.Errorf("%s tag %d: %s", in.name, tag, d)
			}
			if rep.Applied != o || rep.OrientationReset != (tag != 1) {
				t.Errorf("%s tag %d: report %+v", in.name, tag, rep)
			}
			e, x := findMeta(gm)
			if e < 0 || x < 0 {
				t.Fatalf("%s tag %d: EXIF or XMP lost", in.name, tag)
			}
			if v, _ := meta.ExifOrientation(gm.Segments[e].Data[len(meta.ExifPrefix):]); v != 1 {
				t.Errorf("%s tag %d: EXIF orientation %d after orient", in.name, tag, v)
			}
			if v, _ := meta.XMPOrientation(gm.Segments[x].Data[len(meta.XMPPrefix):]); v != 1 {
				t.Errorf("%s tag %d: XMP orientation %d after orient", in.name, tag, v)
			}
			// Without Orient the tag stays and nothing turns.
			_, rep, err = AppendTransform(nil, f, nil)
			if err != nil || rep.Applied != pixbuf.Identity || rep.OrientationReset {
				t.Errorf("%s tag %d without orient: %v %+v", in.name, tag, err, rep)
			}
		}
	}
	if n != 2 {
		t.Fatalf("%d inputs, want 2", n)
	}
}

// TestTransformFileKeepsTrailer: bytes after EOI (a Motion Photo's video,
// whose offsets count from the end of the file) come out verbatim.
func TestTransformFileKeepsTrailer(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	in, err := AppendEncode(nil, trRandImage(rng, 40, 24, [][2]int{{2, 2}, {1, 1}, {1, 1}}), nil)
	if err != nil {
		t.Fatal(err)
	}
	trailer := []byte("\x00\x00\x00\x18ftypmp42 not a JPEG at all")
	in = append(in, trailer...)
	for _, o := range allOrientations {
		out, _, err := AppendTransform(nil, in, &Request{Orientation: o, Edge: EdgeTrim})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasSuffix(out, append([]byte{0xFF, 0xD9}, trailer...)) {
			t.Errorf("%v: trailer lost", o)
		}
	}
}

// TestTagStrategies checks FileOrientation's recipe: with tag e, applying
// e.Then(op) and resetting the tag, or keeping the tag and applying the
// conjugate, both show the displayed picture turned by op.
func TestTagStrategies(t *testing.T) {
	for _, e := range allOrientations {
		for _, op := range allOrientations {
			shown := e.Then(op) // what a viewer must show: stored, e, then op
			conj := e.Then(op).Then(e.Inverse())
			if conj.Then(e) != shown {
				t.Errorf("tag %v, op %v: conjugate %v shows %v, want %v", e, op, conj, conj.Then(e), shown)
			}
		}
	}
	rng := rand.New(rand.NewPCG(43, 44))
	in, err := AppendEncode(nil, trRandImage(rng, 48, 32, [][2]int{{2, 2}, {1, 1}, {1, 1}}), nil)
	if err != nil {
		t.Fatal(err)
	}
	for tag := 1; tag <= 8; tag++ {
		m, err := DecodeBytes(ltWithOrientation(in, tag), nil)
		if err != nil {
			t.Fatal(err)
		}
		if want, _ := pixbuf.OrientationFromEXIF(tag); FileOrientation(m) != want {
			t.Errorf("tag %d: FileOrientation %v", tag, FileOrientation(m))
		}
	}
}
