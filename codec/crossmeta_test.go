package codec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	ptiff "github.com/pixview/pixview/codec/tiff"
	"github.com/pixview/pixview/pixbuf"
)

// bigICC is a valid display profile of 70 KB, more than one JPEG APP2
// segment holds (codec/meta's test builder made it; testdata/README.md).
const bigICC = "testdata/big.icc"

// cameraTags are the exiftool assignments that give a file camera-style
// metadata: EXIF with GPS, date and author, XMP, IPTC, a comment, the ICC
// profile and orientation 6 (turn 90° clockwise to show).
func cameraTags() []string {
	return []string{"-q", "-overwrite_original",
		"-IFD0:Make=Canon", "-IFD0:Model=EOS 5D Mark IV",
		"-IFD0:XResolution=300", "-IFD0:YResolution=300", "-IFD0:ResolutionUnit=inches", "-IFD0:Artist=Ann Example", "-IFD0:Copyright=(c) Ann",
		"-ExifIFD:DateTimeOriginal=2024:05:06 07:08:09", "-ExifIFD:ExposureTime=1/250", "-ExifIFD:FNumber=2.8",
		"-ExifIFD:ISO=400", "-ExifIFD:LensModel=EF24-70mm f/2.8L II USM",
		"-GPS:GPSLatitude=48.8566", "-GPS:GPSLatitudeRef=N", "-GPS:GPSLongitude=2.3522", "-GPS:GPSLongitudeRef=E",
		"-GPS:GPSAltitude=35", "-XMP-dc:Title=faithful files", "-XMP-dc:Creator=Ann Example", "-XMP-xmp:Rating=4",
		"-IPTC:Keywords=paris", "-IPTC:By-line=Ann Example", "-IPTC:City=Paris",
		"-Comment=a comment that travels", "-ICC_Profile<=" + bigICC, "-IFD0:Orientation#=6",
		"-ExifIFD:ExifImageWidth#=12", "-ExifIFD:ExifImageHeight#=8"}
}

// sourceFile writes a 12x8 RGB image in format f, gives it cameraTags with
// exiftool and returns its path.
func sourceFile(t *testing.T, dir, f string) string {
	t.Helper()
	exiftool := jpegTool(t, "exiftool")
	v := patternView(8, 12, 3)
	path := filepath.Join(dir, "src."+f)
	if f == "tif" {
		// A TIFF as a camera or a scanner writes it; codec/tiff adds no
		// tags of its own.
		var b bytes.Buffer
		if _, err := ptiff.Encode(&b, []ptiff.Page{{Pix8: v.Clone(), Compression: ptiff.LZW}}); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	} else if f == "mm.tif" {
		// A big-endian TIFF, as ImageMagick writes it on request.
		png := filepath.Join(dir, "mm.png")
		if err := Save(png, v, nil); err != nil {
			t.Fatal(err)
		}
		runTool(t, nil, jpegTool(t, "convert"), png, "-define", "tiff:endian=msb", "-compress", "none", path)
		if b, _ := os.ReadFile(path); !bytes.HasPrefix(b, []byte("MM\x00*")) {
			t.Fatalf("ImageMagick wrote %q, not a big-endian TIFF", b[:min(4, len(b))])
		}
	} else if err := Save(path, v, nil); err != nil {
		t.Fatal(err)
	}
	runTool(t, nil, exiftool, append(cameraTags(), path)...)
	return path
}

// surviving are the exiftool groups (-G1) whose every tag must reach any
// target that holds the part: EXIF's IFDs, GPS, XMP, IPTC and the ICC
// profile's description.
func surviving(k string) bool {
	for _, g := range []string{"ExifIFD:", "GPS:", "InteropIFD:", "XMP-", "IPTC:", "ICC-header:", "ICC_Profile:"} {
		if strings.HasPrefix(k, g) {
			return true
		}
	}
	switch k {
	case "IFD0:Make", "IFD0:Model", "IFD0:Artist", "IFD0:Copyright", "IFD0:XResolution", "IFD0:YResolution", "IFD0:ResolutionUnit":
		return true
	}
	return false
}

// comment returns the comment exiftool reads from a file of any format
// (JPEG COM, GIF comment extension, PNG Comment text).
func comment(t *testing.T, file string) string {
	t.Helper()
	return string(runTool(t, nil, jpegTool(t, "exiftool"), "-b", "-Comment", file))
}

// iccOf returns the ICC profile exiftool extracts from a file.
func iccOf(t *testing.T, file string) []byte {
	t.Helper()
	return runTool(t, nil, jpegTool(t, "exiftool"), "-b", "-ICC_Profile", file)
}

// TestMetadataAcrossFormats has exiftool judge metadata moved between
// formats through Load and Save with Image.Metadata: for each source
// format and target, the tags of EXIF (GPS, date, camera, author), XMP,
// IPTC and the ICC profile read the same in source and target, the ICC
// profile is byte-identical, the comment travels where the target has a
// place for it, the orientation, applied to the pixels, is written as 1,
// the EXIF dimensions follow the turned image, and whatever the target
// cannot hold is in the Changes — and only that.
func TestMetadataAcrossFormats(t *testing.T) {
	icc, err := os.ReadFile(bigICC)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	type pair struct {
		from, to string
		dropped  []string // the Changes' items, sorted
		lost     []string // exiftool groups the target has no place for
	}
	pairs := []pair{
		{from: "jpg", to: "png"},
		{from: "jpg", to: "tif", dropped: []string{"comment 1"}},
		{from: "jpg", to: "jpg"},
		{from: "png", to: "jpg"},
		{from: "png", to: "tif", dropped: []string{"text \"Comment\""}},
		{from: "tif", to: "jpg"},
		{from: "tif", to: "png"},
		{from: "mm.tif", to: "jpg"},
		{from: "mm.tif", to: "tif"},
		{from: "jpg", to: "gif", dropped: []string{"EXIF", "ICC", "IPTC", "resolution"},
			lost: []string{"ExifIFD:", "GPS:", "InteropIFD:", "IPTC:", "ICC", "IFD0:"}},
		{from: "jpg", to: "bmp", dropped: []string{"EXIF", "ICC", "IPTC", "XMP", "comment 1", "resolution"},
			lost: []string{"ExifIFD:", "GPS:", "InteropIFD:", "IPTC:", "ICC", "IFD0:", "XMP-"}},
	}
	sources := map[string]string{}
	for _, p := range pairs {
		t.Run(p.from+"-to-"+p.to, func(t *testing.T) {
			src, ok := sources[p.from]
			if !ok {
				src = sourceFile(t, dir, p.from)
				sources[p.from] = src
			}
			img, err := Load(src, nil)
			if err != nil {
				t.Fatal(err)
			}
			if img.Metadata == nil {
				t.Fatal("no metadata read")
			}
			if h, w, _ := img.Shape(); w != 8 || h != 12 {
				t.Fatalf("decoded %dx%d, want the turned 8x12", w, h)
			}
			out := filepath.Join(dir, p.from+"-to-"+p.to+"."+p.to)
			var changes []Change
			if err := Save(out, img.View8, &EncodeOptions{Metadata: img.Metadata, Changes: &changes}); err != nil {
				t.Fatal(err)
			}
			var items []string
			for _, c := range changes {
				if c.Kind != Dropped {
					t.Errorf("change %+v", c)
				}
				items = append(items, c.Item)
			}
			slices.Sort(items)
			if !slices.Equal(items, p.dropped) {
				t.Errorf("dropped %v, want %v", items, p.dropped)
			}
			a, b := exiftoolTags(t, src), exiftoolTags(t, out)
			lost := func(k string) bool {
				return slices.ContainsFunc(p.lost, func(g string) bool { return strings.HasPrefix(k, g) })
			}
			n := 0
			for k, va := range a {
				switch {
				case !surviving(k):
					continue
				case k == "ExifIFD:ExifImageWidth" || k == "ExifIFD:ExifImageHeight" || k == "IFD0:Orientation":
					continue // checked below
				case strings.HasSuffix(p.from, "tif") && strings.HasPrefix(k, "IFD0:") && strings.Contains(k, "Resolution"):
					continue // a TIFF page's own resolution becomes JFIF density or pHYs, checked below
				case lost(k):
					if _, ok := b[k]; ok {
						t.Errorf("%s kept where %s has no place for it", k, p.to)
					}
					continue
				}
				n++
				if vb, ok := b[k]; !ok || fmt.Sprint(va) != fmt.Sprint(vb) {
					t.Errorf("%s: %.80v became %.80v", k, va, vb)
				}
			}
			if n < 10 && len(p.lost) == 0 {
				t.Errorf("only %d tags compared", n)
			}
			if !lost("IFD0:") {
				if o := b["IFD0:Orientation"]; o != nil && o != "Horizontal (normal)" {
					t.Errorf("orientation %v after the turn was applied", o)
				}
				if a["ExifIFD:ExifImageWidth"] != nil && (fmt.Sprint(b["ExifIFD:ExifImageWidth"]) != "8" || fmt.Sprint(b["ExifIFD:ExifImageHeight"]) != "12") {
					t.Errorf("EXIF dimensions %v x %v, want 8 x 12", b["ExifIFD:ExifImageWidth"], b["ExifIFD:ExifImageHeight"])
				}
			}
			if strings.HasSuffix(p.from, "tif") && p.to != "tif" {
				if r := fmt.Sprint(b["JFIF:XResolution"], b["PNG-pHYs:PixelsPerUnitX"]); r != "300 <nil>" && r != "<nil> 11811" {
					t.Errorf("the TIFF's 300 dpi became JFIF, pHYs: %s", r)
				}
			}
			if !lost("ICC") {
				if got := iccOf(t, out); !bytes.Equal(got, icc) {
					t.Errorf("ICC profile: %d bytes, not the source's %d", len(got), len(icc))
				}
			}
			// TIFF has no comment for exiftool to write.
			held := !strings.HasSuffix(p.from, "tif") && !slices.ContainsFunc(p.dropped, func(s string) bool { return strings.HasPrefix(s, "comment") || strings.HasPrefix(s, "text") })
			if want := "a comment that travels"; held && comment(t, out) != want {
				t.Errorf("comment %q, want %q", comment(t, out), want)
			}
			if w, ok := b["ExifTool:Warning"]; ok {
				t.Errorf("exiftool warns: %v", w)
			}
		})
	}
}

// TestGIFMetadataToPNG: the comment and XMP of a GIF reach a PNG made
// from it; the GIF decodes as its one frame.
func TestGIFMetadataToPNG(t *testing.T) {
	exiftool := jpegTool(t, "exiftool")
	dir := t.TempDir()
	src := filepath.Join(dir, "src.gif")
	if err := Save(src, patternView(5, 7, 3).Clone(), nil); err != nil {
		t.Fatal(err)
	}
	runTool(t, nil, exiftool, "-q", "-overwrite_original", "-Comment=gif comment", "-XMP-dc:Title=from a GIF", src)
	img, err := Load(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.png")
	var changes []Change
	if err := Save(out, img.Pixels.(pixbuf.View[uint8]), &EncodeOptions{Metadata: img.Metadata, Changes: &changes}); err != nil {
		t.Fatal(err)
	}
	b := exiftoolTags(t, out)
	if c := comment(t, out); c != "gif comment" || b["XMP-dc:Title"] != "from a GIF" || len(changes) != 0 {
		t.Errorf("comment %q, title %v, changes %v", c, b["XMP-dc:Title"], changes)
	}
}

// TestAnimationsRefusedByDecode: an animated GIF and a two-image Netpbm
// file are refused by Decode, naming how many frames or images they hold,
// rather than decoded as their first.
func TestAnimationsRefusedByDecode(t *testing.T) {
	_, err := Decode(bytes.NewReader(animatedGIF(t)), nil)
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "3 frames") {
		t.Errorf("animated GIF: %v", err)
	}
	var one bytes.Buffer
	if err := Encode(&one, patternView(3, 4, 3), "ppm", nil); err != nil {
		t.Fatal(err)
	}
	two := append(bytes.Clone(one.Bytes()), one.Bytes()...)
	_, err = Decode(bytes.NewReader(two), nil)
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "2 images") {
		t.Errorf("two-image PPM: %v", err)
	}
	// A second image that does not parse is that error.
	_, err = Decode(bytes.NewReader(append(bytes.Clone(one.Bytes()), "P6 4 3 255\n"...)), nil)
	if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "image 2") {
		t.Errorf("truncated second image: %v", err)
	}
	// One image, with or without trailing white space, still decodes.
	for _, in := range [][]byte{one.Bytes(), append(bytes.Clone(one.Bytes()), "\n\n"...)} {
		if _, err := Decode(bytes.NewReader(in), nil); err != nil {
			t.Errorf("one image: %v", err)
		}
	}
}

// stripTags returns exiftool's JSON of a file's tags in the groups a strip
// must leave alone or remove.
func exiftoolGroups(t *testing.T, file string) map[string]any {
	t.Helper()
	out := runTool(t, nil, jpegTool(t, "exiftool"), "-q", "-a", "-G1", "-j", file)
	var recs []map[string]any
	if err := json.Unmarshal(out, &recs); err != nil || len(recs) != 1 {
		t.Fatalf("exiftool output: %v", err)
	}
	return recs[0]
}

// TestJPEGTransformStripICC: the lossless transform's MetadataStripICC
// removes the ICC profile and nothing else; with MetadataStrip too,
// EXIF, XMP, IPTC and comments go as well.
func TestJPEGTransformStripICC(t *testing.T) {
	dir := t.TempDir()
	src := sourceFile(t, dir, "jpg")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	before := exiftoolGroups(t, src)
	for _, policy := range []MetadataPolicy{MetadataStripICC, MetadataStrip | MetadataStripICC} {
		var out bytes.Buffer
		res, err := jpegFormat.Transform(&out, bytes.NewReader(data), Transform{Metadata: policy})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Changes) != 1 || res.Changes[0].Kind != Dropped {
			t.Errorf("policy %d: changes %v", policy, res.Changes)
		}
		file := filepath.Join(dir, fmt.Sprintf("strip%d.jpg", policy))
		if err := os.WriteFile(file, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		after := exiftoolGroups(t, file)
		for k, v := range before {
			g, _, _ := strings.Cut(k, ":")
			gone := strings.HasPrefix(g, "ICC")
			if policy&MetadataStrip != 0 {
				gone = gone || slices.Contains([]string{"IFD0", "ExifIFD", "GPS", "InteropIFD", "IPTC", "Photoshop"}, g) ||
					strings.HasPrefix(g, "XMP") || k == "File:Comment"
			}
			switch {
			case g == "System" || g == "ExifTool" || k == "SourceFile" || g == "File" && k != "File:Comment" || g == "Composite":
			case gone:
				if _, ok := after[k]; ok {
					t.Errorf("policy %d: %s kept", policy, k)
				}
			case fmt.Sprint(after[k]) != fmt.Sprint(v):
				t.Errorf("policy %d: %s: %v became %v", policy, k, v, after[k])
			}
		}
	}
}
