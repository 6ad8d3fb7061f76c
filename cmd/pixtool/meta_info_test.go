package main

import (
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestInfoMetadata checks that info names the metadata exiftool wrote
// into a PNG: EXIF with make, model, date and GPS, and XMP; and that a
// file without metadata shows none.
func TestInfoMetadata(t *testing.T) {
	exiftool := needTool(t, "exiftool", "libimage-exiftool-perl")
	dir := t.TempDir()
	writePNG(t, filepath.Join(dir, "tagged.png"), pattern(4, 3, 3, 8))
	writePNG(t, filepath.Join(dir, "plain.png"), pattern(4, 3, 3, 8))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, exiftool, "-q", "-overwrite_original", "-Make=Canon", "-Model=EOS 5D",
		"-DateTimeOriginal=2024:05:06 07:08:09", "-GPSLatitude=48.85", "-GPSLatitudeRef=N",
		"-XMP-dc:Title=faithful", filepath.Join(dir, "tagged.png")).CombinedOutput()
	if err != nil {
		t.Fatalf("exiftool: %v\n%s", err, out)
	}
	r := mustRun(t, dir, 0, "info", "--json", "tagged.png", "plain.png")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("output:\n%s", r.stdout)
	}
	var tagged, plain infoLine
	if err := json.Unmarshal([]byte(lines[0]), &tagged); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &plain); err != nil {
		t.Fatal(err)
	}
	m := tagged.Metadata
	if m == nil || m.EXIF == nil || m.EXIF.Make != "Canon" || m.EXIF.Model != "EOS 5D" ||
		m.EXIF.DateTime != "2024:05:06 07:08:09" || !m.EXIF.GPS || m.XMP == nil {
		t.Errorf("tagged.png: metadata %+v (exif %+v)", m, m.EXIF)
	}
	if plain.Metadata != nil {
		t.Errorf("plain.png: metadata %+v", plain.Metadata)
	}
	text := mustRun(t, dir, 0, "info", "tagged.png").stdout
	if !strings.Contains(text, "exif(Canon EOS 5D, 2024:05:06 07:08:09, gps)") || !strings.Contains(text, "xmp") {
		t.Errorf("text line lacks the metadata: %q", text)
	}
}
