package codec

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/pixview/pixview/pixbuf"
)

// TestConfigMatchesDecode checks, for every sample file, that DecodeConfig
// predicts what Decode returns: format, displayed size, channels and depth.
func TestConfigMatchesDecode(t *testing.T) {
	for _, path := range sampleFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			cfg, err := LoadConfig(path)
			if err != nil {
				t.Fatal(err)
			}
			m, err := Load(path, nil)
			if err != nil {
				t.Fatal(err)
			}
			h, w, c := m.Shape()
			got := Config{Format: m.Format, Width: w, Height: h, Channels: c, Depth: m.Depth, Orientation: m.Orientation}
			if got != cfg {
				t.Errorf("Load gives %+v, LoadConfig %+v", got, cfg)
			}
			if want := strings.TrimPrefix(filepath.Ext(path), "."); Default().Lookup(want).decodedName() != m.Format {
				t.Errorf("format %q for a %s file", m.Format, want)
			}
			if (m.Depth == 16) != (m.View16.Len() > 0) || (m.Depth == 8) != (m.View8.Len() > 0) {
				t.Errorf("depth %d with views %v and %v", m.Depth, m.View8, m.View16)
			}
		})
	}
}

// TestDecodeReaders checks that Decode gives the same pixels whatever the
// reader: one byte at a time, or with data and io.EOF together.
func TestDecodeReaders(t *testing.T) {
	seen := map[string]bool{}
	for _, path := range sampleFiles(t) {
		if ext := filepath.Ext(path); seen[ext] {
			continue
		} else {
			seen[ext] = true
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Decode(bytes.NewReader(data), nil)
		if err != nil {
			t.Fatal(err)
		}
		for name, r := range map[string]io.Reader{
			"onebyte": iotest.OneByteReader(bytes.NewReader(data)),
			"dataerr": iotest.DataErrReader(bytes.NewReader(data)),
		} {
			got, err := Decode(r, nil)
			if err != nil {
				t.Errorf("%s %s: %v", path, name, err)
				continue
			}
			if !got.View8.Equal(want.View8) || !got.View16.Equal(want.View16) {
				t.Errorf("%s %s: pixels differ", path, name)
			}
		}
	}
}

// TestDecodeErrors checks that bad input gives the right sentinel and that
// I/O errors come through as themselves, never as an unknown format.
func TestDecodeErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.png")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	unreadable := filepath.Join(dir, "unreadable.png")
	if err := os.WriteFile(unreadable, []byte("\x89PNG"), 0o000); err != nil {
		t.Fatal(err)
	}
	short := filepath.Join(dir, "short.png")
	if err := os.WriteFile(short, tinyPNG(8000, 8000), 0o644); err != nil {
		t.Fatal(err)
	}
	ioErr := errors.New("disk on fire")
	tests := []struct {
		name string
		load func() error
		want error
	}{
		{"missing file", func() error { _, err := Load(filepath.Join(dir, "nope.png"), nil); return err }, fs.ErrNotExist},
		{"directory", func() error { _, err := Load(dir, nil); return err }, nil},
		{"directory config", func() error { _, err := LoadConfig(dir); return err }, nil},
		{"empty file", func() error { _, err := Load(empty, nil); return err }, ErrFormat},
		{"file too short for its pixels", func() error { _, err := Load(short, nil); return err }, io.ErrUnexpectedEOF},
		{"unknown format", func() error { _, err := Decode(strings.NewReader("hello, world, not an image"), nil); return err }, ErrFormat},
		{"reader error at start", func() error { _, err := Decode(iotest.ErrReader(ioErr), nil); return err }, ioErr},
		{"reader error mid-way", func() error {
			data, _ := os.ReadFile(filepath.Join(testdataDir, "video-001.png"))
			_, err := Decode(io.MultiReader(bytes.NewReader(data[:500]), iotest.ErrReader(ioErr)), nil)
			return err
		}, ioErr},
		{"reader error in config", func() error {
			_, err := DecodeConfig(io.MultiReader(strings.NewReader("\x89PNG\r\n\x1a\n"), iotest.ErrReader(ioErr)))
			return err
		}, ioErr},
	}
	if os.Getuid() != 0 { // root reads anything
		tests = append(tests, struct {
			name string
			load func() error
			want error
		}{"permission", func() error { _, err := Load(unreadable, nil); return err }, fs.ErrPermission})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.load()
			if err == nil {
				t.Fatal("no error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
			if tt.want != ErrFormat && tt.want != io.ErrUnexpectedEOF && (errors.Is(err, ErrFormat) || strings.Contains(err.Error(), "unknown")) {
				t.Errorf("I/O error %v reported as a format error", err)
			}
		})
	}
}

// TestGIFSmallFirstFrame checks that a first frame covering part of the
// logical screen is placed on a screen-sized canvas.
func TestGIFSmallFirstFrame(t *testing.T) {
	// 4x3 screen, palette black and white, one 2x1 white frame at (1, 1).
	pal := color.Palette{color.Gray{0}, color.Gray{255}}
	frame := image.NewPaletted(image.Rect(1, 1, 3, 2), pal)
	frame.Pix[0], frame.Pix[1] = 1, 1
	var buf bytes.Buffer
	err := gif.EncodeAll(&buf, &gif.GIF{
		Image:  []*image.Paletted{frame},
		Delay:  []int{0},
		Config: image.Config{ColorModel: pal, Width: 4, Height: 3},
	})
	if err != nil {
		t.Fatal(err)
	}
	m, err := Decode(&buf, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := pixbuf.Wrap([]uint8{
		0, 0, 0, 0,
		0, 255, 255, 0,
		0, 0, 0, 0,
	}, 3, 4, 1)
	if !m.View8.Equal(want) {
		t.Errorf("got %v %v", m.View8, m.View8.Bytes())
	}
}

// TestGIFTransparency checks that DecodeConfig predicts the channels of a
// GIF whose transparent index lies inside or outside its color table.
func TestGIFTransparency(t *testing.T) {
	pal := color.Palette{color.NRGBA{200, 0, 0, 255}, color.NRGBA{}}
	frame := image.NewPaletted(image.Rect(0, 0, 4, 2), pal)
	frame.Pix[3] = 1
	var buf bytes.Buffer
	if err := gif.Encode(&buf, frame, nil); err != nil {
		t.Fatal(err)
	}
	gce := bytes.Index(buf.Bytes(), []byte{0x21, 0xf9, 0x04})
	if gce < 0 {
		t.Fatal("no graphic control extension")
	}
	for index, want := range map[byte]int{1: 4, 0: 4, 2: 3, 255: 3} {
		data := bytes.Clone(buf.Bytes())
		data[gce+6] = index
		cfg, err := DecodeConfig(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		m, err := Decode(bytes.NewReader(data), nil)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Channels != want || m.View8.Channels() != want {
			t.Errorf("transparent index %d: config %d channels, decoded %d, want %d", index, cfg.Channels, m.View8.Channels(), want)
		}
	}
}

// TestPNGTransparentColor checks that a gray or RGB PNG with a tRNS chunk,
// which Go decodes with alpha, is announced with 4 channels by its config.
func TestPNGTransparentColor(t *testing.T) {
	for _, tt := range []struct {
		name string
		img  image.Image
		trns []byte
	}{
		{"gray8", image.NewGray(image.Rect(0, 0, 3, 2)), []byte{0, 0}},
		{"gray16", image.NewGray16(image.Rect(0, 0, 3, 2)), []byte{0, 0}},
		{"rgb8", image.NewRGBA(image.Rect(0, 0, 3, 2)), make([]byte, 6)},
	} {
		if m, ok := tt.img.(*image.RGBA); ok {
			for i := 3; i < len(m.Pix); i += 4 {
				m.Pix[i] = 255
			}
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, tt.img); err != nil {
			t.Fatal(err)
		}
		p := buf.Bytes()
		const ihdrEnd = 8 + 8 + 13 + 4
		data := append(append(p[:ihdrEnd:ihdrEnd], pngChunk("tRNS", tt.trns)...), p[ihdrEnd:]...)
		cfg, err := DecodeConfig(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		m, err := Decode(bytes.NewReader(data), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, c := m.Shape(); cfg.Channels != 4 || c != 4 {
			t.Errorf("%s: config %d channels, decoded %d, want 4", tt.name, cfg.Channels, c)
		}
		if m.View8.Len() > 0 && m.View8.At(0, 0, 3) != 0 || m.View16.Len() > 0 && m.View16.At(0, 0, 3) != 0 {
			t.Errorf("%s: the transparent color is not transparent", tt.name)
		}
	}
}
