package meta

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pixview/pixview/codec/meta/exiftags"
)

// summaryByNames is what the EXIF summary said when it read every tag
// through imagemeta (package exiftags) and picked the ones it shows by
// name: the oracle for exifSummary, which finds them by number.
func summaryByNames(tiff []byte) (ExifSummary, error) {
	var e ExifSummary
	tags, err := exiftags.Read(tiff)
	e.Tags = len(tags)
	var dateTime string
	for _, t := range tags {
		str, _ := t.Value.(string)
		str = strings.TrimSpace(strings.TrimRight(str, "\x00"))
		switch {
		case t.Name == "Make" && t.IFD == "IFD0":
			e.Make = str
		case t.Name == "Model" && t.IFD == "IFD0":
			e.Model = str
		case t.Name == "DateTimeOriginal":
			e.DateTime = str
		case t.Name == "ModifyDate" && t.IFD == "IFD0": // DateTime, 0x0132, by exiftool's name
			dateTime = str
		case t.Name == "GPSLatitude" && t.IFD == "IFD0/GPSInfoIFD": // imagemeta names tag 2 so in every IFD
			e.GPS = true
		}
	}
	if e.DateTime == "" {
		e.DateTime = dateTime
	}
	return e, err
}

// sameSummary reports how the summary's tag fields differ from the
// oracle's, "" when they agree. With strings false, only the count and GPS
// are compared: imagemeta reads an ASCII value with every NUL removed
// (TIFF's reading, and the summary's, stops at the first), and converts
// some values that are not text.
func sameSummary(got *ExifSummary, want ExifSummary, strings bool) string {
	g := ExifSummary{Make: got.Make, Model: got.Model, DateTime: got.DateTime, GPS: got.GPS, Tags: got.Tags}
	if !strings {
		g.Make, g.Model, g.DateTime = "", "", ""
		want.Make, want.Model, want.DateTime = "", "", ""
	}
	if g != want {
		return fmt.Sprintf("summary %+v, imagemeta's %+v", g, want)
	}
	return ""
}

// soundExif reports whether IFD0 of b and the Exif, GPS and
// Interoperability IFDs it leads to fit in b, with every value of a known
// type and inside b: where one is not, imagemeta stops reading at it and
// reports no error (its stream's io.EOF ends the walk), so its count is no
// oracle there.
func soundExif(b []byte) bool {
	t, ifd0, ok := parseTIFF(b)
	if !ok || ifd0 < 8 { // imagemeta reads no IFD0 that overlaps the header
		return false
	}
	sound := func(off int) bool {
		n, ok := t.ifd(off)
		if !ok {
			return false
		}
		for i := range n {
			p := off + 2 + 12*i
			e := entry{p, t.bo.Uint16(t.b[p:]), t.bo.Uint16(t.b[p+2:]), t.bo.Uint32(t.b[p+4:])}
			if e.count > maxExifValues {
				continue
			}
			if _, ok := t.value(e); !ok || e.typ == typeIFD { // imagemeta knows types 1-12 only
				return false
			}
		}
		return true
	}
	if !sound(ifd0) {
		return false
	}
	for _, p := range []struct {
		from func() (int, bool)
		tag  uint16
	}{
		{func() (int, bool) { return ifd0, true }, tagExifIFD},
		{func() (int, bool) { return ifd0, true }, tagGPSIFD},
		{func() (int, bool) { return t.subIFD(ifd0, tagExifIFD) }, tagInteropIFD},
	} {
		from, ok := p.from()
		if !ok {
			continue
		}
		if _, present := t.find(from, p.tag); !present {
			continue
		}
		off, ok := t.subIFD(from, p.tag)
		if !ok || !sound(off) {
			return false
		}
	}
	return true
}

// readCorpus returns the bytes of a file of a fuzz corpus, which holds
// one []byte value.
func readCorpus(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	_, v, _ := strings.Cut(string(b), "[]byte(")
	q, err := strconv.Unquote(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), ")")))
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return []byte(q)
}

// TestExifSummaryAgreesWithImagemeta checks the summary's own tag reading
// against imagemeta's on camera EXIF written by exiftool in both byte
// orders (Make, Model, dates, GPS, a thumbnail, XMP and IPTC beside), on
// built structures with an XMP packet and a huge value in IFD0; and on the
// fuzz corpus as FuzzExifTags does.
func TestExifSummaryAgreesWithImagemeta(t *testing.T) {
	var cases [][]byte
	for _, bo := range orders {
		cases = append(cases, fullSpec(bo).build())
		s := fullSpec(bo)
		s.ifd0 = append(s.ifd0, withTag(tagXMP, tent{typ: typeByte, count: 5, val: []byte("<x/>\x00")}),
			withTag(tagDateTime, ascii("2023:01:02 03:04:05  ")),
			withTag(0x9c9b, tent{typ: typeByte, count: 70 << 10, val: make([]byte, 70<<10)}))
		s.exif = s.exif[1:] // no DateTimeOriginal: DateTime stands in
		cases = append(cases, s.build())
	}
	// The fuzz corpus is held to FuzzExifTags's law.
	corpus, _ := filepath.Glob("testdata/fuzz/FuzzExifTags/*")
	for _, p := range corpus {
		c := readCorpus(t, p)
		if !soundExif(c) {
			continue
		}
		want, _ := summaryByNames(c)
		if d := sameSummary(exifSummary(c), want, false); d != "" {
			t.Errorf("%s: %s", p, d)
		}
	}
	if _, err := exec.LookPath("exiftool"); err == nil || os.Getenv("CI") != "" {
		for _, order := range []string{"II", "MM"} {
			p, _ := cameraJPEG(t, order)
			m, err := FromJPEGFile(readFile(t, p))
			if err != nil {
				t.Fatal(err)
			}
			if e := exifSummary(m.EXIF); !e.GPS || e.Make != "PixCam" || e.DateTime == "" {
				t.Fatalf("%s: camera EXIF summary %+v", order, e)
			}
			cases = append(cases, m.EXIF)
		}
	}
	for i, c := range cases {
		want, werr := summaryByNames(c)
		got := exifSummary(c)
		if d := sameSummary(got, want, true); d != "" {
			t.Errorf("case %d: %s", i, d)
		}
		if werr != nil && got.Error == "" {
			t.Errorf("case %d: error %q, imagemeta's %v", i, got.Error, werr)
		}
	}
}
