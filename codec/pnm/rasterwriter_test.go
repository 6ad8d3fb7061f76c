package pnm

import (
	"bytes"
	"errors"
	"github.com/pixview/pixview/codec/codecerr"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// TestWriteRasterRoundTrip writes raster bytes in file layout under several
// headers, including a maxval no decoder would pick, and checks that the
// header reads back as written and the raster bytes follow unchanged, also
// for a flipped (non-contiguous) view.
func TestWriteRasterRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		h    Header
	}{
		{"P5 maxval 15", Header{Magic: "P5", Width: 3, Height: 2, Channels: 1, MaxVal: 15}},
		{"P6 maxval 1000", Header{Magic: "P6", Width: 3, Height: 2, Channels: 3, MaxVal: 1000}},
		{"P7 RGB_ALPHA 8-bit", Header{Magic: "P7", Width: 2, Height: 3, Channels: 4, MaxVal: 255}},
		{"P7 custom tuple type", Header{Magic: "P7", Width: 1, Height: 1, Channels: 2, MaxVal: 65535, TupleType: "GRAYSCALE_ALPHA"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bps := tt.h.BytesPerSample()
			n := tt.h.Width * tt.h.Height * tt.h.Channels
			raster := make([]byte, 0, n*bps)
			for k := range n {
				s := k * 37 % (tt.h.MaxVal + 1) // every sample within maxval
				if bps == 2 {
					raster = append(raster, byte(s>>8))
				}
				raster = append(raster, byte(s))
			}
			v, err := pixbuf.Wrap(raster, tt.h.Height, tt.h.Width, tt.h.Channels*bps)
			if err != nil {
				t.Fatal(err)
			}
			for _, view := range []pixbuf.View[uint8]{v, v.FlipH()} {
				var b bytes.Buffer
				if err := WriteRaster(&b, tt.h, view); err != nil {
					t.Fatal(err)
				}
				r := bytes.NewReader(b.Bytes())
				got, err := ReadHeader(r)
				if err != nil {
					t.Fatalf("reading back %q: %v", b.Bytes(), err)
				}
				if got.Magic != tt.h.Magic || got.Width != tt.h.Width || got.Height != tt.h.Height ||
					got.Channels != tt.h.Channels || got.MaxVal != tt.h.MaxVal {
					t.Errorf("header read back as %+v, wrote %+v", got, tt.h)
				}
				rest := b.Bytes()[len(b.Bytes())-r.Len():]
				if !bytes.Equal(rest, view.Bytes()) {
					t.Errorf("raster %v, want %v", rest, view.Bytes())
				}
				if _, err := Read(bytes.NewReader(b.Bytes()), 0); err != nil {
					t.Errorf("Read of WriteRaster's output: %v", err)
				}
			}
		})
	}
}

// TestWriteRasterErrors checks that headers and views that do not agree
// are refused before anything is written.
func TestWriteRasterErrors(t *testing.T) {
	rgb := pixbuf.New[uint8](2, 3, 3)
	tests := []struct {
		name string
		h    Header
		v    pixbuf.View[uint8]
		want error
	}{
		{"maxval 0", Header{Magic: "P6", Width: 3, Height: 2, Channels: 3, MaxVal: 0}, rgb, codecerr.ErrFormat},
		{"maxval 65536", Header{Magic: "P6", Width: 3, Height: 2, Channels: 3, MaxVal: 65536}, rgb, codecerr.ErrFormat},
		{"width differs", Header{Magic: "P6", Width: 2, Height: 2, Channels: 3, MaxVal: 255}, rgb, pixbuf.ErrShape},
		{"16-bit needs 6 bytes a pixel", Header{Magic: "P6", Width: 3, Height: 2, Channels: 3, MaxVal: 1000}, rgb, pixbuf.ErrShape},
		{"P5 with 3 channels", Header{Magic: "P5", Width: 3, Height: 2, Channels: 3, MaxVal: 255}, rgb, pixbuf.ErrShape},
		{"plain magic", Header{Magic: "P3", Width: 3, Height: 2, Channels: 3, MaxVal: 255}, rgb, codecerr.ErrUnsupported},
		{"empty view", Header{Magic: "P6", Width: 0, Height: 0, Channels: 3, MaxVal: 255}, pixbuf.View[uint8]{}, pixbuf.ErrShape},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			err := WriteRaster(&b, tt.h, tt.v)
			if !errors.Is(err, tt.want) {
				t.Fatalf("WriteRaster = %v, want an error wrapping %v", err, tt.want)
			}
			if b.Len() != 0 {
				t.Errorf("wrote %d bytes before failing", b.Len())
			}
		})
	}
}
