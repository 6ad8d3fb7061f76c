package meta

import (
	"bytes"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pixview/pixview/codec/codecerr"
)

// segmentsRoundTrip writes m to JPEG segments and reads them back.
func segmentsRoundTrip(t *testing.T, m *Metadata) (*Metadata, []Segment, []Dropped) {
	t.Helper()
	segs, dropped := m.JPEGSegments()
	for _, s := range segs {
		if len(s.Data) > maxSegment {
			t.Fatalf("segment %#x of %d bytes", s.Marker, len(s.Data))
		}
	}
	got, err := FromJPEG(segs)
	if err != nil {
		t.Fatal(err)
	}
	return got, segs, dropped
}

func TestICCSplitJoin(t *testing.T) {
	const room = maxSegment - len(ICCPrefix) - 2
	for _, n := range []int{1, 200, room - 1, room, room + 1, 3 * room, 3*room + 7} {
		icc := bytes.Repeat([]byte{1, 2, 3, 5, 7, 11, 13}, n/7+1)[:n]
		got, segs, dropped := segmentsRoundTrip(t, &Metadata{ICC: icc})
		if len(dropped) != 0 || !bytes.Equal(got.ICC, icc) {
			t.Fatalf("%d bytes: dropped %v, read back %d bytes", n, dropped, len(got.ICC))
		}
		if want := (n + room - 1) / room; len(segs) != want {
			t.Errorf("%d bytes in %d segments, want %d", n, len(segs), want)
		}
		// Any order of the segments joins to the same profile.
		rand.Shuffle(len(segs), func(i, j int) { segs[i], segs[j] = segs[j], segs[i] })
		if m, err := FromJPEG(segs); err != nil || !bytes.Equal(m.ICC, icc) {
			t.Errorf("%d bytes shuffled: %v", n, err)
		}
		if len(segs) > 1 {
			m, err := FromJPEG(append(segs[1:], Segment{markerCOM, []byte("kept")}))
			if !errors.Is(err, codecerr.ErrFormat) || m.ICC != nil || len(m.Comments) != 1 {
				t.Errorf("%d bytes with a segment missing: err %v, ICC %d bytes, comments %v", n, err, len(m.ICC), m.Comments)
			}
			if _, err := FromJPEG(append(segs, segs[0])); !errors.Is(err, codecerr.ErrFormat) {
				t.Errorf("%d bytes with a segment twice: err %v", n, err)
			}
		}
	}
	big := make([]byte, maxICCSegments*room+1)
	segs, dropped := (&Metadata{ICC: big, Comments: []string{"c"}}).JPEGSegments()
	if len(dropped) != 1 || dropped[0].Part != "ICC" || len(segs) != 1 {
		t.Errorf("a profile over 255 segments: dropped %v, %d segments", dropped, len(segs))
	}
}

func TestDropped(t *testing.T) {
	srgb := uint8(0)
	now := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	m := &Metadata{
		EXIF:        append([]byte("MM\x00*\x00\x00\x00\x08"), make([]byte, 70000)...),
		ICC:         makeICC("p", 10),
		XMP:         []byte(`<x:xmpmeta xmlns:x="adobe:ns:meta/"/>`),
		ExtendedXMP: []byte("<x:xmpmeta/>"),
		Text: []Text{
			{Keyword: "Title", Text: "t"},
			{Keyword: "Comment", Text: "c"},
			{Keyword: "", Text: "no keyword"},
			{Keyword: "Greek", Text: "αβγ"},
		},
		Comments: []string{"has\x00nul"},
		SRGB:     &srgb,
		Gamma:    45455,
		ModTime:  &now,
	}
	parts := func(ds []Dropped) string {
		var s []string
		for _, d := range ds {
			s = append(s, d.Part)
		}
		return strings.Join(s, ",")
	}
	// JPEG: EXIF over 64 KiB, PNG text other than comments, the PNG colour
	// and time chunks. The main XMP does not name its extension.
	_, dj := m.JPEGSegments()
	if got, want := parts(dj), `EXIF,extended XMP,text "Title",text "",text "Greek",sRGB,gAMA,tIME`; got != want {
		t.Errorf("JPEG dropped %s, want %s", got, want)
	}
	// PNG: sRGB beside ICC, extended XMP, the bad texts; EXIF fits.
	_, dp := m.PNGChunks()
	if got, want := parts(dp), `sRGB,extended XMP,text "",text "Greek",comment 1`; got != want {
		t.Errorf("PNG dropped %s, want %s", got, want)
	}
	for _, d := range append(dj, dp...) {
		if d.Reason == "" || !strings.HasPrefix(d.String(), d.Part+": ") {
			t.Errorf("dropped part %+v says no reason", d)
		}
	}
	if segs, d := (*Metadata)(nil).JPEGSegments(); segs != nil || d != nil {
		t.Error("nil metadata writes segments")
	}
	if !(*Metadata)(nil).IsEmpty() || !new(Metadata).IsEmpty() || m.IsEmpty() {
		t.Error("IsEmpty wrong")
	}
}

func TestResolutionMapping(t *testing.T) {
	tests := []struct {
		in       Resolution
		jfifUnit byte
		jfifX    uint16
		physX    uint32
		physUnit byte
	}{
		{Resolution{72, 72, UnitInch}, 1, 72, 2835, 1},
		{Resolution{300, 300, UnitInch}, 1, 300, 11811, 1},
		{Resolution{28.35, 28.35, UnitCentimeter}, 1, 72, 2835, 1}, // from pHYs: per inch rounds closer
		{Resolution{40, 40, UnitCentimeter}, 2, 40, 4000, 1},
		{Resolution{1, 2, UnitNone}, 0, 1, 1, 0},
	}
	for _, tc := range tests {
		segs, dropped := (&Metadata{Resolution: &tc.in}).JPEGSegments()
		if len(dropped) != 0 || len(segs) != 1 {
			t.Fatalf("%+v: segments %v, dropped %v", tc.in, segs, dropped)
		}
		d := segs[0].Data
		if d[7] != tc.jfifUnit || uint16(d[8])<<8|uint16(d[9]) != tc.jfifX {
			t.Errorf("%+v: JFIF unit %d density %d, want %d %d", tc.in, d[7], uint16(d[8])<<8|uint16(d[9]), tc.jfifUnit, tc.jfifX)
		}
		cs, _ := (&Metadata{Resolution: &tc.in}).PNGChunks()
		p := cs[0].Data
		if x := uint32(p[0])<<24 | uint32(p[1])<<16 | uint32(p[2])<<8 | uint32(p[3]); x != tc.physX || p[8] != tc.physUnit {
			t.Errorf("%+v: pHYs %d unit %d, want %d %d", tc.in, x, p[8], tc.physX, tc.physUnit)
		}
		// And back: the JFIF segment reads as what it says.
		m, _ := FromJPEG(segs)
		if r := m.Resolution; r == nil || r.X != float64(tc.jfifX) || r.Unit != ResolutionUnit(tc.jfifUnit) {
			t.Errorf("%+v: JFIF read back as %+v", tc.in, r)
		}
	}
	if _, d := (&Metadata{Resolution: &Resolution{100000, 1, UnitInch}}).JPEGSegments(); len(d) != 1 {
		t.Error("a density over 65535 per inch was not dropped from JFIF")
	}
}

func TestICCDescriptionV4(t *testing.T) {
	if d, ok := ICCDescription(makeICCv4("Prüfprofil", "Test profile ✓")); !ok || d != "Test profile ✓" {
		t.Errorf("v4 description %q, %v", d, ok)
	}
	if d, ok := ICCDescription(makeICC("Version 2", 0)); !ok || d != "Version 2" {
		t.Errorf("v2 description %q, %v", d, ok)
	}
	full := makeICCv4("a", "b")
	for n := range len(full) {
		ICCDescription(full[:n]) // no panic
	}
	if _, ok := ICCDescription([]byte("not a profile")); ok {
		t.Error("description of garbage")
	}
}

func TestExtendedXMPAssembly(t *testing.T) {
	ext := bytes.Repeat([]byte("<x:xmpmeta>extended</x:xmpmeta>"), 5000) // 3 segments
	m := &Metadata{XMP: []byte(`<rdf:Description xmpNote:HasExtendedXMP="00000000000000000000000000000000"/>`), ExtendedXMP: ext}
	got, segs, dropped := segmentsRoundTrip(t, m)
	if len(dropped) != 0 || !bytes.Equal(got.ExtendedXMP, ext) || len(segs) != 4 {
		t.Fatalf("dropped %v, %d segments, extended %d bytes", dropped, len(segs), len(got.ExtendedXMP))
	}
	if string(m.XMP) == string(got.XMP) || xmpExtendedGUID(got.XMP) != string(segs[1].Data[len(ExtendedXMPPrefix):][:32]) {
		t.Error("the main packet's GUID was not set to the extension's MD5")
	}
	if !strings.Contains(string(m.XMP), "000000") {
		t.Error("the caller's main packet was patched")
	}
	// Out of order, with a stale packet of another GUID in between.
	stale := Segment{markerAPP1, concat(ExtendedXMPPrefix, append([]byte(strings.Repeat("F", 32)+"\x00\x00\x00\x04\x00\x00\x00\x00"), "junk"...))}
	shuffled := []Segment{segs[0], segs[3], stale, segs[1], segs[2]}
	if m2, err := FromJPEG(shuffled); err != nil || !bytes.Equal(m2.ExtendedXMP, ext) {
		t.Errorf("shuffled: %v", err)
	}
	// A gap.
	if m2, err := FromJPEG([]Segment{segs[0], segs[1], segs[3]}); !errors.Is(err, codecerr.ErrFormat) || m2.ExtendedXMP != nil || m2.XMP == nil {
		t.Errorf("with a gap: %v, extended %d bytes", err, len(m2.ExtendedXMP))
	}
}

func TestPNGTextKinds(t *testing.T) {
	texts := []Text{
		{Keyword: "Title", Text: "Café"},
		{Keyword: "Description", Text: strings.Repeat("long text ", 100), Compressed: true},
		{Keyword: "Author", Text: "Πίξ", International: true, Language: "el", TranslatedKeyword: "Συγγραφέας"},
		{Keyword: "Comment", Text: "zipped ✓", International: true, Compressed: true},
	}
	cs, dropped := (&Metadata{Text: texts}).PNGChunks()
	if len(dropped) != 0 {
		t.Fatal(dropped)
	}
	var types []string
	for _, c := range cs {
		types = append(types, c.Type)
	}
	if got := strings.Join(types, ","); got != "tEXt,zTXt,iTXt,iTXt" {
		t.Errorf("chunk types %s", got)
	}
	if !bytes.Contains(cs[0].Data, []byte("Caf\xe9")) {
		t.Error("tEXt is not Latin-1")
	}
	m, err := FromPNGChunks(cs)
	if err != nil {
		t.Fatal(err)
	}
	if d := diffModels(&Metadata{Text: texts}, m); d != "" {
		t.Error(d)
	}
}

func TestRawProfile(t *testing.T) {
	for _, n := range []int{0, 1, 35, 36, 37, 1000} {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(i * 7)
		}
		got, err := decodeRawProfile(encodeRawProfile("exif", b))
		if err != nil || !bytes.Equal(got, b) {
			t.Errorf("%d bytes: %v", n, err)
		}
	}
	for _, bad := range []string{"", "\nexif\n", "\nexif\n   5\n0011", "\nexif\n   1\nzz\n", "\nexif\n  -1\n"} {
		if _, err := decodeRawProfile(bad); !errors.Is(err, codecerr.ErrFormat) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	// Bare IPTC-IIM in a raw profile becomes an IRB resource.
	iim := []byte{0x1c, 2, 25, 0, 6, 'b', 'r', 'i', 'd', 'g', 'e'}
	c := Chunk{"zTXt", append([]byte(rawProfilePrefix+"iptc\x00\x00"), deflate([]byte(encodeRawProfile("iptc", iim)))...)}
	m, err := FromPNGChunks([]Chunk{c})
	if err != nil || !bytes.HasPrefix(m.IPTC, []byte("8BIM\x04\x04")) || !bytes.Contains(m.IPTC, iim) || len(m.Text) != 0 {
		t.Errorf("IIM raw profile: %v, IPTC %q, text %v", err, m.IPTC, m.Text)
	}
	// A raw profile that cannot be decoded stays a text.
	c = Chunk{"tEXt", []byte(rawProfilePrefix + "exif\x00\nexif\n   9\n00")}
	if m, err := FromPNGChunks([]Chunk{c}); err == nil || len(m.Text) != 1 || m.EXIF != nil {
		t.Errorf("broken raw profile: %v, %v", err, m.Text)
	}
}

// TestPNGOrderPalette writes every chunk into a paletted PNG: pngcheck
// refuses a colour chunk after PLTE, so it checks the order.
func TestPNGOrderPalette(t *testing.T) {
	needTool(t, "pngcheck")
	img := image.NewPaletted(image.Rect(0, 0, 4, 4), color.Palette{color.Black, color.White})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	srgb := uint8(1)
	now := time.Now()
	m := &Metadata{
		EXIF: tiffSpec{bo: orders[0], ifd0: []tent{withTag(tagOrientation, short(orders[0], 1))}}.build(),
		XMP:  []byte("<x:xmpmeta/>"), IPTC: wrapIIM([]byte{0x1c, 2, 0, 0, 2, 0, 4}),
		SRGB: &srgb, Gamma: 45455, Chromaticities: &[8]uint32{31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000},
		CICP: &CICP{1, 13, 0, 1}, Resolution: &Resolution{72, 72, UnitInch}, ModTime: &now,
		Text: []Text{{Keyword: "Title", Text: "x"}}, Comments: []string{"c"},
	}
	// pngcheck 3.0 predates cICP (PNG third edition) and refuses it as
	// unknown: it checks a file without, the order of cICP is checked here.
	cicp := m.CICP
	m.CICP = nil
	out, dropped, err := InsertPNG(buf.Bytes(), m)
	if err != nil || len(dropped) != 0 {
		t.Fatal(err, dropped)
	}
	log := string(run(t, "pngcheck", "-v", writeTemp(t, "pal.png", out)))
	if i := strings.Index(log, "chunk gAMA"); i < 0 || i > strings.Index(log, "chunk PLTE") {
		t.Errorf("pngcheck -v:\n%s", log)
	}
	m.CICP = cicp
	out, _, err = InsertPNG(buf.Bytes(), m)
	if err != nil {
		t.Fatal(err)
	}
	chunks, err := ScanPNG(out)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for i, c := range chunks {
		seen[c.Type] = i
	}
	if seen["cICP"] == 0 || seen["cICP"] > seen["PLTE"] {
		t.Errorf("cICP at %d, PLTE at %d", seen["cICP"], seen["PLTE"])
	}
	m2, err := FromPNG(out)
	if err != nil {
		t.Fatal(err)
	}
	m.ModTime = ptr(now.UTC().Truncate(time.Second))
	m.Resolution = &Resolution{28.35, 28.35, UnitCentimeter}
	m.Text = append(m.Text, Text{Keyword: "Comment", Text: "c"})
	m.Comments = nil
	if d := diffModels(m, m2); d != "" {
		t.Error(d)
	}
}

func ptr[T any](v T) *T { return &v }

// TestModelAliasesFile is what the lossless JPEG path relies on: a patch
// through the model read from a file's bytes patches those bytes.
func TestModelAliasesFile(t *testing.T) {
	data := jpegSeed()
	m, err := FromJPEGFile(data)
	if err != nil {
		t.Fatal(err)
	}
	c := m.Clone()
	if !m.SetOrientation(3) || !m.SetDimensions(640, 480) {
		t.Fatal("patch failed")
	}
	m2, err := FromJPEGFile(data)
	if err != nil {
		t.Fatal(err)
	}
	if o, _ := ExifOrientation(m2.EXIF); o != 3 {
		t.Errorf("orientation in the file's bytes %d, want 3", o)
	}
	if o, _ := XMPOrientation(m2.XMP); o != 3 {
		t.Errorf("XMP orientation in the file's bytes %d, want 3", o)
	}
	if o, _ := ExifOrientation(c.EXIF); o != 6 {
		t.Errorf("the clone was patched too: %d", o)
	}
}

// TestLargeIPTCExiftool writes an IRB larger than one APP13 segment: it
// is split over consecutive segments, which exiftool joins.
func TestLargeIPTCExiftool(t *testing.T) {
	t.Parallel()
	needTool(t, "exiftool")
	// IPTC limits a keyword to 64 bytes; exiftool reads longer ones, and
	// they make a large IRB with few records.
	caption := strings.Repeat("caption ", 1000)
	var iim []byte
	for range 12 { // 12 keywords of 8000 bytes: about 96 KB of records
		iim = append(iim, 0x1c, 2, 25, byte(len(caption)>>8), byte(len(caption)))
		iim = append(iim, caption...)
	}
	m := &Metadata{IPTC: wrapIIM(iim)}
	got, segs, dropped := segmentsRoundTrip(t, m)
	if len(dropped) != 0 || len(segs) != 2 || !bytes.Equal(got.IPTC, m.IPTC) {
		t.Fatalf("dropped %v, %d segments, read back %d of %d bytes", dropped, len(segs), len(got.IPTC), len(m.IPTC))
	}
	out, _, err := InsertJPEG(readFile(t, plainJPEG(t, 8, 8)), m)
	if err != nil {
		t.Fatal(err)
	}
	tags := exifJSON(t, writeTemp(t, "iptc.jpg", out), "-a", "-G1", "-IPTC:Keywords")
	kw, _ := tags["IPTC:Keywords"].([]any)
	if len(kw) != 12 || kw[11] != strings.TrimSpace(caption) && kw[11] != caption {
		t.Errorf("exiftool reads %d keywords", len(kw))
	}
}

// TestSummaryJSON checks the summary's JSON form, which pixtool info
// prints under --json.
func TestSummaryJSON(t *testing.T) {
	bo := orders[1]
	m := &Metadata{
		EXIF: fullSpec(bo).build(), ICC: makeICC("Display P3", 0),
		XMP: []byte(`<rdf:Description exif:GPSLatitude="48,51.4N" tiff:Orientation="8"/>`), Comments: []string{"c"},
	}
	j, err := json.Marshal(m.Summary())
	if err != nil {
		t.Fatal(err)
	}
	want := `{"exif":{"bytes":` + strconv.Itoa(len(m.EXIF)) + `,"byte_order":"MM","make":"Pix Camera","model":"Model 7",` +
		`"date_time":"2024:05:06 07:08:09","orientation":6,"gps":false,"thumbnail":true,"tags":8},` + // 5 in IFD0, 3 in the Exif IFD +
		`"icc":{"bytes":` + strconv.Itoa(len(m.ICC)) + `,"description":"Display P3"},` +
		`"xmp":{"bytes":` + strconv.Itoa(len(m.XMP)) + `,"orientation":8,"gps":true},"comments":["c"]}`
	if string(j) != want {
		t.Errorf("summary\n%s\nwant\n%s", j, want)
	}
}
