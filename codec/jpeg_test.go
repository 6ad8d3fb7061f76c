package codec

import (
	"bytes"
	"context"
	"errors"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/pixview/pixview/codec/jpeg"
	"github.com/pixview/pixview/codec/pnm"
	"github.com/pixview/pixview/pixbuf"
)

// jpegTool returns the path of an outside tool, skipping the test when it
// is missing locally and failing it under CI, which installs it.
func jpegTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed (Debian package libjpeg-turbo-progs)", name)
		}
		t.Skipf("%s is not installed", name)
	}
	return p
}

// runTool runs an outside tool with a timeout and returns its stdout.
func runTool(t *testing.T, stdin []byte, name string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v: %s", name, args, err, stderr.String())
	}
	return out
}

// djpegView decodes JPEG data with djpeg -dct int -pnm into a view.
func djpegView(t *testing.T, djpeg string, data []byte) pixbuf.View[uint8] {
	t.Helper()
	out := runTool(t, data, djpeg, "-dct", "int", "-pnm")
	for raw, err := range pnm.ParseRaw(out, 1<<28) {
		if err != nil {
			t.Fatal(err)
		}
		v, err := raw.View()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	t.Fatal("djpeg wrote no image")
	return pixbuf.View[uint8]{}
}

// TestJPEGDecodeMatchesDjpeg: the registered JPEG decoder gives, for every
// sample JPEG, exactly the samples of djpeg -dct int -pnm (stored
// orientation), and the displayed view is that view under the file's
// orientation.
func TestJPEGDecodeMatchesDjpeg(t *testing.T) {
	djpeg := jpegTool(t, "djpeg")
	for _, path := range sampleFiles(t, ".jpg", ".jpeg") {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		stored, err := Decode(bytes.NewReader(data), &DecodeOptions{NoAutoOrient: true})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		want := djpegView(t, djpeg, data)
		if !stored.View8.Equal(want) {
			t.Errorf("%s: samples differ from djpeg -dct int", filepath.Base(path))
		}
		shown, err := Decode(bytes.NewReader(data), nil)
		if err != nil {
			t.Fatal(err)
		}
		if !shown.View8.Equal(want.Orient(shown.Orientation)) {
			t.Errorf("%s: displayed view is not the stored one under %v", filepath.Base(path), shown.Orientation)
		}
		if stored.Source == nil || stored.Source.JPEG == nil {
			t.Errorf("%s: no Source", filepath.Base(path))
		}
	}
}

// dqt returns the payloads of a JPEG file's DQT segments, in order.
func dqt(t *testing.T, data []byte) [][]byte {
	t.Helper()
	var out [][]byte
	for i := 2; i+4 <= len(data); {
		m := data[i+1]
		if m == 0xda {
			break
		}
		n := int(data[i+2])<<8 | int(data[i+3])
		if m == 0xdb {
			out = append(out, data[i+4:i+2+n])
		}
		i += 2 + n
	}
	return out
}

// TestJPEGEncodeKeepsSource: pixels decoded from a JPEG and encoded with
// their Source (quality unset) keep the file's tables, sampling and
// progressive coding; a quality replaces the tables only; without a
// Source the encoder writes cjpeg's default tables (quality 75), which
// cjpeg itself is the judge of; a quality outside 0-100 is refused.
func TestJPEGEncodeKeepsSource(t *testing.T) {
	cjpeg := jpegTool(t, "cjpeg")
	for _, name := range []string{"video-001.q50.444.jpeg", "video-001.progressive.jpeg", "video-001.q50.422.jpeg", "video-005.gray.q50.jpeg"} {
		data, err := os.ReadFile(filepath.Join(testdataDir, name))
		if err != nil {
			t.Fatal(err)
		}
		m, err := Decode(bytes.NewReader(data), nil)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := Default().Encode(&out, m.Pixels, JPEG, &EncodeOptions{Source: m.Source}); err != nil {
			t.Fatal(err)
		}
		src, err := jpeg.DecodeConfig(bytes.NewReader(data), nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := jpeg.DecodeConfig(bytes.NewReader(out.Bytes()), nil)
		if err != nil {
			t.Fatal(err)
		}
		if !equalDQT(dqt(t, data), dqt(t, out.Bytes())) {
			t.Errorf("%s: DQT differs from the source's", name)
		}
		if (src.Process == jpeg.Progressive) != (got.Process == jpeg.Progressive) || len(src.Components) != len(got.Components) {
			t.Errorf("%s: process %v with %d components, source %v with %d", name, got.Process, len(got.Components), src.Process, len(src.Components))
		}
		for i := range src.Components {
			if i < len(got.Components) && (src.Components[i].H != got.Components[i].H || src.Components[i].V != got.Components[i].V) {
				t.Errorf("%s: component %d sampled %dx%d, source %dx%d", name, i, got.Components[i].H, got.Components[i].V, src.Components[i].H, src.Components[i].V)
			}
		}
		out.Reset()
		if err := Default().Encode(&out, m.Pixels, JPEG, &EncodeOptions{Source: m.Source, Quality: 90}); err != nil {
			t.Fatal(err)
		}
		if equalDQT(dqt(t, data), dqt(t, out.Bytes())) {
			t.Errorf("%s: quality 90 kept the source's tables", name)
		}
	}
	// No source: cjpeg's defaults. cjpeg fed the same PPM writes the same
	// DQT.
	v := pixbuf.New[uint8](40, 56, 3)
	for y := range 40 {
		for x := range 56 {
			v.Set(y, x, 0, uint8(x*4))
			v.Set(y, x, 1, uint8(y*6))
			v.Set(y, x, 2, uint8(x*y))
		}
	}
	var ours, ppm bytes.Buffer
	if err := Encode(&ours, v, JPEG, nil); err != nil {
		t.Fatal(err)
	}
	if err := Encode(&ppm, v, "ppm", nil); err != nil {
		t.Fatal(err)
	}
	theirs := runTool(t, ppm.Bytes(), cjpeg)
	if !equalDQT(dqt(t, ours.Bytes()), dqt(t, theirs)) {
		t.Error("default DQT differs from cjpeg's")
	}
	for _, q := range []int{-1, 101} {
		if err := Encode(&bytes.Buffer{}, v, JPEG, &EncodeOptions{Quality: q}); !errors.Is(err, ErrUnsupported) {
			t.Errorf("quality %d: %v, want ErrUnsupported", q, err)
		}
	}
}

func equalDQT(a, b [][]byte) bool {
	return bytes.Equal(bytes.Join(a, nil), bytes.Join(b, nil))
}

// TestJPEGTransformMatchesJpegtran: the registered transform of a file
// with EXIF orientation 1 gives the pixels (djpeg) of jpegtran with the
// same options, on a perfect and an imperfect size, and reports the
// lossless path; an applied orientation on a tagged file resets the tag.
func TestJPEGTransformMatchesJpegtran(t *testing.T) {
	djpeg, jpegtran := jpegTool(t, "djpeg"), jpegTool(t, "jpegtran")
	flags := map[pixbuf.Orientation][]string{
		pixbuf.FlipHorizontal: {"-flip", "horizontal"}, pixbuf.FlipVertical: {"-flip", "vertical"},
		pixbuf.Rotate90: {"-rotate", "90"}, pixbuf.Rotate180: {"-rotate", "180"}, pixbuf.Rotate270: {"-rotate", "270"},
		pixbuf.Transpose: {"-transpose"}, pixbuf.Transverse: {"-transverse"},
	}
	edges := map[EdgePolicy][]string{EdgesKeep: nil, EdgesTrim: {"-trim"}}
	for _, name := range []string{"video-001.q50.420.jpeg", "video-001.progressive.jpeg", "video-005.gray.q50.jpeg"} {
		data, err := os.ReadFile(filepath.Join(testdataDir, name))
		if err != nil {
			t.Fatal(err)
		}
		for o, flag := range flags {
			for e, eflag := range edges {
				var out bytes.Buffer
				res, err := jpegFormat.Transform(&out, bytes.NewReader(data), Transform{Orientation: o, Edges: e})
				if err != nil {
					t.Fatalf("%s %v: %v", name, o, err)
				}
				if res.Path != PathLossless || res.BytesOut != int64(out.Len()) {
					t.Errorf("%s %v: result %+v", name, o, res)
				}
				args := append(append(append([]string{}, flag...), eflag...), "-copy", "all")
				theirs := runTool(t, data, jpegtran, args...)
				if !djpegView(t, djpeg, out.Bytes()).Equal(djpegView(t, djpeg, theirs)) {
					t.Errorf("%s %v edges %d: pixels differ from jpegtran %v", name, o, e, args)
				}
			}
		}
		// Crop on the grid, with a size that is not a multiple.
		var out bytes.Buffer
		if _, err := jpegFormat.Transform(&out, bytes.NewReader(data), Transform{Crop: image.Rect(16, 16, 61, 45)}); err != nil {
			t.Fatal(err)
		}
		theirs := runTool(t, data, jpegtran, "-crop", "45x29+16+16", "-copy", "all")
		if !djpegView(t, djpeg, out.Bytes()).Equal(djpegView(t, djpeg, theirs)) {
			t.Errorf("%s: crop differs from jpegtran -crop", name)
		}
	}
	// An imperfect transform under EdgesPerfect is refused as unsupported,
	// which sends pixtool to the pixel path.
	data, err := os.ReadFile(filepath.Join(testdataDir, "video-001.q50.420.jpeg"))
	if err != nil {
		t.Fatal(err)
	}
	hdr, err := jpeg.DecodeConfig(bytes.NewReader(data), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !jpeg.Perfect(hdr, pixbuf.FlipHorizontal) {
		_, err := jpegFormat.Transform(&bytes.Buffer{}, bytes.NewReader(data), Transform{Orientation: pixbuf.FlipHorizontal, Edges: EdgesPerfect})
		if !errors.Is(err, ErrUnsupported) {
			t.Errorf("imperfect flip under EdgesPerfect: %v, want ErrUnsupported", err)
		}
	}
	// orient-6.jpg: applying its own orientation gives the displayed
	// pixels with the tag reset.
	data, err = os.ReadFile(filepath.Join(testdataDir, "orient-6.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	shown, err := Decode(bytes.NewReader(data), nil)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	res, err := jpegFormat.Transform(&out, bytes.NewReader(data), Transform{Orientation: shown.Orientation})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(bytes.NewReader(out.Bytes()), nil)
	if err != nil {
		t.Fatal(err)
	}
	// Moved coefficients decode to the rotated pixels within IDCT and
	// upsampling rounding, which are not symmetric to the last bit.
	if d := maxDiff(got.View8, shown.View8); got.Orientation != pixbuf.Identity || d > 3 {
		t.Errorf("orient-6 applied: orientation %v, pixels off by up to %d; changes %+v", got.Orientation, d, res.Changes)
	}
	// Strip keeps no EXIF.
	out.Reset()
	if _, err := jpegFormat.Transform(&out, bytes.NewReader(data), Transform{Orientation: shown.Orientation, Metadata: MetadataStrip}); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out.Bytes(), []byte("Exif\x00\x00")) {
		t.Error("strip kept EXIF")
	}
}
