package gif

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pixview/pixview/codec/codecerr"
)

// still returns a one-frame GIF made by image/gif.
func still(t testing.TB) []byte {
	t.Helper()
	m := image.NewPaletted(image.Rect(0, 0, 5, 3), color.Palette{color.Black, color.White})
	for i := range m.Pix {
		m.Pix[i] = uint8(i % 2)
	}
	var b bytes.Buffer
	if err := gif.Encode(&b, m, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const testXMP = `<?xpacket begin="` + "\ufeff" + `" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">faithful GIF</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`

// TestScanCounts checks Scan's frame count against image/gif's DecodeAll,
// on a still image, an animation and the fuzz seeds.
func TestScanCounts(t *testing.T) {
	inputs := map[string][]byte{"still": still(t), "animation": animation(t)}
	seeds, _ := filepath.Glob("testdata/fuzz/FuzzTransform/*")
	for _, s := range seeds {
		inputs[s] = seedBytes(t, s)
	}
	for name, in := range inputs {
		info, err := Scan(in)
		g, gerr := gif.DecodeAll(bytes.NewReader(in))
		if gerr != nil {
			if err == nil && !strings.Contains(name, "truncated") {
				t.Errorf("%s: Scan accepts what image/gif refuses (%v)", name, gerr)
			}
			continue
		}
		if err != nil || info.Frames != len(g.Image) {
			t.Errorf("%s: %d frames (%v), image/gif decodes %d", name, info.Frames, err, len(g.Image))
		}
	}
	// A truncated animation still says it holds several frames.
	a := animation(t)
	info, err := Scan(a[:len(a)-5])
	if !errors.Is(err, codecerr.ErrFormat) || info.Frames < 2 {
		t.Errorf("truncated: %d frames, %v", info.Frames, err)
	}
}

// seedBytes reads the []byte of a "go test fuzz v1" corpus file.
func seedBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, v, ok := strings.Cut(string(b), "[]byte(")
	if !ok {
		t.Fatalf("%s: not a fuzz corpus file", path)
	}
	var s string
	if _, err := fmt.Sscanf(strings.TrimSuffix(strings.TrimSpace(v), ")"), "%q", &s); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return []byte(s)
}

// TestInsertMetadataExiftool has exiftool judge InsertMetadata: the
// comments and the XMP packet it writes read back as exiftool reads those
// of a GIF exiftool wrote itself, Scan reads exiftool's, and image/gif
// still decodes the file.
func TestInsertMetadataExiftool(t *testing.T) {
	need(t, "exiftool")
	dir := t.TempDir()
	ref := filepath.Join(dir, "ref.gif")
	os.WriteFile(ref, still(t), 0o644)
	run(t, "exiftool", "-q", "-overwrite_original", "-Comment=first comment", "-XMP-dc:Title=faithful GIF", ref)
	refData, _ := os.ReadFile(ref)
	info, err := Scan(refData)
	if err != nil || len(info.Comments) != 1 || info.Comments[0] != "first comment" || !bytes.Contains(info.XMP, []byte("faithful GIF")) {
		t.Fatalf("Scan of exiftool's GIF: %+v, %v", info, err)
	}
	long := strings.Repeat("a comment longer than one sub-block; ", 12)
	out, err := InsertMetadata(still(t), []string{"first comment", long}, []byte(testXMP))
	if err != nil {
		t.Fatal(err)
	}
	ours := filepath.Join(dir, "ours.gif")
	os.WriteFile(ours, out, 0o644)
	if _, err := gif.Decode(bytes.NewReader(out)); err != nil {
		t.Fatalf("image/gif: %v", err)
	}
	var tags []map[string]any
	if err := json.Unmarshal([]byte(run(t, "exiftool", "-q", "-j", "-G1", "-Comment", "-XMP-dc:Title", "-Warning", ref, ours)), &tags); err != nil {
		t.Fatal(err)
	}
	if tags[0]["XMP-dc:Title"] != "faithful GIF" || tags[1]["XMP-dc:Title"] != "faithful GIF" {
		t.Errorf("XMP title: exiftool's file %v, ours %v", tags[0]["XMP-dc:Title"], tags[1]["XMP-dc:Title"])
	}
	if w, ok := tags[1]["ExifTool:Warning"]; ok {
		t.Errorf("exiftool warns: %v", w)
	}
	// exiftool joins several comments with a newline... or keeps the
	// last: either way, ours must hold both texts.
	if c := fmt.Sprint(tags[1]["File:Comment"]); !strings.Contains(c, "first comment") && !strings.Contains(c, strings.TrimSpace(long)) {
		t.Errorf("comment %q", c)
	}
	back, err := Scan(out)
	if err != nil || !slices.Equal(back.Comments, []string{"first comment", long}) || string(back.XMP) != testXMP {
		t.Errorf("Scan of ours: %+v, %v", back, err)
	}
	if _, err := InsertMetadata(still(t), nil, []byte("a\x00b")); !errors.Is(err, codecerr.ErrUnsupported) {
		t.Errorf("XMP with NUL: %v", err)
	}
}

// FuzzScan checks that Scan never panics, and that what InsertMetadata
// writes into a file Scan accepts scans again with the same frames and
// the comments and XMP put first.
func FuzzScan(f *testing.F) {
	f.Add(still(f))
	f.Add(animation(f))
	f.Fuzz(func(t *testing.T, in []byte) {
		info, err := Scan(in)
		if info == nil {
			t.Fatal("nil Info")
		}
		if err != nil {
			return
		}
		out, err := InsertMetadata(in, []string{"x"}, []byte("<x/>"))
		if err != nil {
			t.Fatalf("InsertMetadata: %v", err)
		}
		back, err := Scan(out)
		if err != nil || back.Frames != info.Frames || len(back.Comments) != len(info.Comments)+1 || back.Comments[0] != "x" || string(back.XMP) != "<x/>" {
			t.Fatalf("after insertion: %+v, %v (was %+v)", back, err, info)
		}
	})
}
