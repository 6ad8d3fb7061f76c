package main

import (
	"bytes"
	be "encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pixview/pixview/codec"
	"github.com/pixview/pixview/ops"
	"github.com/pixview/pixview/pixbuf"
)

// The toy format is a whole image format in one value, as a program adds
// one: "TOY1", width, height and channels as big-endian uint32s, then the
// 8-bit samples row by row. Its transform without decoding orients the
// raster as bytes and refuses crops (ErrUnsupported), so that pixtool's
// fallback to decoding is exercised too.
var toyFormat = &codec.Format{
	Name:       "toy",
	Extensions: []string{".toy"},
	MediaType:  "image/x-toy",
	Sniff:      func(b []byte) bool { return bytes.HasPrefix(b, []byte("TOY1")) },
	DecodeConfig: func(r io.Reader) (codec.Config, error) {
		v, err := readToy(r, true)
		if err != nil {
			return codec.Config{}, err
		}
		h, w, c := v.Shape()
		return codec.Config{Format: "toy", Width: w, Height: h, Channels: c, Depth: 8}, nil
	},
	Decode: func(r io.Reader, _ codec.Config, _ *codec.DecodeOptions) (codec.Pixels, error) {
		return readToy(r, false)
	},
	Encode: func(w io.Writer, p codec.Pixels, _ *codec.EncodeOptions) error {
		return writeToy(w, p.(pixbuf.View[uint8]))
	},
	Writes: codec.Writes{Depths: []int{8}, Channels: []int{1, 2, 3, 4}},
	Transform: func(w io.Writer, r io.Reader, t codec.Transform) (*codec.Result, error) {
		if !t.Crop.Empty() {
			return nil, fmt.Errorf("toy: crops need decoding: %w", codec.ErrUnsupported)
		}
		v, err := readToy(r, false)
		if err != nil {
			return nil, err
		}
		dst := pixbuf.New[uint8](v.Orient(t.Orientation).Shape())
		if err := ops.Orient(dst, v, t.Orientation); err != nil {
			return nil, err
		}
		if err := writeToy(w, dst); err != nil {
			return nil, err
		}
		return &codec.Result{FormatIn: "toy", FormatOut: "toy", Path: codec.PathLossless, Images: 1}, nil
	},
}

// readToy reads a toy file's header and, unless headerOnly, its samples.
func readToy(r io.Reader, headerOnly bool) (pixbuf.View[uint8], error) {
	var hdr [16]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil || string(hdr[:4]) != "TOY1" {
		return pixbuf.View[uint8]{}, fmt.Errorf("toy: bad header: %w", codec.ErrFormat)
	}
	w, h, c := be.BigEndian.Uint32(hdr[4:]), be.BigEndian.Uint32(hdr[8:]), be.BigEndian.Uint32(hdr[12:])
	if c < 1 || c > 4 || w < 1 || h < 1 || w > 1<<12 || h > 1<<12 {
		return pixbuf.View[uint8]{}, fmt.Errorf("toy: bad header: %w", codec.ErrFormat)
	}
	if headerOnly {
		return pixbuf.New[uint8](int(h), int(w), int(c)), nil
	}
	buf := make([]uint8, int(w*h*c))
	if _, err := io.ReadFull(r, buf); err != nil {
		return pixbuf.View[uint8]{}, fmt.Errorf("toy: %w: %w", codec.ErrFormat, err)
	}
	return pixbuf.Wrap(buf, int(h), int(w), int(c))
}

// writeToy writes v as a toy file.
func writeToy(w io.Writer, v pixbuf.View[uint8]) error {
	h, wd, c := v.Shape()
	hdr := []byte("TOY1")
	hdr = be.BigEndian.AppendUint32(hdr, uint32(wd))
	hdr = be.BigEndian.AppendUint32(hdr, uint32(h))
	hdr = be.BigEndian.AppendUint32(hdr, uint32(c))
	if _, err := w.Write(hdr); err != nil {
		return err
	}
	_, err := w.Write(v.Bytes())
	return err
}

// toyFile returns m (8 bits) as the bytes of a toy file.
func toyFile(t *testing.T, m img) []byte {
	t.Helper()
	buf := make([]uint8, len(m.pix))
	for i, s := range m.pix {
		buf[i] = uint8(s)
	}
	v, err := pixbuf.Wrap(buf, m.h, m.w, m.c)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := writeToy(&b, v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// readToyImg reads the toy file at path into an img.
func readToyImg(t *testing.T, path string) img {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := readToy(f, false)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	h, w, c := v.Shape()
	m := img{w: w, h: h, c: c, bits: 8}
	for _, b := range v.Bytes() {
		m.pix = append(m.pix, uint16(b))
	}
	return m
}

// TestToyFormat proves that a format is one value: registered in a
// registry of its own, the toy format runs through pixtool's run in
// process — found by a directory walk, identified by content, turned by
// its own transform without decoding, cropped by decoding when that
// transform declines, converted to and from PNG, described by info and
// offered by --to — without a line of pixtool knowing its name.
func TestToyFormat(t *testing.T) {
	fmts := formats{reg: codec.NewRegistry(append(codec.Default().Formats(), toyFormat)...)}
	dir := t.TempDir()
	m := pattern(7, 5, 3, 8)
	if err := os.WriteFile(filepath.Join(dir, "a.toy"), toyFile(t, m), 0o644); err != nil {
		t.Fatal(err)
	}
	pixtoolIn := func(want int, args ...string) (recs []record, stderr string) {
		t.Helper()
		var stdout, errb bytes.Buffer
		if code := run(fmts, args, nil, &stdout, &errb, false); code != want {
			t.Fatalf("pixtool %s: exit %d, want %d: %s", strings.Join(args, " "), code, want, errb.String())
		}
		if strings.Contains(strings.Join(args, " "), "--json") {
			var err error
			if recs, _, err = parseStream(stdout.Bytes()); err != nil {
				t.Fatal(err)
			}
		}
		return recs, errb.String()
	}

	out := filepath.Join(dir, "out")
	recs, _ := pixtoolIn(0, "rotate", "90", "--json", "--out", out, dir)
	if len(recs) != 1 || recs[0].Path != "lossless" || recs[0].FormatIn != "toy" || recs[0].FormatOut != "toy" {
		t.Errorf("rotate of a toy file: records %+v, want one by its own transform", recs)
	}
	if d := sameImage(readToyImg(t, filepath.Join(out, "a.toy")), m.rot90()); d != "" {
		t.Errorf("rotate 90: %s", d)
	}

	recs, _ = pixtoolIn(0, "crop", "--rect", "1,1,3,2", "--json", "--force", "--out", out, filepath.Join(dir, "a.toy"))
	if len(recs) != 1 || recs[0].Path != pathDecoded {
		t.Errorf("crop of a toy file: records %+v, want one decoded after the transform declined", recs)
	}
	if d := sameImage(readToyImg(t, filepath.Join(out, "a.toy")), m.crop(1, 1, 3, 2)); d != "" {
		t.Errorf("crop: %s", d)
	}

	pixtoolIn(0, "convert", "--to", "png", "-q", "--out", out, filepath.Join(dir, "a.toy"))
	checkImage(t, filepath.Join(out, "a.png"), m)
	pixtoolIn(0, "flip", "--horizontal", "--to", "toy", "-q", "--out", filepath.Join(dir, "back"), filepath.Join(out, "a.png"))
	if d := sameImage(readToyImg(t, filepath.Join(dir, "back", "a.toy")), m.flipH()); d != "" {
		t.Errorf("png -> toy: %s", d)
	}

	// In place, a toy file named .png stays a toy file.
	misnamed := filepath.Join(dir, "toy.png")
	if err := os.WriteFile(misnamed, toyFile(t, m), 0o644); err != nil {
		t.Fatal(err)
	}
	pixtoolIn(0, "transpose", "--in-place", "-q", misnamed)
	if d := sameImage(readToyImg(t, misnamed), oriented(t, m, pixbuf.Transpose)); d != "" {
		t.Errorf("transpose in place of a toy file named .png: %s", d)
	}

	var stdout bytes.Buffer
	if code := run(fmts, []string{"info", filepath.Join(dir, "a.toy")}, nil, &stdout, io.Discard, false); code != 0 ||
		!strings.Contains(stdout.String(), "\ttoy\t7x5\t3 ch\t8 bit\t") {
		t.Errorf("info: exit %d, %q", code, stdout.String())
	}
	stdout.Reset()
	if code := run(fmts, []string{"__complete", "flip", "--to", ""}, nil, &stdout, io.Discard, false); code != 0 || !strings.Contains(stdout.String(), "toy") {
		t.Errorf("--to completions %q lack toy", stdout.String())
	}
	// The default registry knows no toy.
	if code := run(defaultFormats(), []string{"info", filepath.Join(dir, "a.toy")}, nil, io.Discard, io.Discard, false); code != exitFailure {
		t.Errorf("info of a toy file without the toy format: exit %d, want %d", code, exitFailure)
	}
}

// TestPanickingFormat runs a batch over a format whose decoder panics: the
// panic is that file's failure, with its path once, and the batch goes on.
func TestPanickingFormat(t *testing.T) {
	boom := &codec.Format{
		Name: "boom", Extensions: []string{".boom"},
		Sniff: func(b []byte) bool { return bytes.HasPrefix(b, []byte("BOOM")) },
		DecodeConfig: func(io.Reader) (codec.Config, error) {
			return codec.Config{Format: "boom", Width: 3, Height: 2, Channels: 1, Depth: 8}, nil
		},
		Decode: func(io.Reader, codec.Config, *codec.DecodeOptions) (codec.Pixels, error) {
			panic("the decoder fell over")
		},
	}
	fmts := formats{reg: codec.NewRegistry(append(codec.Default().Formats(), toyFormat, boom)...)}
	dir := t.TempDir()
	data := toyFile(t, pattern(3, 2, 1, 8))
	copy(data, "BOOM")
	if err := os.WriteFile(filepath.Join(dir, "a.boom"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	writePNG(t, filepath.Join(dir, "b.png"), pattern(3, 2, 3, 8))
	var stdout, stderr bytes.Buffer
	code := run(fmts, []string{"flip", "--horizontal", "--to", "png", "--json", "--out", filepath.Join(dir, "out"), dir}, nil, &stdout, &stderr, false)
	recs, sum, err := parseStream(stdout.Bytes())
	if code != exitFailure || err != nil || sum.Done != 1 || sum.Failed != 1 {
		t.Fatalf("exit %d, summary %+v (%v); want one done, one failed", code, sum, err)
	}
	for _, rec := range recs {
		if strings.HasSuffix(rec.Input, "a.boom") && (rec.Status != statusFailed || !strings.Contains(rec.Error, "internal error: the decoder fell over")) {
			t.Errorf("a.boom: record %+v", rec)
		}
	}
	if strings.Count(stderr.String(), "a.boom") != 1 || strings.Contains(stderr.String(), "goroutine") {
		t.Errorf("stderr %q: want the file named once, no trace", stderr.String())
	}
}
