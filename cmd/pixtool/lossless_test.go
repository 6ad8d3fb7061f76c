package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tool runs an outside tool with a timeout and returns its stdout.
func tool(t *testing.T, stdin []byte, name string, args ...string) []byte {
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

// jpegFixture writes a cjpeg-made JPEG of w x h pixels to dir/name, with
// cjpeg's extra arguments, and EXIF orientation o when o > 1, and returns
// its path.
func jpegFixture(t *testing.T, dir, name string, w, h, o int, args ...string) string {
	t.Helper()
	m := pattern(w, h, 3, 8)
	ppm := filepath.Join(dir, name+".ppm")
	writePNM(t, ppm, m, "P6")
	data := tool(t, nil, "cjpeg", append(append([]string{}, args...), ppm)...)
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if o > 1 {
		tool(t, nil, "exiftool", "-q", "-overwrite_original", "-n", "-Orientation="+string(rune('0'+o)), path)
	}
	return path
}

// djpegOf returns djpeg -pnm of the file at path.
func djpegOf(t *testing.T, path string) []byte {
	t.Helper()
	return tool(t, nil, "djpeg", "-dct", "int", "-pnm", path)
}

// records returns the per-file records of a --json run by input name.
func records(t *testing.T, out string) map[string]record {
	t.Helper()
	recs := map[string]record{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		if r.Type == "file" {
			recs[filepath.Base(r.Input)] = r
		}
	}
	return recs
}

// dqtOf returns the DQT segments of a JPEG file, concatenated.
func dqtOf(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []byte
	for i := 2; i+4 <= len(data) && data[i+1] != 0xda; {
		n := int(data[i+2])<<8 | int(data[i+3])
		if data[i+1] == 0xdb {
			out = append(out, data[i+4:i+2+n]...)
		}
		i += 2 + n
	}
	return out
}

// TestLosslessJPEGAgainstJpegtran: pixtool's flips and turns of
// cjpeg-made JPEGs (4:2:0, 4:4:4, gray, progressive; perfect sizes) take
// the lossless path and decode (djpeg) exactly as jpegtran's output with
// the same options; on a file tagged 6 or 3, "as displayed" with the tag
// reset is jpegtran of the composed transform; orient gives jpegtran
// -auto-orient's pixels and Orientation 1; an imperfect size takes the
// pixel path with the source's tables, --trim gives jpegtran -trim, and
// --quality forces the pixel path.
func TestLosslessJPEGAgainstJpegtran(t *testing.T) {
	for _, n := range []string{"cjpeg", "djpeg", "jpegtran", "exiftool"} {
		needTool(t, n, "libjpeg-turbo-progs / libimage-exiftool-perl")
	}
	dir := t.TempDir()
	type fixture struct {
		name string
		w, h int
		args []string
	}
	fixtures := []fixture{
		{"s420.jpg", 64, 48, []string{"-quality", "90"}},
		{"s444.jpg", 40, 24, []string{"-sample", "1x1", "-quality", "85"}},
		{"gray.jpg", 32, 16, []string{"-grayscale"}},
		{"prog.jpg", 48, 32, []string{"-progressive", "-quality", "80"}},
	}
	cmds := []struct {
		args     []string
		jpegtran []string
	}{
		{[]string{"flip", "--horizontal"}, []string{"-flip", "horizontal"}},
		{[]string{"flip", "--vertical"}, []string{"-flip", "vertical"}},
		{[]string{"rotate", "90"}, []string{"-rotate", "90"}},
		{[]string{"rotate", "270"}, []string{"-rotate", "270"}},
		{[]string{"transpose"}, []string{"-transpose"}},
		{[]string{"transverse"}, []string{"-transverse"}},
	}
	for _, f := range fixtures {
		jpegFixture(t, dir, f.name, f.w, f.h, 1, f.args...)
	}
	for i, c := range cmds {
		out := filepath.Join(dir, "out", string(rune('a'+i)))
		args := append(append(append([]string{}, c.args...), "--json", "-q", "-o", out), "s420.jpg", "s444.jpg", "gray.jpg", "prog.jpg")
		r := pixtool(t, dir, nil, args...)
		if r.code != 0 {
			t.Fatalf("pixtool %v: exit %d: %s", args, r.code, r.stderr)
		}
		recs := records(t, r.stdout)
		for _, f := range fixtures {
			if recs[f.name].Path != "lossless" {
				t.Errorf("%v %s: path %q, want lossless", c.args, f.name, recs[f.name].Path)
			}
			theirs := filepath.Join(dir, "jt.jpg")
			data := tool(t, nil, "jpegtran", append(append(append([]string{}, c.jpegtran...), "-copy", "all"), filepath.Join(dir, f.name))...)
			if err := os.WriteFile(theirs, data, 0o644); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(djpegOf(t, filepath.Join(out, f.name)), djpegOf(t, theirs)) {
				t.Errorf("%v %s: djpeg differs from jpegtran %v", c.args, f.name, c.jpegtran)
			}
		}
	}

	// Tagged files: flip --horizontal as displayed. Tag 6 (turn 90
	// clockwise to show): with the tag reset, the stored pixels get
	// rotate 90 then flip horizontal, which is transverse... jpegtran
	// composes the same from its own options on the stored file.
	for _, tc := range []struct {
		o        int
		jpegtran [][]string
	}{
		{6, [][]string{{"-rotate", "90"}, {"-flip", "horizontal"}}},
		{3, [][]string{{"-rotate", "180"}, {"-flip", "horizontal"}}},
	} {
		name := "tag" + string(rune('0'+tc.o)) + ".jpg"
		src := jpegFixture(t, dir, name, 64, 48, tc.o, "-quality", "90")
		out := filepath.Join(dir, "tagged")
		r := mustRun(t, dir, 0, "flip", "--horizontal", "--json", "-q", "-o", out, name)
		rec := records(t, r.stdout)[name]
		if rec.Path != "lossless" {
			t.Errorf("tag %d: path %q", tc.o, rec.Path)
		}
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, step := range tc.jpegtran {
			data = tool(t, data, "jpegtran", append(step, "-copy", "all")...)
		}
		want := filepath.Join(dir, "want.jpg")
		if err := os.WriteFile(want, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got := filepath.Join(out, name)
		strategy := ""
		for _, ch := range rec.Changes {
			if ch.Item == "orientation-strategy" {
				strategy = ch.Detail
			}
		}
		if strings.HasPrefix(strategy, strategyReset) {
			if !bytes.Equal(djpegOf(t, got), djpegOf(t, want)) {
				t.Errorf("tag %d: djpeg differs from jpegtran %v", tc.o, tc.jpegtran)
			}
			if o := strings.TrimSpace(string(tool(t, nil, "exiftool", "-s3", "-n", "-Orientation", got))); o != "1" {
				t.Errorf("tag %d: Orientation %q after reset", tc.o, o)
			}
		} else if !strings.HasPrefix(strategy, strategyKeep) {
			t.Errorf("tag %d: no strategy recorded: %+v", tc.o, rec.Changes)
		}
	}

	// orient: jpegtran -auto-orient is the judge (libjpeg-turbo 2.1+ has
	// it; older ones skip this part).
	orientSrc := jpegFixture(t, dir, "o6.jpg", 64, 48, 6, "-quality", "90")
	mustRun(t, dir, 0, "orient", "-q", "-o", filepath.Join(dir, "oriented"), "o6.jpg")
	got := filepath.Join(dir, "oriented", "o6.jpg")
	if o := strings.TrimSpace(string(tool(t, nil, "exiftool", "-s3", "-n", "-Orientation", got))); o != "1" {
		t.Errorf("orient: Orientation %q", o)
	}
	if help, _ := exec.Command("jpegtran", "-help").CombinedOutput(); bytes.Contains(help, []byte("-auto-orient")) {
		data := tool(t, nil, "jpegtran", "-auto-orient", "-copy", "all", orientSrc)
		want := filepath.Join(dir, "ao.jpg")
		if err := os.WriteFile(want, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(djpegOf(t, got), djpegOf(t, want)) {
			t.Error("orient: djpeg differs from jpegtran -auto-orient")
		}
	}

	// Imperfect size: default is the pixel path with the source's tables;
	// --trim is jpegtran -trim; --perfect refuses; --quality decodes.
	jpegFixture(t, dir, "odd.jpg", 61, 45, 1, "-quality", "90")
	r := mustRun(t, dir, 0, "flip", "--horizontal", "--json", "-q", "-o", filepath.Join(dir, "odd"), "odd.jpg")
	if p := records(t, r.stdout)["odd.jpg"].Path; p != "decoded" {
		t.Errorf("imperfect default: path %q, want decoded", p)
	}
	if !bytes.Equal(dqtOf(t, filepath.Join(dir, "odd", "odd.jpg")), dqtOf(t, filepath.Join(dir, "odd.jpg"))) {
		t.Error("imperfect default: DQT differs from the source's")
	}
	r = mustRun(t, dir, 0, "flip", "--horizontal", "--trim", "--json", "-q", "-o", filepath.Join(dir, "trim"), "odd.jpg")
	if p := records(t, r.stdout)["odd.jpg"].Path; p != "lossless" {
		t.Errorf("--trim: path %q, want lossless", p)
	}
	data := tool(t, nil, "jpegtran", "-flip", "horizontal", "-trim", "-copy", "all", filepath.Join(dir, "odd.jpg"))
	if err := os.WriteFile(filepath.Join(dir, "jt-trim.jpg"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(djpegOf(t, filepath.Join(dir, "trim", "odd.jpg")), djpegOf(t, filepath.Join(dir, "jt-trim.jpg"))) {
		t.Error("--trim: djpeg differs from jpegtran -trim")
	}
	if r := pixtool(t, dir, nil, "flip", "--horizontal", "--perfect", "-q", "-o", filepath.Join(dir, "perfect"), "odd.jpg"); r.code == 0 {
		t.Error("--perfect accepted an imperfect file")
	}
	r = mustRun(t, dir, 0, "flip", "--horizontal", "--quality", "90", "--json", "-q", "-o", filepath.Join(dir, "q90"), "s420.jpg")
	if p := records(t, r.stdout)["s420.jpg"].Path; p != "decoded" {
		t.Errorf("--quality 90: path %q, want decoded", p)
	}

	// convert --to jpeg --progressive: the coefficient path, progressive
	// output, the same pixels as jpegtran -progressive.
	r = mustRun(t, dir, 0, "convert", "--to", "jpeg", "--progressive", "--json", "-q", "-o", filepath.Join(dir, "prog"), "s420.jpg")
	if p := records(t, r.stdout)["s420.jpg"].Path; p != "lossless" {
		t.Errorf("convert --progressive: path %q, want lossless", p)
	}
	got = filepath.Join(dir, "prog", "s420.jpg")
	if !bytes.Contains(tool(t, nil, "exiftool", "-s3", "-EncodingProcess", got), []byte("Progressive")) {
		t.Error("convert --progressive: output is not progressive")
	}
	data = tool(t, nil, "jpegtran", "-progressive", "-copy", "all", filepath.Join(dir, "s420.jpg"))
	if err := os.WriteFile(filepath.Join(dir, "jt-prog.jpg"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(djpegOf(t, got), djpegOf(t, filepath.Join(dir, "jt-prog.jpg"))) {
		t.Error("convert --progressive: djpeg differs from jpegtran -progressive")
	}
}

// TestLosslessJPEGInPlace: flip --in-place over a perfect and an
// imperfect JPEG leaves each a valid JPEG after every run, and the perfect
// one, flipped three times in place, byte-identical to one flip to a new
// file (a flip is its own inverse on coefficients, and the writer is
// deterministic).
func TestLosslessJPEGInPlace(t *testing.T) {
	for _, n := range []string{"cjpeg", "djpeg"} {
		needTool(t, n, "libjpeg-turbo-progs")
	}
	dir := t.TempDir()
	perfect := jpegFixture(t, dir, "p.jpg", 64, 48, 1, "-quality", "90", "-optimize")
	jpegFixture(t, dir, "odd.jpg", 61, 45, 1, "-quality", "90")
	once := filepath.Join(dir, "once.jpg")
	mustRun(t, dir, 0, "flip", "--horizontal", "-q", "-o", filepath.Join(dir, "o"), "p.jpg")
	if err := os.Rename(filepath.Join(dir, "o", "p.jpg"), once); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		mustRun(t, dir, 0, "flip", "--horizontal", "--in-place", "-q", "p.jpg", "odd.jpg")
		for _, name := range []string{"p.jpg", "odd.jpg"} {
			if len(djpegOf(t, filepath.Join(dir, name))) == 0 {
				t.Errorf("%s: djpeg wrote nothing", name)
			}
		}
	}
	// Twice flipped: the coefficients are the original's again; once more
	// equals the first flip's bytes.
	mustRun(t, dir, 0, "flip", "--horizontal", "--in-place", "-q", "p.jpg")
	a, err := os.ReadFile(perfect)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(once)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("three in-place flips differ from one flip")
	}
}

// TestLosslessJPEGMetadata: exiftool -a -G1 -j of a lossless flip equals
// that of jpegtran -copy all's flip, but for the file system's tags; with
// a turn of a file tagged 3, only Orientation (reset to 1) differs from
// jpegtran's composed turn, which keeps the tag.
func TestLosslessJPEGMetadata(t *testing.T) {
	for _, n := range []string{"cjpeg", "jpegtran", "exiftool"} {
		needTool(t, n, "libjpeg-turbo-progs / libimage-exiftool-perl")
	}
	dir := t.TempDir()
	src := jpegFixture(t, dir, "m.jpg", 64, 48, 3, "-quality", "90")
	tool(t, nil, "exiftool", "-q", "-overwrite_original", "-Artist=pixview test", "-XMP-dc:Title=flip me", "-Comment=kept", src)
	mustRun(t, dir, 0, "flip", "--horizontal", "-q", "-o", filepath.Join(dir, "out"), "m.jpg")
	// Tag 3 then flip-h as displayed is flip-v of the stored pixels
	// (reset strategy): jpegtran -flip vertical keeps the tag at 3.
	theirs := filepath.Join(dir, "jt.jpg")
	if err := os.WriteFile(theirs, tool(t, nil, "jpegtran", "-flip", "vertical", "-copy", "all", src), 0o644); err != nil {
		t.Fatal(err)
	}
	tags := func(path string) map[string]any {
		var v []map[string]any
		if err := json.Unmarshal(tool(t, nil, "exiftool", "-a", "-G1", "-j", path), &v); err != nil || len(v) != 1 {
			t.Fatalf("exiftool %s: %v", path, err)
		}
		for k := range v[0] {
			if k == "SourceFile" || strings.HasPrefix(k, "System:") || k == "ExifTool:ExifToolVersion" {
				delete(v[0], k)
			}
		}
		return v[0]
	}
	got, want := tags(filepath.Join(dir, "out", "m.jpg")), tags(theirs)
	for k, w := range want {
		g := got[k]
		if strings.HasSuffix(k, ":Orientation") {
			if g != "Horizontal (normal)" {
				t.Errorf("%s = %v, want reset to 1", k, g)
			}
			continue
		}
		if g2, w2 := jsonText(g), jsonText(w); g2 != w2 {
			t.Errorf("%s = %s, jpegtran's %s", k, g2, w2)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s only in pixtool's output", k)
		}
	}
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestLosslessJPEGExtraImages: a JPEG holding extra images (an MPF APP2
// segment, as in multi-picture files and UltraHDR gain maps) is refused
// and left byte-identical, whether its size is perfect for the transform
// (lossless path) or not (where the pixel path would write the primary
// image alone), and when converted (the decoded path).
func TestLosslessJPEGExtraImages(t *testing.T) {
	needTool(t, "cjpeg", "libjpeg-turbo-progs")
	dir := t.TempDir()
	for _, f := range []struct {
		name string
		w, h int
	}{{"perfect.jpg", 64, 48}, {"odd.jpg", 61, 45}} {
		path := jpegFixture(t, dir, f.name, f.w, f.h, 1, "-quality", "90")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		mpf := append([]byte{0xff, 0xe2, 0, 10}, "MPF\x00II*\x00"...)
		data = append(append(append([]byte{}, data[:2]...), mpf...), data[2:]...)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		r := mustRun(t, dir, 1, "flip", "--horizontal", "--in-place", "-q", f.name)
		if !strings.Contains(r.stderr, "extra images") {
			t.Errorf("%s: stderr does not name the extra images:\n%s", f.name, r.stderr)
		}
		// Converting decodes: the primary image alone would be written,
		// to PNG as to PPM (the band-by-band path).
		for _, to := range []string{"png", "ppm"} {
			r := mustRun(t, dir, 1, "convert", "--to", to, "--out", "out-"+to, "-q", f.name)
			if !strings.Contains(r.stderr, "extra images") {
				t.Errorf("%s: convert --to %s: stderr does not name the extra images:\n%s", f.name, to, r.stderr)
			}
			if _, err := os.Stat(filepath.Join(dir, "out-"+to)); err == nil {
				if ents, _ := os.ReadDir(filepath.Join(dir, "out-"+to)); len(ents) > 0 {
					t.Errorf("%s: convert --to %s wrote %s", f.name, to, ents[0].Name())
				}
			}
		}
		after, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(after, data) {
			t.Errorf("%s: the refused file changed", f.name)
		}
	}
}
