package pnm

import (
	"bytes"
	"encoding/binary"
	"errors"
	"github.com/pixview/pixview/codec/codecerr"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

func TestFrameReader(t *testing.T) {
	for _, f := range []PixFmt{RGB24, RGBA, Gray, Gray16LE} {
		bpp := f.BytesPerPixel()
		const w, h = 5, 3
		size := w * h * bpp
		for _, tc := range []struct {
			extra   int // bytes of a trailing partial frame
			frames  int
			opaque  bool
			wantErr error
		}{
			{0, 0, false, io.EOF}, {0, 4, false, io.EOF}, {1, 3, true, io.ErrUnexpectedEOF}, {size - 1, 2, false, io.ErrUnexpectedEOF},
		} {
			stream := make([]byte, tc.frames*size+tc.extra)
			for i := range stream {
				stream[i] = byte(i)
			}
			var r io.Reader = bytes.NewReader(stream)
			if tc.opaque {
				r = &oneByteReader{r}
			}
			fr, err := NewFrameReader(r, w, h, f)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for {
				v, err := fr.Next()
				if err != nil {
					if !errors.Is(err, tc.wantErr) {
						t.Errorf("%s %+v: error %v, want %v", f, tc, err, tc.wantErr)
					}
					if tc.wantErr == io.ErrUnexpectedEOF && !strings.Contains(err.Error(), "after "+strconv.Itoa(tc.frames)+" whole frames") {
						t.Errorf("%s: error %q does not name the %d whole frames", f, err, tc.frames)
					}
					if _, err2 := fr.Next(); err2 != err {
						t.Errorf("Next after an error returned %v, then %v", err, err2)
					}
					break
				}
				if hh, ww, c := v.Shape(); hh != h || ww != w || c != bpp || v.ReadOnly() {
					t.Fatalf("view %v", v)
				}
				s, _ := v.Samples()
				if !bytes.Equal(s, stream[n*size:(n+1)*size]) {
					t.Fatalf("%s: frame %d differs", f, n)
				}
				if f == Gray16LE && binary.NativeEndian.Uint16([]byte{1, 0}) == 1 {
					u, err := pixbuf.Cast[uint16](v, h, w, 1)
					if err != nil {
						t.Fatal(err)
					}
					if got, want := u.At(2, 4, 0), binary.LittleEndian.Uint16(s[len(s)-2:]); got != want {
						t.Errorf("gray16le as uint16: %d, want %d", got, want)
					}
				}
				n++
			}
			if n != tc.frames || fr.Frames() != tc.frames {
				t.Errorf("%s: %d frames (Frames() = %d), want %d", f, n, fr.Frames(), tc.frames)
			}
		}
	}
}

type oneByteReader struct{ r io.Reader }

func (o *oneByteReader) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	return o.r.Read(p)
}

func TestFrameReaderErrors(t *testing.T) {
	for _, tc := range []struct {
		w, h int
		f    PixFmt
		want error
	}{
		{0, 1, RGB24, pixbuf.ErrShape}, {1, -1, RGB24, pixbuf.ErrShape}, {1, 1, "yuv420p", codecerr.ErrUnsupported},
		{math.MaxInt / 2, 3, RGBA, codecerr.ErrTooLarge},
		{DefaultMaxPixels + 1, 1, Gray, codecerr.ErrTooLarge}, {1<<13 + 1, 1 << 13, RGBA, codecerr.ErrTooLarge},
	} {
		if _, err := NewFrameReader(strings.NewReader(""), tc.w, tc.h, tc.f); !errors.Is(err, tc.want) {
			t.Errorf("NewFrameReader(%d, %d, %q) = %v, want %v", tc.w, tc.h, tc.f, err, tc.want)
		}
	}
	fr, _ := NewFrameReader(failReader{}, 2, 2, Gray)
	if _, err := fr.Next(); !errors.Is(err, errFail) {
		t.Errorf("a failing reader: %v", err)
	}
}

type failReader struct{}

func (failReader) Read([]byte) (int, error) { return 0, errFail }

// TestFrameReaderAllocs checks the readinto law: Next allocates nothing.
func TestFrameReaderAllocs(t *testing.T) {
	const w, h = 64, 32
	stream := bytes.Repeat([]byte{1}, w*h*3*200)
	r := bytes.NewReader(stream)
	fr, err := NewFrameReader(r, w, h, RGB24)
	if err != nil {
		t.Fatal(err)
	}
	first, _ := fr.Next()
	allocs := testing.AllocsPerRun(100, func() {
		v, err := fr.Next()
		if err != nil {
			t.Fatal(err)
		}
		if a, _ := v.Raw(); &a[0] != func() *byte { b, _ := first.Raw(); return &b[0] }() {
			t.Fatal("Next returned a new buffer")
		}
	})
	if allocs != 0 {
		t.Errorf("Next allocates %v times a frame", allocs)
	}
}

// TestFrameWriter writes frames of every kind of view and reads them back.
func TestFrameWriter(t *testing.T) {
	base := pixbuf.New[uint8](6, 8, 3)
	s, _ := base.Samples()
	for i := range s {
		s[i] = byte(i * 13)
	}
	views := []pixbuf.View[uint8]{base, base.FlipH(), base.FlipV(), base.Crop(image2(1, 1, 7, 5)).Transpose(), base.Rotate(90).Crop(image2(0, 1, 6, 7))}
	var b bytes.Buffer
	var c countingWriter
	fw, cw := NewFrameWriter(&b), NewFrameWriter(&c)
	for _, v := range views {
		if err := fw.Write(v); err != nil {
			t.Fatal(err)
		}
		if err := cw.Write(v); err != nil {
			t.Fatal(err)
		}
	}
	if c.calls != len(views) {
		t.Errorf("%d Write calls for %d frames", c.calls, len(views))
	}
	for i, v := range views {
		fr, err := NewFrameReader(&b, v.Width(), v.Height(), RGB24)
		if err != nil {
			t.Fatal(err)
		}
		got, err := fr.Next()
		if err != nil || !got.Equal(v) {
			t.Errorf("frame %d differs (%v)", i, err)
		}
	}
	if err := NewFrameWriter(failWriter{}).Write(base); !errors.Is(err, errFail) {
		t.Errorf("a failing writer: %v", err)
	}
	if err := fw.Write(pixbuf.View[uint8]{}); err != nil {
		t.Errorf("an empty frame: %v", err)
	}
}
