package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/pixview/pixview/codec"
)

// TestConvertJPEGToPNMStreamed checks the band-by-band conversion of a
// JPEG to Netpbm against djpeg, the outside judge: baseline and
// progressive, colour to PPM and gray to PGM, sizes off the iMCU grid, a
// restart interval; the output equals djpeg -dct int -pnm's byte for byte,
// and the record says the decoded path. A file with an
// EXIF orientation takes the whole-image path and comes out upright
// (djpeg of the file, rotated by ImageMagick, is the judge there).
func TestConvertJPEGToPNMStreamed(t *testing.T) {
	needTool(t, "cjpeg", "libjpeg-turbo-progs")
	needTool(t, "djpeg", "libjpeg-turbo-progs")
	dir := t.TempDir()
	cases := []struct {
		name string
		args []string
		ext  string
	}{
		{"base.jpg", []string{"-quality", "90"}, ".ppm"},
		{"prog.jpg", []string{"-quality", "85", "-progressive", "-sample", "1x1"}, ".ppm"},
		{"rst.jpg", []string{"-quality", "75", "-restart", "1", "-sample", "2x1"}, ".ppm"},
		{"gray.jpg", []string{"-quality", "90", "-grayscale"}, ".pgm"},
	}
	for _, c := range cases {
		jpegFixture(t, dir, c.name, 203, 77, 1, c.args...)
	}
	for _, c := range cases {
		to := c.ext[1:]
		r := mustRun(t, dir, 0, "convert", "--to", to, "--json", "--out", "out-"+to, c.name)
		rec := records(t, r.stdout)[c.name]
		if rec.Path != pathDecoded || rec.FormatOut != to {
			t.Errorf("%s: record path %q format %q, want decoded, %s (its changes: TestStreamedRecordEqualsDecoded)", c.name, rec.Path, rec.FormatOut, to)
		}
		got, err := os.ReadFile(filepath.Join(dir, "out-"+to, c.name[:len(c.name)-4]+c.ext))
		if err != nil {
			t.Fatal(err)
		}
		if want := djpegOf(t, filepath.Join(dir, c.name)); !bytes.Equal(got, want) {
			t.Errorf("%s: pixtool convert --to %s differs from djpeg -dct int -pnm (%d bytes against %d)", c.name, to, len(got), len(want))
		}
	}
	// Orientation 6: the pixels are turned, so the whole image is decoded.
	magick := needTool(t, "convert", "imagemagick")
	rot := jpegFixture(t, dir, "rot.jpg", 203, 77, 6, "-quality", "90")
	mustRun(t, dir, 0, "convert", "--to", "ppm", "--out", "out-rot", "rot.jpg")
	got := readImage(t, filepath.Join(dir, "out-rot", "rot.ppm"))
	stored := filepath.Join(dir, "rot-stored.ppm")
	if err := os.WriteFile(stored, djpegOf(t, rot), 0o644); err != nil {
		t.Fatal(err)
	}
	upright := filepath.Join(dir, "rot-upright.ppm")
	tool(t, nil, magick, stored, "-rotate", "90", upright)
	if d := sameImage(got, readImage(t, upright)); d != "" {
		t.Errorf("rot.jpg: the converted file is not djpeg's pixels turned by 90 degrees: %s", d)
	}
}

// TestStreamedRecordEqualsDecoded checks that a JPEG converted to PPM band
// by band records what the whole-image path records: the metadata parts
// Netpbm cannot hold as codec's encoder reports them (EXIF, XMP, a comment),
// and under --strip what the strip took, with the rest reported as dropped.
func TestStreamedRecordEqualsDecoded(t *testing.T) {
	needTool(t, "cjpeg", "libjpeg-turbo-progs")
	exiftool := needTool(t, "exiftool", "libimage-exiftool-perl")
	dir := t.TempDir()
	path := jpegFixture(t, dir, "meta.jpg", 96, 64, 1, "-quality", "90")
	tool(t, nil, exiftool, "-q", "-overwrite_original", "-Make=Pixview", "-XMP-dc:Title=band", "-Comment=hello", path)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := codec.Default().Decode(bytes.NewReader(data), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, strip := range []bool{false, true} {
		args := []string{"convert", "--to", "ppm", "--json", "--force", "--out", "out", "meta.jpg"}
		md := img.Metadata
		var want []change
		if strip {
			args = append(args, "--strip")
			md, want = metaFilter{all: true}.filter(md)
		}
		var cs []codec.Change
		if err := codec.Default().Encode(io.Discard, img.Pixels, "ppm", &codec.EncodeOptions{Metadata: md, Changes: &cs}); err != nil {
			t.Fatal(err)
		}
		want = append(want, cs...)
		if len(want) == 0 {
			t.Fatal("the fixture carries no metadata: the test would prove nothing")
		}
		r := mustRun(t, dir, 0, args...)
		rec := records(t, r.stdout)["meta.jpg"]
		if !reflect.DeepEqual(rec.Changes, want) {
			t.Errorf("strip=%v: streamed record changes %v, want the whole-image path's %v", strip, rec.Changes, want)
		}
	}
}
