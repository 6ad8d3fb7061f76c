package meta

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"
)

// makeICC builds a valid version 2 ICC display profile whose 'desc' tag
// says desc, padded by a private 'data' tag of pad bytes so that it can be
// made larger than one JPEG segment.
func makeICC(desc string, pad int) []byte {
	type tag struct {
		sig  string
		data []byte
	}
	be := binary.BigEndian
	descData := []byte("desc\x00\x00\x00\x00")
	descData = be.AppendUint32(descData, uint32(len(desc)+1))
	descData = append(descData, desc...)
	descData = append(descData, 0)
	descData = append(descData, make([]byte, 4+4+2+1+67)...) // no Unicode or ScriptCode description
	xyz := func(x, y, z uint32) []byte {
		d := []byte("XYZ \x00\x00\x00\x00")
		d = be.AppendUint32(d, x)
		d = be.AppendUint32(d, y)
		return be.AppendUint32(d, z)
	}
	padData := []byte("data\x00\x00\x00\x00\x00\x00\x00\x01")
	for i := range pad {
		padData = append(padData, byte(i*31+7))
	}
	tags := []tag{
		{"desc", descData},
		{"cprt", append([]byte("text\x00\x00\x00\x00"), "No copyright, test profile\x00"...)},
		{"wtpt", xyz(0xf6d6, 0x10000, 0xd32d)},
		{"pxvw", padData},
	}
	off := 128 + 4 + 12*len(tags)
	var table, body []byte
	table = be.AppendUint32(table, uint32(len(tags)))
	for _, tg := range tags {
		for len(body)%4 != 0 {
			body = append(body, 0)
		}
		table = append(table, tg.sig...)
		table = be.AppendUint32(table, uint32(off+len(body)))
		table = be.AppendUint32(table, uint32(len(tg.data)))
		body = append(body, tg.data...)
	}
	for len(body)%4 != 0 {
		body = append(body, 0)
	}
	h := make([]byte, 128)
	be.PutUint32(h[0:], uint32(128+len(table)+len(body)))
	copy(h[4:], "none")
	be.PutUint32(h[8:], 0x02100000)
	copy(h[12:], "mntrRGB XYZ ")
	be.PutUint16(h[24:], 2024) // date: 2024-01-02 03:04:05
	be.PutUint16(h[26:], 1)
	be.PutUint16(h[28:], 2)
	be.PutUint16(h[30:], 3)
	be.PutUint16(h[32:], 4)
	be.PutUint16(h[34:], 5)
	copy(h[36:], "acsp")
	be.PutUint32(h[68:], 0xf6d6) // D50 illuminant
	be.PutUint32(h[72:], 0x10000)
	be.PutUint32(h[76:], 0xd32d)
	return append(append(h, table...), body...)
}

// makeICCv4 builds a minimal version 4 profile whose 'desc' tag is a
// multiLocalizedUnicodeType with a German and an English record.
func makeICCv4(de, en string) []byte {
	be := binary.BigEndian
	u16 := func(s string) []byte {
		var b []byte
		for _, r := range utf16.Encode([]rune(s)) {
			b = be.AppendUint16(b, r)
		}
		return b
	}
	d := []byte("mluc\x00\x00\x00\x00")
	d = be.AppendUint32(d, 2)
	d = be.AppendUint32(d, 12)
	recs := 16 + 24
	d = append(d, "deDE"...)
	d = be.AppendUint32(d, uint32(len(u16(de))))
	d = be.AppendUint32(d, uint32(recs))
	d = append(d, "enUS"...)
	d = be.AppendUint32(d, uint32(len(u16(en))))
	d = be.AppendUint32(d, uint32(recs+len(u16(de))))
	d = append(append(d, u16(de)...), u16(en)...)
	h := make([]byte, 128)
	be.PutUint32(h[8:], 0x04300000)
	copy(h[12:], "mntrRGB XYZ ")
	copy(h[36:], "acsp")
	out := append(h, 0, 0, 0, 1)
	out = append(out, "desc"...)
	out = be.AppendUint32(out, uint32(128+4+12))
	out = be.AppendUint32(out, uint32(len(d)))
	out = append(out, d...)
	be.PutUint32(out, uint32(len(out)))
	return out
}

// plainPNG writes a small RGB PNG without metadata and returns its path.
func plainPNG(t *testing.T, w, h int) string {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 13)
		if i%4 == 3 {
			img.Pix[i] = 255
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "plain.png")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// writeTemp writes data to a new file in a temporary directory.
func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// metaTags returns exiftool's view (-a -G1 -n) of a file's metadata: every
// tag except those describing the file itself (System, File, ExifTool and
// Composite groups, PNG and JFIF structure), which differ between files
// carrying the same metadata.
func metaTags(t *testing.T, path string) map[string]any {
	t.Helper()
	return metaTagsOf(t, path)[0]
}

// metaTagsOf is metaTags of several files, read in one exiftool run.
func metaTagsOf(t *testing.T, paths ...string) []map[string]any {
	t.Helper()
	var res []map[string]any
	for _, all := range exifJSONs(t, paths, "-a", "-G1", "-n", "-b") {
		res = append(res, filterTags(all))
	}
	return res
}

// filterTags keeps the tags of metaTags.
func filterTags(all map[string]any) map[string]any {
	out := make(map[string]any)
	for k, v := range all {
		group, _, _ := strings.Cut(k, ":")
		switch group {
		case "SourceFile", "System", "Composite":
			continue
		case "ExifTool":
			if k != "ExifTool:Warning" {
				continue
			}
		case "File":
			if k != "File:Comment" {
				continue
			}
		case "PNG":
			switch k {
			case "PNG:ImageWidth", "PNG:ImageHeight", "PNG:BitDepth", "PNG:ColorType", "PNG:Compression", "PNG:Filter", "PNG:Interlace":
				continue
			}
		}
		out[k] = v
	}
	return out
}

// diffTags lists the differences between two exiftool views, skipping
// the keys in skip, sorted.
func diffTags(a, b map[string]any, skip ...string) []string {
	var d []string
	isSkipped := func(k string) bool {
		for _, s := range skip {
			if k == s || (strings.HasSuffix(s, ":") && strings.HasPrefix(k, s)) {
				return true
			}
		}
		return false
	}
	for k, v := range a {
		if isSkipped(k) {
			continue
		}
		if w, ok := b[k]; !ok {
			d = append(d, fmt.Sprintf("%s lost (was %.80v)", k, v))
		} else if fmt.Sprint(v) != fmt.Sprint(w) {
			d = append(d, fmt.Sprintf("%s: %.80v -> %.80v", k, v, w))
		}
	}
	for k, w := range b {
		if _, ok := a[k]; !ok && !isSkipped(k) {
			d = append(d, fmt.Sprintf("%s added (%.80v)", k, w))
		}
	}
	sort.Strings(d)
	return d
}
