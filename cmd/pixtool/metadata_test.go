package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDecodedPathKeepsMetadata: a PNG that goes through the decoded path
// (a quarter turn) keeps its EXIF, XMP and text metadata, as exiftool
// reads them; before, pixtool's encoder was handed the pixels alone.
func TestDecodedPathKeepsMetadata(t *testing.T) {
	needTool(t, "exiftool", "libimage-exiftool-perl")
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "basn2c08.png"))
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "m.png")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	tool(t, nil, "exiftool", "-q", "-overwrite_original", "-Artist=Ada Pixel", "-XMP-dc:Creator=Ada Pixel", "-PNG:Comment=kept", in)
	r := mustRun(t, dir, 0, "rotate", "90", "--json", "-o", filepath.Join(dir, "out"), "m.png")
	if !strings.Contains(r.stdout, `"decoded"`) {
		t.Fatalf("the turn did not take the decoded path:\n%s", r.stdout)
	}
	got := string(tool(t, nil, "exiftool", "-j", "-G1", "-Artist", "-Creator", "-Comment", filepath.Join(dir, "out", "m.png")))
	for _, want := range []string{`"PNG:Artist": "Ada Pixel"`, `"XMP-dc:Creator": "Ada Pixel"`, `"PNG:Comment": "kept"`} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %s:\n%s", want, got)
		}
	}
}

// TestConvertKeepsMetadata: JPEG → PNG → JPEG through pixtool convert
// keeps the EXIF (GPS and maker-style fields), the XMP and the ICC
// profile (larger than one JPEG segment, byte for byte); the comment
// becomes PNG text and comes back. exiftool judges each step.
func TestConvertKeepsMetadata(t *testing.T) {
	needTool(t, "exiftool", "libimage-exiftool-perl")
	dir := t.TempDir()
	src := jpegFixture(t, dir, "cam.jpg", 64, 48, 1)
	icc := testICC("pixview test RGB", 70000)
	tagMetadata(t, src, icc)
	tool(t, nil, "exiftool", "-q", "-overwrite_original", "-Make=Pixview", "-Model=Test Camera", "-DateTimeOriginal=2026:11:30 12:00:00", src)
	mustRun(t, dir, 0, "convert", "--to", "png", "-q", "-o", "png", "cam.jpg")
	mustRun(t, filepath.Join(dir, "png"), 0, "convert", "--to", "jpeg", "-q", "-o", filepath.Join(dir, "back"), "cam.png")
	want := keptTags(t, src)
	for _, out := range []string{filepath.Join(dir, "png", "cam.png"), filepath.Join(dir, "back", "cam.jpg")} {
		got := keptTags(t, out)
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %s = %q, want %q", filepath.Base(out), k, got[k], v)
			}
		}
		if _, p := exifGroups(t, out); !bytes.Equal(p, icc) {
			t.Errorf("%s: ICC profile of %d bytes, want the %d bytes of the source", filepath.Base(out), len(p), len(icc))
		}
	}
}

// keptTags returns the values exiftool reads for the tags a conversion
// must keep, by name without group (a JPEG's EXIF is IFD0, a PNG's
// eXIf too; the comment is File:Comment in JPEG and PNG:Comment in PNG).
func keptTags(t *testing.T, path string) map[string]string {
	t.Helper()
	var all []map[string]any
	out := tool(t, nil, "exiftool", "-j", "-n", "-Make", "-Model", "-Artist", "-DateTimeOriginal", "-GPSLatitude",
		"-GPSLongitude", "-XMP-dc:Creator", "-ProfileDescription", path)
	if err := json.Unmarshal(out, &all); err != nil || len(all) != 1 {
		t.Fatalf("exiftool -j %s: %v", path, err)
	}
	tags := map[string]string{}
	for k, v := range all[0] {
		if k != "SourceFile" {
			tags[k] = fmt.Sprint(v)
		}
	}
	return tags
}
