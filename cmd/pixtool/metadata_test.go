package main

import (
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
