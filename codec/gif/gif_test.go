package gif

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/color/palette"
	stdgif "image/gif"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/pixview/pixview/codec/codecerr"
	"github.com/pixview/pixview/pixbuf"
)

var all = []pixbuf.Orientation{
	pixbuf.Identity, pixbuf.FlipHorizontal, pixbuf.Rotate180, pixbuf.FlipVertical,
	pixbuf.Transpose, pixbuf.Rotate90, pixbuf.Transverse, pixbuf.Rotate270,
}

// animation returns a GIF made by image/gif: frames at offsets, a local
// palette, transparency, several disposals and a loop count.
func animation(t testing.TB) []byte {
	t.Helper()
	g := &stdgif.GIF{LoopCount: 3, Config: image.Config{Width: 23, Height: 17, ColorModel: color.Palette(palette.Plan9[:64])}}
	rects := []image.Rectangle{image.Rect(0, 0, 23, 17), image.Rect(3, 2, 14, 9), image.Rect(10, 8, 23, 17), image.Rect(1, 12, 5, 16)}
	for k, r := range rects {
		pal := color.Palette(palette.Plan9[:64])
		if k == 2 {
			pal = color.Palette(palette.WebSafe[:16]) // a local table
		}
		p := image.NewPaletted(r, pal)
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				p.SetColorIndex(x, y, uint8((x*7+y*13+k*5)%len(pal)))
			}
		}
		g.Image = append(g.Image, p)
		g.Delay = append(g.Delay, 10*(k+1))
		g.Disposal = append(g.Disposal, []byte{stdgif.DisposalNone, stdgif.DisposalBackground, stdgif.DisposalPrevious, stdgif.DisposalNone}[k])
	}
	var b bytes.Buffer
	if err := stdgif.EncodeAll(&b, g); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func transform(t testing.TB, in []byte, o pixbuf.Orientation, crop image.Rectangle) ([]byte, *Report) {
	t.Helper()
	var out bytes.Buffer
	rep, err := Transform(&out, bytes.NewReader(in), o, crop, nil)
	if err != nil {
		t.Fatalf("Transform(%v, %v): %v", o, crop, err)
	}
	return out.Bytes(), rep
}

// frameView returns a frame's indices as a view of its rectangle.
func frameView(p *image.Paletted) pixbuf.View[uint8] {
	r := p.Bounds()
	v, err := pixbuf.WrapStrided(p.Pix, 0, r.Dy(), r.Dx(), 1, p.Stride, 1, 1)
	if err != nil {
		panic(err)
	}
	return v
}

// TestFramesAlone checks each output frame against its input frame
// oriented and cropped alone: its indices, its rectangle, its palette,
// delay and disposal.
func TestFramesAlone(t *testing.T) {
	in := animation(t)
	g, err := stdgif.DecodeAll(bytes.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range all {
		for _, crop := range []image.Rectangle{{}, image.Rect(2, 3, 14, 15), image.Rect(0, 0, 4, 4)} {
			out, rep := transform(t, in, o, crop)
			h, err := stdgif.DecodeAll(bytes.NewReader(out))
			if err != nil {
				t.Fatalf("%v %v: output does not decode: %v", o, crop, err)
			}
			if len(h.Image) != len(g.Image) || rep.Frames != len(g.Image) {
				t.Fatalf("%v %v: %d frames (report %d), want %d", o, crop, len(h.Image), rep.Frames, len(g.Image))
			}
			sw, sh := g.Config.Width, g.Config.Height
			screen := image.Rect(0, 0, sw, sh)
			if o.SwapsAxes() {
				screen = image.Rect(0, 0, sh, sw)
			}
			c := screen
			if !crop.Empty() {
				c = crop.Intersect(screen)
			}
			if h.Config.Width != c.Dx() || h.Config.Height != c.Dy() {
				t.Errorf("%v %v: screen %dx%d, want %v", o, crop, h.Config.Width, h.Config.Height, c.Size())
			}
			if h.LoopCount != g.LoopCount || fmt.Sprint(h.Delay) != fmt.Sprint(g.Delay) {
				t.Errorf("%v %v: loop %d delays %v, want %d %v", o, crop, h.LoopCount, h.Delay, g.LoopCount, g.Delay)
			}
			for k, f := range g.Image {
				want := frameView(f).Orient(o).Clone()
				r := orientRect(f.Bounds(), sw, sh, o).Intersect(c)
				got := h.Image[k]
				if r.Empty() {
					if got.Bounds() != image.Rect(0, 0, 1, 1) || h.Disposal[k] != stdgif.DisposalNone {
						t.Errorf("%v %v frame %d: placeholder %v disposal %d", o, crop, k, got.Bounds(), h.Disposal[k])
					}
					continue
				}
				if fmt.Sprint(got.Palette) != fmt.Sprint(f.Palette) {
					t.Errorf("%v %v frame %d: palette changed", o, crop, k)
				}
				if h.Disposal[k] != g.Disposal[k] {
					t.Errorf("%v %v frame %d: disposal %d, want %d", o, crop, k, h.Disposal[k], g.Disposal[k])
				}
				if got.Bounds() != r.Sub(c.Min) {
					t.Errorf("%v %v frame %d: rectangle %v, want %v", o, crop, k, got.Bounds(), r.Sub(c.Min))
					continue
				}
				fr := orientRect(f.Bounds(), sw, sh, o)
				want = want.Crop(r.Sub(fr.Min))
				if !frameView(got).Equal(want) {
					t.Errorf("%v %v frame %d: indices differ", o, crop, k)
				}
			}
		}
	}
}

// TestGroupLaw checks Orient(Orient(g, a), b) == Orient(g, a.Then(b)) on
// the whole file, byte for byte: the encoder is deterministic.
func TestGroupLaw(t *testing.T) {
	in := animation(t)
	for _, a := range all {
		ga, _ := transform(t, in, a, image.Rectangle{})
		for _, b := range all {
			gab, _ := transform(t, ga, b, image.Rectangle{})
			direct, _ := transform(t, in, a.Then(b), image.Rectangle{})
			if !bytes.Equal(gab, direct) {
				t.Errorf("Orient(Orient(g, %v), %v) != Orient(g, %v)", a, b, a.Then(b))
			}
		}
	}
	// The identity re-encodes the same indices: decoding gives the input.
	id, rep := transform(t, in, pixbuf.Identity, image.Rectangle{})
	if len(rep.Changes) != 0 {
		t.Errorf("identity reports %v", rep.Changes)
	}
	g1, _ := stdgif.DecodeAll(bytes.NewReader(in))
	g2, err := stdgif.DecodeAll(bytes.NewReader(id))
	if err != nil {
		t.Fatal(err)
	}
	for k := range g1.Image {
		if !bytes.Equal(g1.Image[k].Pix, g2.Image[k].Pix) {
			t.Errorf("identity: frame %d differs", k)
		}
	}
}

func TestInterlaceRoundTrip(t *testing.T) {
	for h := 0; h < 20; h++ {
		pix := make([]byte, 3*h)
		for i := range pix {
			pix[i] = byte(i)
		}
		if !bytes.Equal(deinterlace(interlace(pix, 3, h), 3, h), pix) {
			t.Errorf("height %d: deinterlace(interlace(p)) != p", h)
		}
	}
}

// TestKeepsBlocks checks that comments, application extensions and a
// GIF87a header survive, and that a frame reaching outside the screen is
// clipped and reported.
func TestKeepsBlocks(t *testing.T) {
	in := animation(t)
	// Insert a comment and an unknown application extension before the
	// first frame's graphic control extension.
	i := bytes.Index(in, []byte{0x21, 0xF9})
	comment := []byte("\x21\xfe\x05hello\x00")
	app := []byte("\x21\xff\x0bXMP DataXMP\x03abc\x00")
	in = append(append(append(append([]byte(nil), in[:i]...), comment...), app...), in[i:]...)
	out, _ := transform(t, in, pixbuf.Rotate90, image.Rect(1, 1, 10, 10))
	for _, b := range [][]byte{comment, app, []byte("NETSCAPE2.0")} {
		if !bytes.Contains(out, b) {
			t.Errorf("output lacks %q", b)
		}
	}
	// Stripping drops the comment and the XMP, keeps the loop count.
	var st bytes.Buffer
	rep, err := Transform(&st, bytes.NewReader(in), pixbuf.Identity, image.Rectangle{}, &Options{StripMetadata: true})
	if err != nil || bytes.Contains(st.Bytes(), comment) || bytes.Contains(st.Bytes(), app) || !bytes.Contains(st.Bytes(), []byte("NETSCAPE2.0")) || len(rep.Changes) != 2 {
		t.Errorf("StripMetadata: %v %+v", err, rep)
	}
	// A frame whose rectangle reaches beyond the screen.
	g := &stdgif.GIF{Config: image.Config{Width: 8, Height: 8, ColorModel: color.Palette(palette.Plan9[:4])}}
	p := image.NewPaletted(image.Rect(4, 4, 8, 8), palette.Plan9[:4])
	g.Image, g.Delay = []*image.Paletted{p}, []int{0}
	var b bytes.Buffer
	if err := stdgif.EncodeAll(&b, g); err != nil {
		t.Fatal(err)
	}
	raw := b.Bytes()
	d := bytes.IndexByte(raw[13+12:], 0x2C) + 13 + 12 // after the 4-colour global table
	put16(raw[d+5:], 6)                               // width 6 from x 4: past the 8-wide screen
	// Rewrite the frame's data for 6x4 indices.
	var fix bytes.Buffer
	fix.Write(raw[:d+10])
	fix.WriteByte(2)
	bw := bufioWriter(&fix)
	encode(bw, make([]byte, 24), 2)
	bw.Flush()
	fix.WriteByte(0x3B)
	_, rep = transform(t, fix.Bytes(), pixbuf.Identity, image.Rectangle{})
	if len(rep.Changes) != 1 || !strings.Contains(rep.Changes[0].Detail, "clipped") {
		t.Errorf("clipped frame reported as %v", rep.Changes)
	}
}

func TestHostile(t *testing.T) {
	in := animation(t)
	for n := 0; n < len(in)-1; n++ {
		_, err := Transform(&bytes.Buffer{}, bytes.NewReader(in[:n]), pixbuf.Rotate90, image.Rectangle{}, nil)
		if !errors.Is(err, codecerr.ErrFormat) {
			t.Fatalf("truncated at %d: %v, want ErrFormat", n, err)
		}
	}
	big := append([]byte(nil), in...)
	put16(big[6:], 60000)
	put16(big[8:], 60000)
	if _, err := Transform(&bytes.Buffer{}, bytes.NewReader(big), 0, image.Rectangle{}, &Options{MaxPixels: 1 << 20}); !errors.Is(err, codecerr.ErrTooLarge) {
		t.Errorf("huge screen: %v", err)
	}
	if _, err := Transform(&bytes.Buffer{}, bytes.NewReader(in), 0, image.Rectangle{}, &Options{MaxTotalPixels: 500}); !errors.Is(err, codecerr.ErrTooLarge) {
		t.Errorf("total limit: %v", err)
	}
	if _, err := Transform(&bytes.Buffer{}, bytes.NewReader(in), 0, image.Rect(100, 100, 110, 110), nil); !errors.Is(err, pixbuf.ErrBounds) {
		t.Errorf("crop outside: %v", err)
	}
}

// TestHugeFrameClaim checks that a few bytes claiming a 65535x4096 frame
// are refused without allocating the frame.
func TestHugeFrameClaim(t *testing.T) {
	in := []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00" + "\x2c\x00\x00\x00\x00\xff\xff\x00\x10\x00" + "\x08\x02\x00\x01\x00\x3b")
	var err error
	allocs := testing.AllocsPerRun(1, func() {
		_, err = Transform(io.Discard, bytes.NewReader(in), 0, image.Rectangle{}, nil)
	})
	if !errors.Is(err, codecerr.ErrFormat) {
		t.Errorf("err = %v", err)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	before := ms.TotalAlloc
	Transform(io.Discard, bytes.NewReader(in), 0, image.Rectangle{}, nil)
	runtime.ReadMemStats(&ms)
	if d := ms.TotalAlloc - before; d > 4<<20 {
		t.Errorf("allocated %d bytes (%v allocations) for a 30-byte file", d, allocs)
	}
}

func FuzzTransform(f *testing.F) {
	f.Add(animation(f))
	for _, name := range []string{"../../testdata/triangle-001.gif", "../../testdata/video-001.5bpp.gif"} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		opts := &Options{MaxPixels: 1 << 16, MaxTotalPixels: 1 << 18}
		var out bytes.Buffer
		if _, err := Transform(&out, bytes.NewReader(in), pixbuf.Rotate90, image.Rect(1, 0, 50, 40), opts); err != nil {
			return
		}
		// What it writes, it reads back.
		if _, err := Transform(&bytes.Buffer{}, bytes.NewReader(out.Bytes()), pixbuf.Rotate270, image.Rectangle{}, opts); err != nil {
			t.Fatalf("output does not transform again: %v", err)
		}
	})
}

// ---- outside tools ----

func need(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s not installed", tool)
			}
			t.Skipf("%s not installed", tool)
		}
	}
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// timing keeps what gifsicle --info says about the animation except
// geometry and colour table sizes.
var timing = regexp.MustCompile(`(?m)^\s*(loop count.*|comment.*|disposal.*|\+ image #\d+)`)

func infoTiming(t *testing.T, file string) string {
	s := run(t, "gifsicle", "--info", file)
	s = regexp.MustCompile(`(\+ image #\d+).*`).ReplaceAllString(s, "$1")
	return strings.Join(timing.FindAllString(s, -1), "\n")
}

// coalesce returns the composited frames of file as ImageMagick draws them.
func coalesce(t *testing.T, file string) []*image.NRGBA {
	dir := t.TempDir()
	run(t, "convert", file, "-coalesce", filepath.Join(dir, "f%03d.png"))
	var frames []*image.NRGBA
	for k := 0; ; k++ {
		b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("f%03d.png", k)))
		if err != nil {
			break
		}
		m, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		r := m.Bounds()
		n := image.NewNRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
		for y := 0; y < r.Dy(); y++ {
			for x := 0; x < r.Dx(); x++ {
				c := color.NRGBAModel.Convert(m.At(r.Min.X+x, r.Min.Y+y)).(color.NRGBA)
				if c.A == 0 {
					c = color.NRGBA{}
				}
				n.SetNRGBA(x, y, c)
			}
		}
		frames = append(frames, n)
	}
	return frames
}

func nrgbaView(m *image.NRGBA) pixbuf.View[uint8] {
	v, _ := pixbuf.Wrap(m.Pix, m.Rect.Dy(), m.Rect.Dx(), 4)
	return v
}

// TestOutsideTools transforms animations made by ImageMagick and gifsicle
// (offsets, local palettes, comments, interlace, loop count) and checks with
// gifsicle --info that frame count, delays, disposal, loop count and
// comments are kept, and with ImageMagick's -coalesce that each composited
// frame equals the input's composited frame transformed alone.
func TestOutsideTools(t *testing.T) {
	need(t, "gifsicle", "convert")
	dir := t.TempDir()
	a := filepath.Join(dir, "a.gif")
	run(t, "convert", "-loop", "3", "-delay", "10", "-dispose", "previous", "-size", "37x23", "gradient:red-blue",
		"-delay", "20", "-dispose", "background", "-page", "+5+3", "-size", "13x9", "gradient:green-yellow",
		"-delay", "30", "-dispose", "none", "-page", "+20+11", "-size", "11x7", "pattern:checkerboard", a)
	b := filepath.Join(dir, "b.gif")
	run(t, "gifsicle", "--comment", "hello there", "--interlace", a, "-o", b)
	for _, src := range []string{a, b} {
		in, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		wantInfo := infoTiming(t, src)
		inFrames := coalesce(t, src)
		if len(inFrames) != 3 {
			t.Fatalf("%s: %d coalesced frames", src, len(inFrames))
		}
		for _, c := range []struct {
			o    pixbuf.Orientation
			crop image.Rectangle
		}{{pixbuf.Rotate90, image.Rectangle{}}, {pixbuf.Transverse, image.Rect(2, 4, 19, 30)}, {pixbuf.FlipHorizontal, image.Rect(0, 0, 12, 12)}} {
			out, rep := transform(t, in, c.o, c.crop)
			of := filepath.Join(dir, "out.gif")
			if err := os.WriteFile(of, out, 0o644); err != nil {
				t.Fatal(err)
			}
			got, want := infoTiming(t, of), wantInfo
			if len(rep.Changes) > 0 {
				// Placeholder frames say "asis": compare the rest.
				noDisposal := regexp.MustCompile(`disposal \w+ `)
				got, want = noDisposal.ReplaceAllString(got, ""), noDisposal.ReplaceAllString(want, "")
			}
			if got != want {
				t.Errorf("%s %v %v: gifsicle --info\n%s\nwant\n%s", filepath.Base(src), c.o, c.crop, got, want)
			}
			if strings.Contains(src, "b.gif") && !strings.Contains(run(t, "gifsicle", "--info", of), "interlaced") {
				t.Errorf("%s: interlace lost", src)
			}
			outFrames := coalesce(t, of)
			if len(outFrames) != len(inFrames) {
				t.Fatalf("%d frames out, %d in", len(outFrames), len(inFrames))
			}
			for k := range inFrames {
				want := nrgbaView(inFrames[k]).Orient(c.o)
				if !c.crop.Empty() {
					want = want.Crop(c.crop)
				}
				if !nrgbaView(outFrames[k]).Equal(want) {
					t.Errorf("%s %v %v: composited frame %d differs", filepath.Base(src), c.o, c.crop, k)
				}
			}
		}
	}
}

func bufioWriter(w io.Writer) *bufio.Writer { return bufio.NewWriter(w) }
