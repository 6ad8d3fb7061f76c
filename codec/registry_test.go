package codec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// toyFormat is a whole image format in one value, as a program adds one:
// "TOY1", then width, height and channels as big-endian uint32s, then the
// 8-bit samples row by row. That it runs through Load and Save below with
// no other change to codec is what "a format is one file" means.
var toyFormat = &Format{
	Name:       "toy",
	Extensions: []string{".toy"},
	MediaType:  "image/x-toy",
	Sniff:      func(b []byte) bool { return bytes.HasPrefix(b, []byte("TOY1")) },
	DecodeConfig: func(r io.Reader) (Config, error) {
		var hdr [16]byte
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			return Config{}, err
		}
		w, h, c := binary.BigEndian.Uint32(hdr[4:]), binary.BigEndian.Uint32(hdr[8:]), binary.BigEndian.Uint32(hdr[12:])
		if c < 1 || c > 4 || w > 1<<16 || h > 1<<16 {
			return Config{}, fmt.Errorf("toy: bad header: %w", ErrFormat)
		}
		return Config{Format: "toy", Width: int(w), Height: int(h), Channels: int(c), Depth: 8}, nil
	},
	Decode: func(r io.Reader, cfg Config, _ *DecodeOptions) (Pixels, error) {
		if _, err := io.ReadFull(r, make([]byte, 16)); err != nil {
			return nil, err
		}
		v := pixbuf.New[uint8](cfg.Height, cfg.Width, cfg.Channels)
		s, _ := v.Samples()
		if _, err := io.ReadFull(r, s); err != nil {
			return nil, err
		}
		return v, nil
	},
	Encode: func(w io.Writer, p Pixels, _ *EncodeOptions) error {
		v := p.(pixbuf.View[uint8])
		h, wd, c := v.Shape()
		hdr := []byte("TOY1")
		hdr = binary.BigEndian.AppendUint32(hdr, uint32(wd))
		hdr = binary.BigEndian.AppendUint32(hdr, uint32(h))
		hdr = binary.BigEndian.AppendUint32(hdr, uint32(c))
		if _, err := w.Write(hdr); err != nil {
			return err
		}
		_, err := w.Write(v.Bytes())
		return err
	},
	Writes: Writes{Depths: []int{8}, Channels: []int{1, 2, 3, 4}},
}

func toyRegistry() *Registry {
	return NewRegistry(append(Default().Formats(), toyFormat)...)
}

func TestToyFormat(t *testing.T) {
	reg := toyRegistry()
	dir := t.TempDir()
	v := patternView(5, 7, 3).FlipH()
	path := filepath.Join(dir, "a.toy")
	if err := reg.Save(path, v, nil); err != nil {
		t.Fatal(err)
	}
	m, err := reg.Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.Format != "toy" || m.Depth != 8 || !m.View8.Equal(v) {
		t.Fatalf("toy round trip: %s %d %v", m.Format, m.Depth, m.Pixels)
	}
	if got, ok := m.Pixels.(pixbuf.View[uint8]); !ok || !got.Equal(v) {
		t.Errorf("Pixels holds %T", m.Pixels)
	}
	// Converting a toy file to PNG and back goes through the same
	// registry with nothing format-specific.
	png := filepath.Join(dir, "a.png")
	if err := reg.Save(png, m.Pixels, nil); err != nil {
		t.Fatal(err)
	}
	back, err := reg.Load(png, nil)
	if err != nil || !back.View8.Equal(v) {
		t.Fatalf("toy -> png: %v", err)
	}
	cfg, err := reg.LoadConfig(path)
	if err != nil || cfg != (Config{Format: "toy", Width: 7, Height: 5, Channels: 3, Depth: 8}) {
		t.Errorf("LoadConfig: %+v, %v", cfg, err)
	}
	// The default registry does not know the toy format.
	if _, err := Load(path, nil); !errors.Is(err, ErrFormat) {
		t.Errorf("default registry loaded a toy file: %v", err)
	}
	if err := Save(filepath.Join(dir, "b.toy"), v, nil); !errors.Is(err, ErrUnsupported) {
		t.Errorf("default registry saved a toy file: %v", err)
	}
	// A truncated toy file fails with the format's error, said once.
	data, _ := os.ReadFile(path)
	_, err = reg.Decode(bytes.NewReader(data[:20]), nil)
	if !errors.Is(err, ErrFormat) || !errors.Is(err, io.ErrUnexpectedEOF) || strings.Count(err.Error(), "toy") != 1 {
		t.Errorf("truncated toy: %v", err)
	}
}

func TestRegistryLookups(t *testing.T) {
	reg := Default()
	for _, tt := range []struct{ name, want string }{
		{"png", "png"}, {"PNG", "png"}, {"jpg", "jpeg"}, {".JPEG", "jpeg"}, {"tif", "tiff"},
		{"ppm", "ppm"}, {"pgm", "pgm"}, {"pam", "pam"}, {"pnm", "pnm"}, {"pbm", "pbm"}, {"webp", "webp"},
	} {
		if f := reg.Lookup(tt.name); f == nil || f.Name != tt.want {
			t.Errorf("Lookup(%q) = %v, want %s", tt.name, f, tt.want)
		}
	}
	if f := reg.Lookup("xcf"); f != nil {
		t.Errorf("Lookup(xcf) = %v", f)
	}
	for ext, want := range map[string]string{".jpg": "jpeg", "JPEG": "jpeg", ".ppm": "ppm", ".pnm": "pnm", ".tif": "tiff"} {
		if f := reg.ByExtension(ext); f == nil || f.Name != want {
			t.Errorf("ByExtension(%q) = %v, want %s", ext, f, want)
		}
	}
	if _, err := reg.ByPath("x.xcf"); !errors.Is(err, ErrUnsupported) {
		t.Errorf("ByPath(x.xcf): %v", err)
	}
	if _, err := reg.ByPath("png"); !errors.Is(err, ErrUnsupported) {
		t.Errorf("ByPath(png) with no extension: %v", err)
	}
	// Every format's first extension leads back to it, and every sniffed
	// format decodes.
	for _, f := range reg.Formats() {
		if g := reg.ByExtension(f.Extensions[0]); g != f {
			t.Errorf("%s: first extension %s gives %v", f, f.Extensions[0], g)
		}
		if f.Sniff != nil && (f.Decode == nil || f.DecodeConfig == nil) {
			t.Errorf("%s is sniffed but cannot be decoded", f)
		}
		if f.Encode != nil && len(f.Writes.Depths) == 0 {
			t.Errorf("%s encodes but writes no depth", f)
		}
	}
}

// TestIdentify finds every sample file's format by content, whatever its
// name says.
func TestIdentify(t *testing.T) {
	for _, path := range sampleFiles(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Default().Identify(bytes.NewReader(data))
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		byName, _ := Default().ByPath(path)
		if byName != nil && f.Name != byName.decodedName() {
			t.Errorf("%s: content says %s, name says %s", path, f, byName)
		}
	}
	if _, err := Default().Identify(strings.NewReader("")); !errors.Is(err, ErrFormat) {
		t.Errorf("empty: %v", err)
	}
	if _, err := Default().Identify(strings.NewReader("hello, world")); !errors.Is(err, ErrFormat) {
		t.Errorf("text: %v", err)
	}
}

func TestNewRegistryCopies(t *testing.T) {
	f := *toyFormat
	f.Extensions = []string{".toy"}
	reg := NewRegistry(&f)
	f.Name, f.Extensions[0] = "changed", ".changed"
	if g := reg.ByExtension(".toy"); g == nil || g.Name != "toy" {
		t.Errorf("the registry follows changes to the value passed: %v", g)
	}
	if (&Registry{}).Lookup("png") != nil || (&Registry{}).Sniff([]byte("\x89PNG\r\n\x1a\n")) != nil {
		t.Error("the zero Registry knows a format")
	}
}

func TestWritesAccepts(t *testing.T) {
	for _, tt := range []struct {
		format        string
		depth, c      int
		keeps, accept bool
	}{
		{"png", 16, 4, true, true},
		{"png", 16, 2, false, true},
		{"jpeg", 16, 3, false, true},
		{"jpeg", 8, 3, true, true},
		{"ppm", 8, 1, false, false},
		{"ppm", 16, 3, true, true},
		{"pam", 8, 2, true, true},
		{"pnm", 8, 5, false, false},
	} {
		w := Default().Lookup(tt.format).Writes
		if w.Keeps(tt.depth, tt.c) != tt.keeps || w.Accepts(tt.depth, tt.c) != tt.accept {
			t.Errorf("%s %d-bit %d channels: keeps %v accepts %v", tt.format, tt.depth, tt.c, w.Keeps(tt.depth, tt.c), w.Accepts(tt.depth, tt.c))
		}
	}
	// What Accepts refuses, Encode refuses too, with ErrUnsupported.
	if err := Encode(io.Discard, patternView(2, 2, 1), "ppm", nil); !errors.Is(err, ErrUnsupported) {
		t.Errorf("1 channel as ppm: %v", err)
	}
}

// TestSniffNetpbmComments: a comment may follow a P1-P6 magic number
// directly, and such files are found by content; a PAM's may not.
func TestSniffNetpbmComments(t *testing.T) {
	for _, s := range []string{"P6#c\n1 1 255\nabc", "P5#\n1 1\n#x\n255\na", "P2#c\n1 1 9\n9\n"} {
		m, err := Decode(strings.NewReader(s), nil)
		if err != nil || m.Format != PNM {
			t.Errorf("%q: %v", s, err)
		}
	}
	if f := Default().Sniff([]byte("P7#c\nWIDTH 1\n")); f != nil {
		t.Errorf("P7 followed by a comment sniffed as %v", f)
	}
}
