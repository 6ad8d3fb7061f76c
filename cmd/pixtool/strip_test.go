package main

import (
	"bytes"
	bin "encoding/binary"
	"encoding/json"
	"image"
	"image/color"
	_ "image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testICC returns a version 2 RGB display profile that exiftool reads,
// described as desc and padded with a private tag of pad bytes, so that
// it can be made larger than one JPEG segment.
func testICC(desc string, pad int) []byte {
	be := bin.BigEndian
	text := append([]byte("desc\x00\x00\x00\x00"), be.AppendUint32(nil, uint32(len(desc)+1))...)
	text = append(append(append(text, desc...), 0), make([]byte, 78)...)
	tags := [][2][]byte{
		{[]byte("desc"), text},
		{[]byte("wtpt"), append([]byte("XYZ \x00\x00\x00\x00"), 0, 0, 0xf6, 0xd6, 0, 1, 0, 0, 0, 0, 0xd3, 0x2d)},
		{[]byte("zpad"), append([]byte("data\x00\x00\x00\x00\x00\x00\x00\x01"), bytes.Repeat([]byte{0x5a}, pad)...)},
	}
	table := be.AppendUint32(nil, uint32(len(tags)))
	var body []byte
	for _, tg := range tags {
		table = append(table, tg[0]...)
		table = be.AppendUint32(table, uint32(128+4+12*len(tags)+len(body)))
		table = be.AppendUint32(table, uint32(len(tg[1])))
		body = append(body, tg[1]...)
		for len(body)%4 != 0 {
			body = append(body, 0)
		}
	}
	h := make([]byte, 128)
	be.PutUint32(h, uint32(128+len(table)+len(body)))
	copy(h[8:], "\x02\x10\x00\x00mntrRGB XYZ ")
	copy(h[36:], "acsp")
	copy(h[68:], []byte{0, 0, 0xf6, 0xd6, 0, 1, 0, 0, 0, 0, 0xd3, 0x2d})
	return append(append(h, table...), body...)
}

// tagMetadata writes camera-style metadata into the file at path with
// exiftool: EXIF with GPS, XMP, IPTC (JPEG), a comment, and the ICC
// profile icc.
func tagMetadata(t *testing.T, path string, icc []byte) {
	t.Helper()
	iccPath := filepath.Join(t.TempDir(), "p.icc")
	if err := os.WriteFile(iccPath, icc, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-q", "-overwrite_original", "-Artist=Ada Pixel", "-GPSLatitude=48.8584", "-GPSLatitudeRef=N",
		"-GPSLongitude=2.2945", "-GPSLongitudeRef=E", "-XMP-dc:Creator=Ada Pixel", "-Comment=taken on a walk",
		"-ICC_Profile<=" + iccPath}
	if strings.HasSuffix(path, ".jpg") {
		args = append(args, "-IPTC:Keywords=tower", "-JFIF:XResolution=300", "-JFIF:YResolution=300", "-JFIF:ResolutionUnit=inches")
	}
	tool(t, nil, "exiftool", append(args, path)...)
}

// exifGroups returns exiftool's tags of the file at path (-a -G1) by
// group, and the ICC profile it holds, whole.
func exifGroups(t *testing.T, path string) (map[string][]string, []byte) {
	t.Helper()
	var all []map[string]any
	if err := json.Unmarshal(tool(t, nil, "exiftool", "-j", "-a", "-G1", path), &all); err != nil || len(all) != 1 {
		t.Fatalf("exiftool -j %s: %v", path, err)
	}
	groups := map[string][]string{}
	for k := range all[0] {
		g, name, _ := strings.Cut(k, ":")
		groups[g] = append(groups[g], name)
	}
	icc := tool(t, nil, "exiftool", "-b", "-ICC_Profile", path)
	return groups, icc
}

// privateGroups are exiftool's groups of what --strip removes (IFD0 is
// also a TIFF's own structure: of it, Artist is checked).
var privateGroups = []string{"ExifIFD", "GPS", "IFD1", "XMP-dc", "XMP-x", "IPTC", "Photoshop"}

// checkStripped fails the test unless the file at path holds none of the
// private groups nor a comment, and holds icc as its profile (nil: none).
func checkStripped(t *testing.T, path string, icc []byte) {
	t.Helper()
	groups, got := exifGroups(t, path)
	for _, g := range privateGroups {
		if len(groups[g]) > 0 {
			t.Errorf("%s keeps %s tags %v after --strip", path, g, groups[g])
		}
	}
	for g, names := range groups {
		for _, n := range names {
			if n == "Comment" || n == "Artist" || strings.HasPrefix(g, "XMP") {
				t.Errorf("%s keeps %s:%s after --strip", path, g, n)
			}
		}
	}
	if !bytes.Equal(got, icc) {
		t.Errorf("%s: ICC profile of %d bytes, want %d bytes identical", path, len(got), len(icc))
	}
}

// TestStripJPEGLossless: --strip on the lossless JPEG path leaves no EXIF
// (GPS included), XMP, IPTC or comment, keeps an ICC profile of two
// segments byte for byte, and applies the EXIF orientation to the
// coefficients first, so that the portrait stays upright; --strip-icc
// drops the profile alone; both drop both. exiftool judges.
func TestStripJPEGLossless(t *testing.T) {
	needTool(t, "exiftool", "libimage-exiftool-perl")
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "orient-6.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "p.jpg")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	icc := testICC("pixview test RGB", 70000)
	tagMetadata(t, in, icc)
	if _, got := exifGroups(t, in); !bytes.Equal(got, icc) {
		t.Fatalf("the fixture's ICC profile did not go in whole (%d bytes)", len(got))
	}

	r := mustRun(t, dir, 0, "orient", "--strip", "--json", "-o", "s", "p.jpg")
	rec := onlyRecord(t, r)
	if rec.Path != "lossless" {
		t.Errorf("--strip took the %s path, want lossless", rec.Path)
	}
	for _, item := range []string{"EXIF", "XMP", "IPTC", "comment"} {
		if !strings.Contains(recordChanges(rec), "dropped "+item+":") {
			t.Errorf("the record does not say %s was dropped: %s", item, recordChanges(rec))
		}
	}
	out := filepath.Join(dir, "s", "p.jpg")
	checkStripped(t, out, icc)
	checkUpright(t, out)
	if groups, _ := exifGroups(t, out); len(groups["JFIF"]) == 0 {
		t.Error("--strip dropped the JFIF segment, which holds the resolution")
	}

	mustRun(t, dir, 0, "flip", "--horizontal", "--strip-icc", "-q", "-o", "i", "p.jpg")
	groups, got := exifGroups(t, filepath.Join(dir, "i", "p.jpg"))
	if len(got) != 0 {
		t.Errorf("--strip-icc kept an ICC profile of %d bytes", len(got))
	}
	for _, g := range []string{"GPS", "IFD0", "XMP-dc", "IPTC"} {
		if len(groups[g]) == 0 {
			t.Errorf("--strip-icc dropped the %s tags", g)
		}
	}

	mustRun(t, dir, 0, "rotate", "180", "--strip", "--strip-icc", "-q", "-o", "b", "p.jpg")
	checkStripped(t, filepath.Join(dir, "b", "p.jpg"), nil)
}

// TestStripDecoded: --strip on the decoded path (PNG, TIFF) drops EXIF,
// XMP and text and keeps the ICC profile; the PNG's eXIf orientation is
// applied first.
func TestStripDecoded(t *testing.T) {
	needTool(t, "exiftool", "libimage-exiftool-perl")
	dir := t.TempDir()
	icc := testICC("pixview test RGB", 300)
	for _, name := range []string{"orient-6.png", "video-001.tiff"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		tagMetadata(t, filepath.Join(dir, name), icc)
		r := mustRun(t, dir, 0, "orient", "--strip", "--json", "-o", "s", name)
		if rec := onlyRecord(t, r); !strings.Contains(recordChanges(rec), "dropped XMP: --strip") {
			t.Errorf("%s: the record does not say XMP was dropped: %s", name, recordChanges(rec))
		}
		checkStripped(t, filepath.Join(dir, "s", name), icc)
	}
	checkUpright(t, filepath.Join(dir, "s", "orient-6.png"))
}

// checkUpright fails the test unless the file at path, decoded by the
// standard library (which knows no orientation), shows the orientation
// samples' grid upright: red, green, blue over cyan, magenta, yellow, in
// blocks of 16 pixels.
func checkUpright(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, _, err := image.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := m.Bounds(); b.Dx() != 48 || b.Dy() != 32 {
		t.Fatalf("%s is %dx%d, want 48x32 upright", path, b.Dx(), b.Dy())
	}
	want := [2][3]color.NRGBA{
		{{255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255}},
		{{0, 255, 255, 255}, {255, 0, 255, 255}, {255, 255, 0, 255}},
	}
	for by := range 2 {
		for bx := range 3 {
			c := color.NRGBAModel.Convert(m.At(bx*16+8, by*16+8)).(color.NRGBA)
			w := want[by][bx]
			if absDiff(c.R, w.R) > 64 || absDiff(c.G, w.G) > 64 || absDiff(c.B, w.B) > 64 {
				t.Errorf("%s: block (%d,%d) is %v, want about %v", path, bx, by, c, w)
			}
		}
	}
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}
