package bench

import (
	"bytes"
	"image"
	"image/color"
	"image/color/palette"
	"image/jpeg"
	"image/png"
	"io"
	"runtime"
	"testing"

	"github.com/pixview/pixview/codec"
	pjpeg "github.com/pixview/pixview/codec/jpeg"
	"github.com/pixview/pixview/pixbuf"
)

// BenchmarkCodec measures the bridge to image.Image. FromImage per source
// type, at 12 MP and 1080p; against the per-pixel At() path a Go programmer
// would write at 1080p (it takes seconds at 12 MP), and in the 4:2:0 case
// against jpeg.Decode itself, the decode it follows, at 12 MP. Encoding at
// 1080p (PNG at BestSpeed, JPEG at quality 75): an RGB view through the
// ToImage adapter, through codec.Encode and as a flipped view, against the
// same pixels as *image.NRGBA. At 12 MP, pixview's own JPEG codec against
// image/jpeg (see benchJPEGPixels). Bytes are the RGB24 image's.
func BenchmarkCodec(b *testing.B) {
	if testing.Short() {
		b.Run(sizeSmall.name, func(b *testing.B) {
			benchFromImage(b, sizeSmall, true)
			benchJPEGPixels(b, sizeSmall)
			benchEncode(b, sizeSmall)
		})
		return
	}
	b.Run(size12MP.name, func(b *testing.B) { benchJPEGPixels(b, size12MP); benchFromImage(b, size12MP, false) })
	b.Run(size1080p.name, func(b *testing.B) { benchFromImage(b, size1080p, true); benchEncode(b, size1080p) })
}

// fromImageSources returns the source images of the FromImage rows, all
// holding s's photo pixels, by the op name they are measured under.
func fromImageSources(s size) []struct {
	op  string
	img image.Image
} {
	v := photo(s)
	return fromImageSourcesOf(v, jpegDecoded(encodeJPEG(v)))
}

// fromImageSourcesOf is fromImageSources with the JPEG-decoded YCbCr image
// given.
func fromImageSourcesOf(v pixbuf.View[uint8], decoded image.Image) []struct {
	op  string
	img image.Image
} {
	nrgba := rgbToNRGBA(v)
	r := nrgba.Rect
	opaque := &image.RGBA{Pix: nrgba.Pix, Stride: nrgba.Stride, Rect: r}
	alpha := image.NewRGBA(r)
	n := noise(len(alpha.Pix), 11)
	for i := 0; i < len(n); i += 4 {
		a := n[i+3] | 0x0f
		alpha.Pix[i], alpha.Pix[i+1], alpha.Pix[i+2], alpha.Pix[i+3] = min(n[i], a), min(n[i+1], a), min(n[i+2], a), a
	}
	pal := image.NewPaletted(r, palette.Plan9)
	copy(pal.Pix, noise(len(pal.Pix), 12))
	cmyk := image.NewCMYK(r)
	copy(cmyk.Pix, noise(len(cmyk.Pix), 13))
	gray := image.NewGray(r)
	copy(gray.Pix, noise(len(gray.Pix), 14))
	return []struct {
		op  string
		img image.Image
	}{
		{"FromYCbCr420", decoded},
		{"FromYCbCr422", ycbcr(r, image.YCbCrSubsampleRatio422)},
		{"FromYCbCr444", ycbcr(r, image.YCbCrSubsampleRatio444)},
		{"FromPaletted", pal},
		{"FromCMYK", cmyk},
		{"FromRGBAAlpha", alpha},
		{"FromNRGBA", nrgba},
		{"FromRGBAOpaque", opaque},
		{"FromGray", gray},
	}
}

// benchFromImage runs the FromImage rows at s, with the At() path if withAt.
func benchFromImage(b *testing.B, s size, withAt bool) {
	n := 3 * s.pixels()
	v := photo(s)
	jpg := encodeJPEG(v)
	// A row whose op allocates its result afresh is timed, at 12 MP (a 36
	// MB view), from the same heap (see loopAfterGC), so that the row that
	// happens to grow the process first does not pay the page faults of
	// the group, more than a conversion takes. Rows that allocate nothing
	// (the zero-copy sources) and smaller images keep the plain loop: a
	// collection before each of their sub-microsecond (or ~1 ms) ops made
	// the Codec group take tens of minutes.
	loop := func(op func(b *testing.B)) func(b *testing.B) {
		return func(b *testing.B) {
			once := func() { op(b) }
			if s.pixels() >= size12MP.pixels() && allocates(once) {
				loopAfterGC(b, once) // once ran untimed: the heap holds one op
				return
			}
			for b.Loop() {
				once()
			}
		}
	}
	bench(b, "DecodeJPEG/stdlib", n, loop(func(b *testing.B) {
		if _, err := jpeg.Decode(bytes.NewReader(jpg)); err != nil {
			b.Fatal(err)
		}
	}))
	for _, src := range fromImageSourcesOf(v, jpegDecoded(jpg)) {
		bench(b, src.op+"/pixview", n, loop(func(b *testing.B) {
			if _, err := codec.FromImage(src.img); err != nil {
				b.Fatal(err)
			}
		}))
		if withAt {
			bench(b, src.op+"/At", n, loop(func(*testing.B) { viaAt(src.img) }))
		}
	}
	if !withAt {
		refs(b, n) // else benchEncode measures them at this size
	}
}

// allocates runs op once and reports whether it allocated a megabyte or
// more.
func allocates(op func()) bool {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	op()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc-before.TotalAlloc >= 1<<20
}

// loopAfterGC runs op in b's loop, collecting garbage untimed before each
// op, so that every op starts from the same heap: the last op's buffers
// free to reuse. The caller runs op once untimed first, so the heap has
// grown to hold one op. Without this, the decode rows measured the page
// faults of growing the process more than the decodes: the report runs a
// group in a fresh process with a 100ms benchtime (one or two ops a row),
// a 12 MP decode needs 36-54 MB of new heap, and the first touch of a new
// page costs ~15 µs on the project's VM (9-13k faults, 150-300 ms, against
// 50-180 ms of decoding); which row paid them depended on the order of the
// rows and the GC's pacing (pixview's row, first, paid the group's heap
// growth), not on the decoder. Collection is untimed for both sides alike
// (the reference, which allocates more, gains more from it).
func loopAfterGC(b *testing.B, op func()) {
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		b.StartTimer()
		op()
	}
}

// benchJPEGPixels measures pixview's JPEG pixel codec (codec/jpeg) against
// image/jpeg on s's photo at quality 90, 4:2:0:
//
//   - DecodeJPEG/pixview: a baseline file (image/jpeg's encoding) into a new
//     RGB view, streamed; DecodeJPEG/pixview-progressive: the same pixels
//     as a progressive file, whose coefficients are held; both report
//     work-B/px, the bytes allocated beyond the view per pixel.
//   - DecodeJPEG/stdlib+FromImage: image/jpeg.Decode and codec.FromImage,
//     what the same RGB view costs without pixview's decoder.
//   - EncodeJPEG/pixview-q90: an RGB view (cjpeg -optimize's coding);
//     EncodeJPEG/stdlib-q90: image/jpeg.Encode of the same pixels as an
//     opaque *image.RGBA, its fastest input.
//
// The decode rows time each op from the same heap state (see loopAfterGC).
func benchJPEGPixels(b *testing.B, s size) {
	v := photo(s)
	n := v.NBytes()
	px := s.pixels()
	baseline := encodeJPEG(v)
	var prog bytes.Buffer
	if _, err := pjpeg.EncodePixels(&prog, v, &pjpeg.PixelEncodeOptions{Quality: 90, Progressive: true}); err != nil {
		b.Fatal(err)
	}
	decode := func(data []byte) func(b *testing.B) {
		return func(b *testing.B) {
			decodeOnce := func() {
				if _, _, err := pjpeg.DecodePixelsBytes(data, nil); err != nil {
					b.Fatal(err)
				}
			}
			decodeOnce() // untimed: the heap grows to hold one decode
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			loopAfterGC(b, decodeOnce)
			runtime.ReadMemStats(&m1)
			perOp := float64(m1.TotalAlloc-m0.TotalAlloc) / float64(b.N)
			b.ReportMetric((perOp-float64(n))/float64(px), "work-B/px")
		}
	}
	bench(b, "DecodeJPEG/pixview", n, decode(baseline))
	bench(b, "DecodeJPEG/pixview-progressive", n, decode(prog.Bytes()))
	bench(b, "DecodeJPEG/stdlib+FromImage", n, func(b *testing.B) {
		decodeOnce := func() {
			img, err := jpeg.Decode(bytes.NewReader(baseline))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := codec.FromImage(img); err != nil {
				b.Fatal(err)
			}
		}
		decodeOnce() // untimed: the heap grows to hold one decode
		loopAfterGC(b, decodeOnce)
	})
	nrgba := rgbToNRGBA(v)
	rgba := &image.RGBA{Pix: nrgba.Pix, Stride: nrgba.Stride, Rect: nrgba.Rect} // opaque: the same bytes
	bench(b, "EncodeJPEG/pixview-q90", n, func(b *testing.B) {
		for b.Loop() {
			if _, err := pjpeg.EncodePixels(io.Discard, v, &pjpeg.PixelEncodeOptions{Quality: 90}); err != nil {
				b.Fatal(err)
			}
		}
	})
	bench(b, "EncodeJPEG/stdlib-q90", n, func(b *testing.B) {
		for b.Loop() {
			if err := jpeg.Encode(io.Discard, rgba, &jpeg.Options{Quality: 90}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func benchEncode(b *testing.B, s size) {
	v := photo(s)
	n := v.NBytes()
	nrgba := rgbToNRGBA(v)
	flippedNRGBA := rgbToNRGBA(v.FlipH().Clone())
	// PNG at BestSpeed, so that the time goes to fetching pixels, where the
	// adapter and *image.NRGBA differ, more than to deflate.
	fastPNG := &png.Encoder{CompressionLevel: png.BestSpeed}
	for _, f := range []struct {
		op  string
		enc func(w io.Writer, img image.Image) error
	}{
		{"EncodePNG", func(w io.Writer, img image.Image) error { return fastPNG.Encode(w, img) }},
		{"EncodeJPEG", func(w io.Writer, img image.Image) error { return jpeg.Encode(w, img, nil) }},
	} {
		format := map[string]string{"EncodePNG": "png", "EncodeJPEG": "jpeg"}[f.op]
		rows := []struct {
			impl string
			run  func() error
		}{
			{"nrgba", func() error { return f.enc(io.Discard, nrgba) }},
			{"adapter-rgb", func() error { return f.enc(io.Discard, codec.ToImage(v)) }},
			{"codec", func() error {
				return codec.Encode(io.Discard, v, format, &codec.EncodeOptions{PNGCompression: fastPNG.CompressionLevel})
			}},
			{"nrgba-flipped", func() error { return f.enc(io.Discard, flippedNRGBA) }},
			{"adapter-flipped", func() error { return f.enc(io.Discard, codec.ToImage(v.FlipH())) }},
		}
		for _, r := range rows {
			bench(b, f.op+"/"+r.impl, n, func(b *testing.B) {
				for b.Loop() {
					if err := r.run(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
	refs(b, n)
}

// photo returns an RGB24 view of smooth gradients with a little noise, which
// compresses like a photograph rather than like noise.
func photo(s size) pixbuf.View[uint8] {
	v := pixbuf.New[uint8](s.h, s.w, 3)
	p := samples(v)
	n := noise(s.pixels(), 5)
	for y := range s.h {
		for x := range s.w {
			i, d := y*s.w+x, n[y*s.w+x]>>4
			p[3*i], p[3*i+1], p[3*i+2] = uint8(x*255/s.w)+d, uint8(y*255/s.h)+d, uint8((x+y)*127/(s.w+s.h))+d
		}
	}
	return v
}

// encodeJPEG returns v encoded as a JPEG of quality 90 (4:2:0, as Go's
// encoder writes colour).
func encodeJPEG(v pixbuf.View[uint8]) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, rgbToNRGBA(v), &jpeg.Options{Quality: 90}); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// jpegDecoded returns the *image.YCbCr (4:2:0) that jpeg.Decode returns for
// a JPEG of a photo.
func jpegDecoded(jpg []byte) image.Image {
	img, err := jpeg.Decode(bytes.NewReader(jpg))
	if err != nil {
		panic(err)
	}
	return img
}

// ycbcr returns a YCbCr image of the given subsampling filled with noise.
func ycbcr(r image.Rectangle, ratio image.YCbCrSubsampleRatio) *image.YCbCr {
	img := image.NewYCbCr(r, ratio)
	copy(img.Y, noise(len(img.Y), 21))
	copy(img.Cb, noise(len(img.Cb), 22))
	copy(img.Cr, noise(len(img.Cr), 23))
	return img
}

// viaAt converts img the way code without fast paths does: At() per pixel
// through the color.Color interface, into RGBA bytes (straight alpha).
func viaAt(img image.Image) []byte {
	b := img.Bounds()
	out := make([]byte, 0, 4*b.Dx()*b.Dy())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			out = append(out, c.R, c.G, c.B, c.A)
		}
	}
	return out
}

// TestFromImageMatchesAt checks that every source the Codec group converts
// gives the same pixels through FromImage as through the At() path, within
// one level of rounding.
func TestFromImageMatchesAt(t *testing.T) {
	s := size{"t", 35, 22}
	for _, src := range fromImageSources(s) {
		v, err := codec.FromImage(src.img)
		if err != nil {
			t.Fatalf("%s: %v", src.op, err)
		}
		want := viaAt(src.img)
		h, w, c := v.Shape()
		worst := 0
		for y := range h {
			for x := range w {
				for k := range 4 {
					got := uint8(255)
					switch {
					case c == 1 && k < 3:
						got = v.At(y, x, 0)
					case k < c:
						got = v.At(y, x, k)
					}
					worst = max(worst, absDiff(got, want[4*(y*w+x)+k]))
				}
			}
		}
		if worst > 1 {
			t.Errorf("%s: FromImage differs from At() by up to %d", src.op, worst)
		}
	}
}

// TestAdapterEncodesSamePixels checks that PNG through the adapter, through
// codec.Encode and of the NRGBA image decode to the same pixels.
func TestAdapterEncodesSamePixels(t *testing.T) {
	v := photo(size{"t", 33, 19})
	var a, c, n bytes.Buffer
	if err := png.Encode(&a, codec.ToImage(v.FlipH())); err != nil {
		t.Fatal(err)
	}
	if err := codec.Encode(&c, v.FlipH(), "png", nil); err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(&n, rgbToNRGBA(v.FlipH().Clone())); err != nil {
		t.Fatal(err)
	}
	want := viaAt(mustDecode(t, n.Bytes()))
	for name, buf := range map[string][]byte{"adapter": a.Bytes(), "codec.Encode": c.Bytes()} {
		if got := viaAt(mustDecode(t, buf)); !bytes.Equal(got, want) {
			t.Errorf("%s: PNG pixels differ from the NRGBA encoding's", name)
		}
	}
}

func mustDecode(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}
