package pnm

import (
	"os"

	"bytes"
	"errors"
	"github.com/pixview/pixview/codec/codecerr"
	"io"
	"testing"
)

func TestCheckRaster(t *testing.T) {
	for _, tt := range []struct {
		name, hdr string
		raster    []byte
		want      error
	}{
		{"maxval 255", "P5 2 1 255\n", []byte{0, 255}, nil},
		{"maxval 100 ok", "P5 2 1 100\n", []byte{0, 100}, nil},
		{"maxval 100 over", "P5 2 1 100\n", []byte{0, 101}, codecerr.ErrFormat},
		{"maxval 1000 ok", "P5 1 1 1000\n", []byte{3, 232}, nil},
		{"maxval 1000 over", "P5 1 1 1000\n", []byte{3, 233}, codecerr.ErrFormat},
		{"maxval 65535", "P5 1 1 65535\n", []byte{255, 255}, nil},
		{"short", "P6 1 1 255\n", []byte{1, 2}, codecerr.ErrFormat},
		{"long", "P5 1 1 255\n", []byte{1, 2}, codecerr.ErrFormat},
		{"pbm", "P4 8 1\n", []byte{0xff}, codecerr.ErrUnsupported},
		{"plain", "P2 1 1 255\n", []byte("7"), codecerr.ErrUnsupported},
	} {
		h, err := ReadHeader(bytes.NewReader([]byte(tt.hdr)))
		if err != nil {
			t.Fatal(err)
		}
		err = CheckRaster(h, tt.raster)
		if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
		// The decoder agrees on the samples.
		if tt.name == "maxval 100 over" || tt.name == "maxval 1000 over" {
			if _, err := Read(bytes.NewReader(append([]byte(tt.hdr), tt.raster...)), 0); !errors.Is(err, codecerr.ErrFormat) {
				t.Errorf("%s: the decoder says %v", tt.name, err)
			}
		}
	}
}

func TestParseRaw(t *testing.T) {
	data := []byte("P5 2 1 255\nab\n\nP7\nWIDTH 1\nHEIGHT 1\nDEPTH 2\nMAXVAL 1000\nENDHDR\n\x00\x01\x03\xe8")
	var got []RawImage
	for img, err := range ParseRaw(data, 0) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, img)
	}
	if len(got) != 2 || string(got[0].Raster) != "ab" || !bytes.Equal(got[1].Raster, []byte{0, 1, 3, 232}) ||
		string(got[0].HeaderBytes) != "P5 2 1 255\n" || got[1].Header.Channels != 2 {
		t.Fatalf("got %+v", got)
	}
	if v, err := got[1].View(); err != nil || v.Channels() != 4 {
		t.Errorf("View: %v %v", v, err)
	}
	for _, tt := range []struct {
		data string
		want error
	}{
		{"", io.ErrUnexpectedEOF},
		{"P5 2 1 255\na", io.ErrUnexpectedEOF},
		{"P5 2 1 255\nabP1 1 1\n0", codecerr.ErrUnsupported},
		{"P5 100000 100000 255\n", codecerr.ErrTooLarge},
	} {
		var last error
		for _, err := range ParseRaw([]byte(tt.data), 0) {
			last = err
		}
		if !errors.Is(last, tt.want) {
			t.Errorf("%q: %v, want %v", tt.data, last, tt.want)
		}
	}
}

// FuzzParseRaw: no input panics; every image ParseRaw yields decodes to
// the same header, and its view holds the raster.
func FuzzParseRaw(f *testing.F) {
	f.Add([]byte("P5 2 1 255\nab\nP6 1 1 100\n\x01\x02\x03"))
	f.Add([]byte("P7\nWIDTH 1\nHEIGHT 1\nDEPTH 2\nMAXVAL 1000\nENDHDR\n\x00\x01\x03\xe8"))
	f.Add([]byte("P5#c\n1 1 15\n\x10"))
	f.Fuzz(func(t *testing.T, data []byte) {
		first := true
		for img, err := range ParseRaw(data, 1<<16) {
			if err != nil {
				return
			}
			v, err := img.View()
			if err != nil || !bytes.Equal(v.Bytes(), img.Raster) {
				t.Fatalf("View: %v", err)
			}
			if first {
				// What ParseRaw takes, the decoder takes too.
				dec, err := Read(bytes.NewReader(data), 1<<16)
				if err != nil || dec.Header != img.Header {
					t.Fatalf("decoder: %v, %+v vs %+v", err, dec, img.Header)
				}
				first = false
			}
		}
	})
}

func TestMapBytes(t *testing.T) {
	dir := t.TempDir()
	for _, data := range [][]byte{[]byte("P5 2 1 255\nab"), nil} {
		path := dir + "/f.pgm"
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		got, release, err := MapBytes(f)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("MapBytes: %q, %v", got, err)
		}
		if err == nil && release() != nil {
			t.Error("release failed")
		}
		f.Close()
	}
	d, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, _, err := MapBytes(d); !errors.Is(err, codecerr.ErrUnsupported) {
		t.Errorf("a directory: %v", err)
	}
}
