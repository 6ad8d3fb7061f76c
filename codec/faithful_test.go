package codec

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pixview/pixview/codec/meta"
	ptiff "github.com/pixview/pixview/codec/tiff"
	"github.com/pixview/pixview/pixbuf"
)

// animatedGIF returns a 3-frame full-screen animation with distinct
// delays and disposals, so that a transform that lost or reordered any of
// them would show.
func animatedGIF(t *testing.T) []byte {
	t.Helper()
	pal := color.Palette{color.Black, color.White, color.RGBA{255, 0, 0, 255}, color.RGBA{0, 0, 255, 255}}
	g := &gif.GIF{LoopCount: 3}
	for f := range 3 {
		m := image.NewPaletted(image.Rect(0, 0, 7, 5), pal)
		for i := range m.Pix {
			m.Pix[i] = uint8((i*(f+1) + i/7) % len(pal))
		}
		g.Image = append(g.Image, m)
		g.Delay = append(g.Delay, 10*(f+1))
		g.Disposal = append(g.Disposal, []byte{gif.DisposalNone, gif.DisposalBackground, gif.DisposalPrevious}[f])
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, g); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestGIFTransformEveryFrame checks the registered GIF Transform: every
// frame is flipped as it would be alone, and the frame count, delays,
// disposals and loop count are kept.
func TestGIFTransformEveryFrame(t *testing.T) {
	src := animatedGIF(t)
	f := Default().Lookup("gif")
	if f.Transform == nil {
		t.Fatal("gif has no Transform")
	}
	var out bytes.Buffer
	res, err := f.Transform(&out, bytes.NewReader(src), Transform{Orientation: pixbuf.FlipHorizontal})
	if err != nil {
		t.Fatal(err)
	}
	in, _ := gif.DecodeAll(bytes.NewReader(src))
	got, err := gif.DecodeAll(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if res.Images != 3 || len(got.Image) != 3 || res.BytesIn != int64(len(src)) || res.BytesOut != int64(out.Len()) {
		t.Fatalf("result %+v, %d frames decoded", res, len(got.Image))
	}
	if got.LoopCount != in.LoopCount {
		t.Errorf("loop count %d, want %d", got.LoopCount, in.LoopCount)
	}
	for i := range in.Image {
		if got.Delay[i] != in.Delay[i] || got.Disposal[i] != in.Disposal[i] {
			t.Errorf("frame %d: delay %d disposal %d, want %d %d", i, got.Delay[i], got.Disposal[i], in.Delay[i], in.Disposal[i])
		}
		a, b := in.Image[i], got.Image[i]
		w := a.Rect.Dx()
		for y := a.Rect.Min.Y; y < a.Rect.Max.Y; y++ {
			for x := a.Rect.Min.X; x < a.Rect.Max.X; x++ {
				if a.At(x, y) != b.At(w-1-x, y) {
					t.Fatalf("frame %d pixel (%d,%d) not mirrored", i, x, y)
				}
			}
		}
	}
}

// TestTIFFMultiPageRefused checks that a two-page TIFF is refused, naming
// its page count, rather than decoded as its first page.
func TestTIFFMultiPageRefused(t *testing.T) {
	v := pixbuf.New[uint8](4, 3, 1)
	var b bytes.Buffer
	if _, err := ptiff.Encode(&b, []ptiff.Page{{Pix8: v}, {Pix8: v}}); err != nil {
		t.Fatal(err)
	}
	_, err := Decode(bytes.NewReader(b.Bytes()), nil)
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "2 pages") {
		t.Fatalf("err = %v, want ErrUnsupported naming 2 pages", err)
	}
	// One page still decodes.
	b.Reset()
	if _, err := ptiff.Encode(&b, []ptiff.Page{{Pix8: v}}); err != nil {
		t.Fatal(err)
	}
	if _, err := Decode(bytes.NewReader(b.Bytes()), nil); err != nil {
		t.Fatalf("single page: %v", err)
	}
}

// dngLike returns a 2x2 8-bit gray TIFF whose IFD0 carries DNGVersion, the
// tag that makes a TIFF a DNG; its image is what a DNG's preview is.
func dngLike() []byte {
	type entry struct {
		tag, typ     uint16
		count, value uint32
	}
	entries := []entry{
		{256, 3, 1, 2}, {257, 3, 1, 2}, {258, 3, 1, 8}, {259, 3, 1, 1}, {262, 3, 1, 1},
		{273, 4, 1, 0}, {277, 3, 1, 1}, {278, 3, 1, 2}, {279, 4, 1, 4},
		{50706, 1, 4, 0x00000401}, // DNGVersion 1.4.0.0, bytes in the value field
	}
	ifd := 8
	data := ifd + 2 + 12*len(entries) + 4
	b := binary.LittleEndian.AppendUint32([]byte("II*\x00"), uint32(ifd))
	b = binary.LittleEndian.AppendUint16(b, uint16(len(entries)))
	for _, e := range entries {
		if e.tag == 273 {
			e.value = uint32(data)
		}
		b = binary.LittleEndian.AppendUint16(b, e.tag)
		b = binary.LittleEndian.AppendUint16(b, e.typ)
		b = binary.LittleEndian.AppendUint32(b, e.count)
		if e.typ == 3 {
			b = binary.LittleEndian.AppendUint16(b, uint16(e.value))
			b = append(b, 0, 0)
		} else if e.typ == 1 {
			b = append(b, 1, 4, 0, 0)
		} else {
			b = binary.LittleEndian.AppendUint32(b, e.value)
		}
	}
	b = append(b, 0, 0, 0, 0)
	return append(b, 10, 20, 30, 40)
}

// TestTIFFRawRefused checks that a TIFF-based RAW file is refused, never
// decoded as its preview.
func TestTIFFRawRefused(t *testing.T) {
	_, err := Decode(bytes.NewReader(dngLike()), nil)
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "RAW") {
		t.Fatalf("err = %v, want ErrUnsupported naming RAW", err)
	}
	if _, err := DecodeConfig(bytes.NewReader(dngLike())); !errors.Is(err, ErrUnsupported) {
		t.Fatalf("DecodeConfig: err = %v, want ErrUnsupported", err)
	}
}

// TestAPNGRefused checks that an animated PNG is refused with its frame
// count rather than decoded as its default image.
func TestAPNGRefused(t *testing.T) {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 3, 2))); err != nil {
		t.Fatal(err)
	}
	src := b.Bytes()
	// acTL after IHDR (8 signature + 25 IHDR chunk bytes): 5 frames, loop forever.
	body := append([]byte("acTL"), 0, 0, 0, 5, 0, 0, 0, 0)
	chunk := binary.BigEndian.AppendUint32(nil, 8)
	chunk = append(chunk, body...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(body))
	apng := append(append(append([]byte{}, src[:33]...), chunk...), src[33:]...)
	_, err := Decode(bytes.NewReader(apng), nil)
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "5 frames") {
		t.Fatalf("err = %v, want ErrUnsupported naming 5 frames", err)
	}
}

// TestTIFFStructureKept checks that a TIFF decoded and encoded again with
// its Source keeps compression, predictor, channels (no alpha added),
// depth and the ICC profile byte for byte, for each compression written.
func TestTIFFStructureKept(t *testing.T) {
	icc := bytes.Repeat([]byte("icc-profile-bytes"), 5000) // > 64 KB
	for _, comp := range []ptiff.Compression{ptiff.None, ptiff.LZW, ptiff.Deflate} {
		v := pixbuf.New[uint16](5, 7, 3)
		for y := range 5 {
			for x := range 7 {
				for c := range 3 {
					v.Set(y, x, c, uint16(y*7000+x*300+c*11))
				}
			}
		}
		var src bytes.Buffer
		page := ptiff.Page{Pix16: v, Compression: comp, Predictor: comp != ptiff.None, ICC: icc}
		if _, err := ptiff.Encode(&src, []ptiff.Page{page}); err != nil {
			t.Fatal(err)
		}
		img, err := Decode(bytes.NewReader(src.Bytes()), nil)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		var changes []Change
		if err := Default().Encode(&out, img.Pixels, "tiff", &EncodeOptions{Source: img.Source, Changes: &changes}); err != nil {
			t.Fatal(err)
		}
		info, err := ptiff.Inspect(bytes.NewReader(out.Bytes()), int64(out.Len()))
		if err != nil {
			t.Fatal(err)
		}
		p := info.Pages[0]
		wantPred := 1
		if comp != ptiff.None {
			wantPred = 2
		}
		if p.Compression != int(comp) || p.Predictor != wantPred || p.SamplesPerPixel != 3 || p.BitsPerSample[0] != 16 || !p.HasICC {
			t.Errorf("compression %d: wrote %+v", comp, p)
		}
		x, err := ptiff.ReadExtras(bytes.NewReader(out.Bytes()), int64(out.Len()), 0)
		if err != nil || !bytes.Equal(x.ICC, icc) {
			t.Errorf("compression %d: ICC not kept byte for byte (%v)", comp, err)
		}
		if len(changes) != 0 {
			t.Errorf("compression %d: changes %v", comp, changes)
		}
		back, err := Decode(bytes.NewReader(out.Bytes()), nil)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := back.Pixels.(pixbuf.View[uint16])
		if !ok {
			t.Fatalf("decoded %T", back.Pixels)
		}
		if h, w, c := got.Shape(); h != 5 || w != 7 || c != 3 {
			t.Fatalf("shape %d %d %d", h, w, c)
		}
		for y := range 5 {
			for x := range 7 {
				for c := range 3 {
					if got.At(y, x, c) != v.At(y, x, c) {
						t.Fatalf("compression %d: sample (%d,%d,%d) %d, want %d", comp, y, x, c, got.At(y, x, c), v.At(y, x, c))
					}
				}
			}
		}
	}
}

// exiftoolTags returns exiftool's -a -G1 view of file, without the groups
// that describe the file rather than the image (System, File, ExifTool)
// and the strip layout, which a writer chooses.
func exiftoolTags(t *testing.T, file string) map[string]any {
	t.Helper()
	out := runTool(t, nil, jpegTool(t, "exiftool"), "-a", "-G1", "-j", "-b", file)
	var recs []map[string]any
	if err := json.Unmarshal(out, &recs); err != nil || len(recs) != 1 {
		t.Fatalf("exiftool output: %v", err)
	}
	for k := range recs[0] {
		g, name, _ := strings.Cut(k, ":")
		switch {
		case k == "SourceFile", g == "System", g == "File", g == "ExifTool",
			name == "StripOffsets", name == "StripByteCounts", name == "RowsPerStrip":
			delete(recs[0], k)
		}
	}
	return recs[0]
}

// TestTIFFMetadataExiftool checks with exiftool that a camera-style TIFF
// (EXIF with GPS, XMP, an ICC profile over 64 KB) decoded and encoded
// again keeps every tag, and tiffinfo that the structure is kept.
func TestTIFFMetadataExiftool(t *testing.T) {
	exiftool := jpegTool(t, "exiftool")
	dir := t.TempDir()
	v := pixbuf.New[uint8](6, 9, 3)
	for i := range 6 * 9 * 3 {
		v.Set(i/27, i/3%9, i%3, uint8(i*7))
	}
	icc := bytes.Repeat([]byte{1, 2, 3, 4}, 20000)
	var src bytes.Buffer
	if _, err := ptiff.Encode(&src, []ptiff.Page{{Pix8: v, Compression: ptiff.LZW, Predictor: true, ICC: icc}}); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "in.tif")
	if err := os.WriteFile(in, src.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	runTool(t, nil, exiftool, "-q", "-overwrite_original", "-Make=Canon", "-Model=EOS 5D",
		"-DateTimeOriginal=2024:05:06 07:08:09", "-GPSLatitude=48.85", "-GPSLatitudeRef=N",
		"-GPSLongitude=2.35", "-GPSLongitudeRef=E", "-XMP-dc:Title=faithful", in)
	img, err := Load(in, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.tif")
	var changes []Change
	if err := Save(out, img.View8, &EncodeOptions{Source: img.Source, Changes: &changes}); err != nil {
		t.Fatal(err)
	}
	if len(changes) != 0 {
		t.Errorf("changes %v", changes)
	}
	a, b := exiftoolTags(t, in), exiftoolTags(t, out)
	for _, k := range []string{"IFD0:Make", "ExifIFD:DateTimeOriginal", "GPS:GPSLatitude", "XMP-dc:Title"} {
		if a[k] == nil {
			t.Fatalf("the source lacks %s: %v", k, a)
		}
	}
	for k, va := range a {
		if vb, ok := b[k]; !ok || fmt.Sprint(va) != fmt.Sprint(vb) {
			t.Errorf("%s: %v became %v", k, va, vb)
		}
	}
	for k, vb := range b {
		if _, ok := a[k]; !ok {
			t.Errorf("%s: %v added", k, vb)
		}
	}
	info := string(runTool(t, nil, jpegTool(t, "tiffinfo"), out))
	for _, want := range []string{"Compression Scheme: LZW", "Samples/Pixel: 3", "Bits/Sample: 8", "Predictor: horizontal differencing"} {
		if !strings.Contains(info, want) {
			t.Errorf("tiffinfo lacks %q:\n%s", want, info)
		}
	}
}

// TestPNGMetadataExiftool checks with exiftool that a PNG carrying camera
// EXIF with GPS and XMP keeps every tag through Decode and Encode with
// Image.Metadata, and that an applied orientation is written as 1.
func TestPNGMetadataExiftool(t *testing.T) {
	exiftool := jpegTool(t, "exiftool")
	dir := t.TempDir()
	var src bytes.Buffer
	if err := png.Encode(&src, image.NewRGBA(image.Rect(0, 0, 4, 3))); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "in.png")
	if err := os.WriteFile(in, src.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	runTool(t, nil, exiftool, "-q", "-overwrite_original", "-Make=Canon", "-Model=EOS 5D",
		"-DateTimeOriginal=2024:05:06 07:08:09", "-GPSLatitude=48.85", "-GPSLatitudeRef=N",
		"-XMP-dc:Title=faithful", "-IFD0:Orientation#=6", in)
	img, err := Load(in, nil)
	if err != nil {
		t.Fatal(err)
	}
	if img.Metadata == nil {
		t.Fatal("no metadata read")
	}
	out := filepath.Join(dir, "out.png")
	var changes []Change
	if err := Default().Save(out, img.Pixels, &EncodeOptions{Metadata: img.Metadata, Changes: &changes}); err != nil {
		t.Fatal(err)
	}
	a, b := exiftoolTags(t, in), exiftoolTags(t, out)
	for _, k := range []string{"IFD0:Make", "ExifIFD:DateTimeOriginal", "GPS:GPSLatitude", "XMP-dc:Title"} {
		if a[k] == nil {
			t.Fatalf("the source lacks %s: %v", k, a)
		}
	}
	// Orientation is applied, so it says 1; PNG's IHDR sizes follow the turn.
	changed := map[string]bool{"IFD0:Orientation": true, "PNG:ImageWidth": true, "PNG:ImageHeight": true, "Composite:ImageSize": true}
	for k, va := range a {
		if vb, ok := b[k]; !changed[k] && (!ok || fmt.Sprint(va) != fmt.Sprint(vb)) {
			t.Errorf("%s: %v became %v", k, va, vb)
		}
	}
	for k, vb := range b {
		if _, ok := a[k]; !ok {
			t.Errorf("%s: %v added", k, vb)
		}
	}
	if fmt.Sprint(b["IFD0:Orientation"]) != "Horizontal (normal)" || fmt.Sprint(b["PNG:ImageWidth"]) != "3" {
		t.Errorf("orientation %v, width %v", b["IFD0:Orientation"], b["PNG:ImageWidth"])
	}
	if len(changes) != 0 {
		t.Errorf("changes %v", changes)
	}
}

// TestMetadataSegments checks the JPEG segments the JPEG encoder is given:
// EXIF in APP1 with its prefix, and PNG text JPEG cannot hold reported.
func TestMetadataSegments(t *testing.T) {
	m := &meta.Metadata{EXIF: []byte("II*\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00"), Text: []meta.Text{{Keyword: "Title", Text: "x"}}}
	segs, changes := metadataSegmentsReport(m)
	if len(segs) != 1 || segs[0].Marker != 0xE1 || !bytes.HasPrefix(segs[0].Data, []byte("Exif\x00\x00")) {
		t.Errorf("segments %v", segs)
	}
	if len(changes) != 1 || changes[0].Kind != Dropped {
		t.Errorf("changes %v", changes)
	}
	if len(metadataSegments(m)) != 1 || metadataSegments(nil) != nil {
		t.Error("metadataSegments differs from metadataSegmentsReport")
	}
}

// TestPNGPaletteKept checks that a paletted PNG with a transparent entry
// is written paletted again from its Source, with the same colours, and
// as truecolour without it.
func TestPNGPaletteKept(t *testing.T) {
	pal := color.Palette{color.NRGBA{}, color.NRGBA{255, 0, 0, 255}, color.NRGBA{0, 0, 255, 255}}
	m := image.NewPaletted(image.Rect(0, 0, 5, 4), pal)
	for i := range m.Pix {
		m.Pix[i] = uint8(i % 3)
	}
	var src bytes.Buffer
	if err := png.Encode(&src, m); err != nil {
		t.Fatal(err)
	}
	img, err := Decode(bytes.NewReader(src.Bytes()), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, keep := range []bool{true, false} {
		opts := &EncodeOptions{}
		if keep {
			opts.Source = img.Source
		}
		var out bytes.Buffer
		if err := Default().Encode(&out, img.Pixels, "png", opts); err != nil {
			t.Fatal(err)
		}
		got, err := png.Decode(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := got.(*image.Paletted); ok != keep {
			t.Errorf("source kept %v: decoded %T", keep, got)
		}
		if keep {
			f := filepath.Join(t.TempDir(), "p.png")
			if err := os.WriteFile(f, out.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			v := string(runTool(t, nil, jpegTool(t, "pngcheck"), "-v", f))
			if !strings.Contains(v, "chunk PLTE") || !strings.Contains(v, "chunk tRNS") || !strings.Contains(v, "palette") {
				t.Errorf("pngcheck -v:\n%s", v)
			}
		}
		for y := range 4 {
			for x := range 5 {
				a := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
				b := color.NRGBAModel.Convert(got.At(x, y)).(color.NRGBA)
				if a != b && !(a.A == 0 && b.A == 0) {
					t.Fatalf("pixel (%d,%d) %v, want %v", x, y, b, a)
				}
			}
		}
	}
}
