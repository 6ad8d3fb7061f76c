package meta

import (
	"bytes"
	"strings"
	"testing"
)

// cameraJPEG returns a JPEG tagged by exiftool as a camera and a photo
// editor would: EXIF in the given byte order with GPS and a thumbnail, an
// ICC profile larger than one segment, XMP, IPTC and a comment; and the
// profile.
func cameraJPEG(t *testing.T, order string) (string, []byte) {
	t.Helper()
	p := plainJPEG(t, 32, 16)
	icc := makeICC("Pixview Test RGB", 100_000)
	iccPath := writeTemp(t, "big.icc", icc)
	thumb := plainJPEG(t, 8, 4)
	run(t, "exiftool", "-q", "-overwrite_original", "-n", "-ExifByteOrder="+order,
		"-Make=PixCam", "-Model=PX 100", "-DateTimeOriginal=2024:05:06 07:08:09", "-Copyright=(c) Pix",
		"-Orientation=6", "-ExifImageWidth=32", "-ExifImageHeight=16",
		"-GPSLatitude=48.8566", "-GPSLatitudeRef=N", "-GPSLongitude=2.3522", "-GPSLongitudeRef=E", "-GPSAltitude=35",
		"-XMP-dc:Title=Pont Neuf", "-XMP-dc:Creator=Pix", "-XMP-tiff:Orientation=6",
		"-IPTC:Keywords=bridge", "-IPTC:Keywords=paris", "-IPTC:City=Paris",
		"-Comment=shot on a test bench", "-ThumbnailImage<="+thumb, "-ICC_Profile<="+iccPath, p)
	return p, icc
}

func TestJPEGRoundTripExiftool(t *testing.T) {
	t.Parallel()
	needTool(t, "exiftool")
	for _, order := range []string{"II", "MM"} {
		src, icc := cameraJPEG(t, order)
		data := readFile(t, src)
		m, err := FromJPEGFile(data)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(m.ICC, icc) {
			t.Fatalf("%s: ICC profile of %d bytes read as %d bytes, not byte-identical", order, len(icc), len(m.ICC))
		}
		segs, _ := ScanJPEG(data)
		app2 := 0
		for _, s := range segs {
			if s.Marker == markerAPP2 {
				app2++
			}
		}
		if app2 < 2 {
			t.Fatalf("exiftool wrote the profile in %d APP2 segment(s); the test needs several", app2)
		}
		s := m.Summary()
		if s.EXIF == nil || s.EXIF.Make != "PixCam" || s.EXIF.Model != "PX 100" || s.EXIF.DateTime != "2024:05:06 07:08:09" ||
			!s.EXIF.GPS || s.EXIF.Orientation != 6 || !s.EXIF.Thumbnail || s.EXIF.ByteOrder != order || s.EXIF.Error != "" {
			t.Errorf("%s: EXIF summary %+v", order, s.EXIF)
		}
		if s.ICC == nil || s.ICC.Description != "Pixview Test RGB" || s.ICC.Bytes != len(icc) {
			t.Errorf("%s: ICC summary %+v", order, s.ICC)
		}
		if s.XMP == nil || s.XMP.Orientation != 6 || s.XMP.GPS || s.IPTC == 0 || len(s.Comments) != 1 {
			t.Errorf("%s: summary %+v", order, s)
		}

		// JPEG -> JPEG, onto other pixels of the same size.
		out, dropped, err := InsertJPEG(readFile(t, plainJPEG(t, 32, 16)), m)
		if err != nil || len(dropped) != 0 {
			t.Fatalf("%s: InsertJPEG: %v, dropped %v", order, err, dropped)
		}
		jpegOut := writeTemp(t, "out.jpg", out)

		// JPEG -> PNG: the comment becomes a PNG text, the profile gets a name.
		pngData, dropped, err := InsertPNG(readFile(t, plainPNG(t, 32, 16)), m)
		if err != nil || len(dropped) != 0 {
			t.Fatalf("%s: InsertPNG: %v, dropped %v", order, err, dropped)
		}
		pngOut := writeTemp(t, "out.png", pngData)
		run(t, "pngcheck", "-q", pngOut)

		// PNG -> JPEG: back to what the camera wrote.
		m2, err := FromPNG(pngData)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(m2.ICC, icc) {
			t.Errorf("%s: ICC profile not byte-identical after JPEG -> PNG -> model", order)
		}
		out2, dropped, err := InsertJPEG(readFile(t, plainJPEG(t, 32, 16)), m2)
		if err != nil || len(dropped) != 0 {
			t.Fatalf("%s: InsertJPEG from PNG: %v, dropped %v", order, err, dropped)
		}
		backOut := writeTemp(t, "back.jpg", out2)

		tags := metaTagsOf(t, src, jpegOut, pngOut, backOut)
		want := tags[0]
		if d := diffTags(want, tags[1]); len(d) > 0 {
			t.Errorf("%s: JPEG -> JPEG differs:\n%s", order, strings.Join(d, "\n"))
		}
		// exiftool states the thumbnail's offset from the start of the file.
		if d := diffTags(want, tags[2], "File:Comment", "PNG:Comment", "PNG:ProfileName", "IFD1:ThumbnailOffset"); len(d) > 0 {
			t.Errorf("%s: JPEG -> PNG differs:\n%s", order, strings.Join(d, "\n"))
		}
		if tags[2]["PNG:Comment"] != want["File:Comment"] {
			t.Errorf("%s: PNG comment %v, want %v", order, tags[2]["PNG:Comment"], want["File:Comment"])
		}
		if d := diffTags(want, tags[3]); len(d) > 0 {
			t.Errorf("%s: JPEG -> PNG -> JPEG differs:\n%s", order, strings.Join(d, "\n"))
		}
	}
}

// TestOrientationAppliedExiftool is the lossless path's promise: after an
// orientation has been applied to the pixels, EXIF and XMP both say 1 and
// the dimension tags follow the pixels; nothing else changes.
func TestOrientationAppliedExiftool(t *testing.T) {
	t.Parallel()
	needTool(t, "exiftool")
	src, _ := cameraJPEG(t, "MM")
	m, err := FromJPEGFile(readFile(t, src))
	if err != nil {
		t.Fatal(err)
	}
	m = m.Clone()
	if !m.SetOrientation(1) || !m.SetDimensions(16, 32) {
		t.Fatal("patch failed")
	}
	out, _, err := InsertJPEG(readFile(t, plainJPEG(t, 16, 32)), m)
	if err != nil {
		t.Fatal(err)
	}
	changed := []string{"IFD0:Orientation", "XMP-tiff:Orientation", "ExifIFD:ExifImageWidth", "ExifIFD:ExifImageHeight"}
	tags := metaTagsOf(t, src, writeTemp(t, "upright.jpg", out))
	want, got := tags[0], tags[1]
	if d := diffTags(want, got, changed...); len(d) > 0 {
		t.Errorf("unexpected differences:\n%s", strings.Join(d, "\n"))
	}
	for k, v := range map[string]float64{changed[0]: 1, changed[1]: 1, changed[2]: 16, changed[3]: 32} {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
}

// TestExtendedXMPExiftool has exiftool write XMP too large for one
// segment, which it splits into extended XMP, and checks that it is read
// whole and written back so that exiftool reads the same tags; then that
// a large packet with no extension is split on writing.
func TestExtendedXMPExiftool(t *testing.T) {
	t.Parallel()
	needTool(t, "exiftool")
	p := plainJPEG(t, 8, 8)
	long := strings.Repeat("The quick brown fox jumps over the lazy dog. ", 3000) // 135 KB
	run(t, "exiftool", "-q", "-overwrite_original", "-XMP-dc:Title=short", "-XMP-dc:Description<="+writeTemp(t, "long.txt", []byte(long)), p)
	m, err := FromJPEGFile(readFile(t, p))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.ExtendedXMP) < len(long) {
		t.Fatalf("extended XMP of %d bytes; exiftool wrote a description of %d", len(m.ExtendedXMP), len(long))
	}
	want := metaTags(t, p)
	if want["XMP-dc:Description"] != long {
		t.Fatal("exiftool does not read back its own description")
	}
	out, dropped, err := InsertJPEG(readFile(t, plainJPEG(t, 8, 8)), m)
	if err != nil || len(dropped) != 0 {
		t.Fatalf("InsertJPEG: %v, dropped %v", err, dropped)
	}
	if d := diffTags(want, metaTags(t, writeTemp(t, "ext.jpg", out))); len(d) > 0 {
		t.Errorf("extended XMP round trip differs:\n%s", strings.Join(d, "\n"))
	}

	// One packet, too large: written as a small main packet naming an
	// extension that holds it all.
	big := []byte(`<?xpacket begin="` + "\ufeff" + `" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">` +
		`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt><rdf:li xml:lang="x-default">` + long +
		`</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`)
	out, dropped, err = InsertJPEG(readFile(t, plainJPEG(t, 8, 8)), &Metadata{XMP: big})
	if err != nil || len(dropped) != 0 {
		t.Fatalf("InsertJPEG: %v, dropped %v", err, dropped)
	}
	got := metaTags(t, writeTemp(t, "split.jpg", out))
	if got["XMP-dc:Description"] != long {
		t.Errorf("exiftool reads a description of %d bytes from the split packet, want %d", len(strings.TrimSpace(toString(got["XMP-dc:Description"]))), len(long))
	}
	if _, ok := got["ExifTool:Warning"]; ok {
		t.Errorf("exiftool warns: %v", got["ExifTool:Warning"])
	}
}

func toString(v any) string {
	s, _ := v.(string)
	return s
}

// TestPNGRoundTripExiftool reads a PNG carrying every chunk the model
// knows, written partly by exiftool and partly by hand, writes the model
// onto other pixels, and has exiftool and pngcheck compare.
func TestPNGRoundTripExiftool(t *testing.T) {
	t.Parallel()
	needTool(t, "exiftool")
	needTool(t, "pngcheck")
	base := readFile(t, plainPNG(t, 16, 8))
	// Colour and time chunks by hand, after IHDR.
	chunks, err := ScanPNG(base)
	if err != nil {
		t.Fatal(err)
	}
	var b []byte
	b = append(b, pngSignature...)
	b = AppendChunk(b, chunks[0])
	for _, c := range []Chunk{
		{"gAMA", []byte{0, 0, 0xb1, 0x8f}},
		{"cHRM", []byte{0, 0, 0x7a, 0x26, 0, 0, 0x80, 0x84, 0, 0, 0xfa, 0, 0, 0, 0x80, 0xe8, 0, 0, 0x75, 0x30, 0, 0, 0xea, 0x60, 0, 0, 0x3a, 0x98, 0, 0, 0x17, 0x70}},
		{"pHYs", []byte{0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1}},
		{"tIME", []byte{0x07, 0xe8, 5, 6, 7, 8, 9}},
		{"zTXt", append([]byte("Description\x00\x00"), deflate([]byte("a compressed description"))...)},
		{"iTXt", []byte("Title\x00\x00\x00fr\x00Titre\x00Pont Neuf \xc3\xa0 Paris")},
	} {
		b = AppendChunk(b, c)
	}
	for _, c := range chunks[1:] {
		b = AppendChunk(b, c)
	}
	src := writeTemp(t, "src.png", b)
	icc := makeICC("PNG profile", 2000)
	run(t, "exiftool", "-q", "-overwrite_original", "-n", "-Make=PixCam", "-GPSLatitude=1.5", "-GPSLatitudeRef=S",
		"-XMP-dc:Title=Pont", "-IPTC:Keywords=bridge", "-PNG:Author=Pix", "-PNG:Comment=plain text",
		"-ICC_Profile<="+writeTemp(t, "p.icc", icc), src)
	run(t, "pngcheck", "-q", src)
	in := readFile(t, src)
	m, err := FromPNG(in)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(m.ICC, icc) || m.Gamma != 45455 || m.Chromaticities == nil || m.Resolution == nil ||
		m.ModTime == nil || len(m.EXIF) == 0 || len(m.XMP) == 0 || len(m.IPTC) == 0 {
		t.Fatalf("model misses parts: %+v", m.Summary())
	}
	if r := m.Resolution; r.Unit != UnitCentimeter || r.X != 28.35 {
		t.Errorf("pHYs 2835 per metre read as %+v", r)
	}
	out, dropped, err := InsertPNG(base, m)
	if err != nil || len(dropped) != 0 {
		t.Fatalf("InsertPNG: %v, dropped %v", err, dropped)
	}
	dst := writeTemp(t, "dst.png", out)
	run(t, "pngcheck", "-q", dst)
	if tags := metaTagsOf(t, src, dst); len(diffTags(tags[0], tags[1])) > 0 {
		d := diffTags(tags[0], tags[1])
		t.Errorf("PNG -> PNG differs:\n%s", strings.Join(d, "\n"))
	}
	// The written file is read to the same model.
	m2, err := FromPNG(out)
	if err != nil {
		t.Fatal(err)
	}
	if d := diffModels(m, m2); d != "" {
		t.Errorf("model after a PNG round trip: %s", d)
	}
}

// TestTIFFToJPEGExiftool reads a TIFF file's metadata and writes it to a
// JPEG: the camera tags, GPS, ICC and XMP exiftool reads in both are
// the same.
func TestTIFFToJPEGExiftool(t *testing.T) {
	t.Parallel()
	needTool(t, "exiftool")
	needTool(t, "convert")
	for _, order := range []string{"LSB", "MSB"} {
		tif := writeTemp(t, "src.tif", nil)
		run(t, "convert", "-size", "16x8", "xc:gray", "-endian", order, "-compress", "none", tif)
		icc := makeICC("TIFF profile", 500)
		run(t, "exiftool", "-q", "-overwrite_original", "-n", "-Make=PixCam", "-Model=PX 100", "-Orientation=8",
			"-DateTimeOriginal=2024:05:06 07:08:09", "-GPSLatitude=10", "-GPSLatitudeRef=N", "-XMP-dc:Title=Tiff",
			"-IPTC:Keywords=tiff", "-XResolution=300", "-YResolution=300", "-ResolutionUnit=2",
			"-ICC_Profile<="+writeTemp(t, "t.icc", icc), tif)
		m, err := FromTIFF(readFile(t, tif))
		if err != nil {
			t.Fatal(err)
		}
		if r := m.Resolution; r == nil || *r != (Resolution{300, 300, UnitInch}) {
			t.Errorf("%s: resolution %+v", order, r)
		}
		if !bytes.Equal(m.ICC, icc) {
			t.Errorf("%s: ICC not byte-identical", order)
		}
		out, dropped, err := InsertJPEG(readFile(t, plainJPEG(t, 16, 8)), m)
		if err != nil || len(dropped) != 0 {
			t.Fatalf("%s: InsertJPEG: %v, dropped %v", order, err, dropped)
		}
		tags := metaTagsOf(t, tif, writeTemp(t, "t.jpg", out))
		want, got := tags[0], tags[1]
		for _, k := range []string{"IFD0:Make", "IFD0:Model", "IFD0:Orientation", "ExifIFD:DateTimeOriginal", "GPS:GPSLatitude",
			"XMP-dc:Title", "IPTC:Keywords", "ICC_Profile:ProfileDescription"} {
			if want[k] == nil || toString(want[k]) != toString(got[k]) && want[k] != got[k] {
				t.Errorf("%s: %s = %v in the TIFF, %v in the JPEG", order, k, want[k], got[k])
			}
		}
		if got["JFIF:XResolution"] != 300.0 || got["JFIF:ResolutionUnit"] != 1.0 {
			t.Errorf("%s: JFIF density %v per unit %v, want 300 dpi", order, got["JFIF:XResolution"], got["JFIF:ResolutionUnit"])
		}
		if w, ok := got["ExifTool:Warning"]; ok {
			t.Errorf("%s: exiftool warns: %v", order, w)
		}
	}
}

// TestImageMagickPNG reads the PNG ImageMagick makes from a camera JPEG:
// EXIF in eXIf after IDAT, XMP and IPTC in raw profiles (IPTC twice, as
// an IRB and as bare records), the comment as "comment" text. Written back to a JPEG, exiftool reads
// the camera's tags again.
func TestImageMagickPNG(t *testing.T) {
	t.Parallel()
	needTool(t, "convert")
	src, _ := cameraJPEG(t, "MM")
	pngPath := writeTemp(t, "im.png", nil)
	run(t, "convert", src, "-type", "TrueColor", "png24:"+pngPath) // ImageMagick drops an RGB profile from a gray PNG
	m, err := FromPNG(readFile(t, pngPath))
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := InsertJPEG(readFile(t, plainJPEG(t, 32, 16)), m)
	if err != nil {
		t.Fatal(err)
	}
	tags := metaTagsOf(t, src, writeTemp(t, "im.jpg", out))
	keep := func(all map[string]any) map[string]any {
		out := map[string]any{}
		for k, v := range all {
			g, _, _ := strings.Cut(k, ":")
			// ImageMagick 6 leaves out the synthetic ICC profile (it writes
			// its description as text only), so ICC is not compared.
			if g == "IFD0" || g == "ExifIFD" || g == "GPS" || g == "IPTC" || strings.HasPrefix(g, "XMP-") {
				out[k] = v
			}
		}
		return out
	}
	// ImageMagick drops the thumbnail and the thumbnail's IFD; it writes
	// its own XMP toolkit name.
	if d := diffTags(keep(tags[0]), keep(tags[1]), "XMP-x:XMPToolkit"); len(d) > 0 {
		t.Errorf("JPEG -> ImageMagick PNG -> JPEG differs:\n%s", strings.Join(d, "\n"))
	}
}
