package jpeg

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// TestPixelWriterEqualsEncodePixels requires the file a PixelWriter
// writes from bands of rows to be EncodePixels's of the whole view, byte
// for byte, whatever the bands' heights (one row, an odd number that
// straddles iMCU rows, exactly an iMCU row, the whole picture), on the
// compact sequential path and on the paths that hold blocks (progressive,
// an MCU of more than 10 blocks), in colour, gray and with alpha.
func TestPixelWriterEqualsEncodePixels(t *testing.T) {
	cases := []struct {
		w, h, ch int
		opts     PixelEncodeOptions
	}{
		{61, 45, 3, PixelEncodeOptions{Quality: 90}},
		{61, 45, 3, PixelEncodeOptions{Quality: 80, Sampling: Sampling444, RestartRows: 1}},
		{61, 45, 4, PixelEncodeOptions{Quality: 75, Sampling: Sampling{H: [3]int{1, 1, 1}, V: [3]int{4, 2, 1}}, RestartInterval: 3}},
		{61, 45, 1, PixelEncodeOptions{Quality: 95}},
		{61, 45, 3, PixelEncodeOptions{Quality: 85, Progressive: true}},
		{61, 45, 3, PixelEncodeOptions{Quality: 85, Sampling: Sampling{H: [3]int{4, 1, 1}, V: [3]int{4, 1, 1}}}},
		{1, 1, 3, PixelEncodeOptions{}},
	}
	for i, c := range cases {
		v := pePhoto(c.h, c.w, c.ch, 25, uint64(i))
		var want bytes.Buffer
		if _, err := EncodePixels(&want, v, &c.opts); err != nil {
			t.Fatal(err)
		}
		for _, band := range []int{1, 7, 16, c.h} {
			t.Run(fmt.Sprintf("%d/band%d", i, band), func(t *testing.T) {
				var got bytes.Buffer
				pw, _, err := NewPixelWriter(&got, c.w, c.h, c.ch, &c.opts)
				if err != nil {
					t.Fatal(err)
				}
				for y := 0; y < c.h; y += band {
					if err := pw.WriteRows(v.Crop(image.Rect(0, y, c.w, min(y+band, c.h)))); err != nil {
						t.Fatal(err)
					}
				}
				if err := pw.Close(); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.Bytes(), want.Bytes()) {
					t.Fatalf("PixelWriter wrote %d bytes, EncodePixels %d; first difference at %d", got.Len(), want.Len(), firstDiff(got.Bytes(), want.Bytes()))
				}
			})
		}
	}
}

// TestPixelWriterRefuses checks the shape errors: rows of another width or
// channel count, rows past the height, and Close before the last row,
// which writes nothing.
func TestPixelWriterRefuses(t *testing.T) {
	v := pePhoto(20, 30, 3, 0, 1)
	var out bytes.Buffer
	pw, _, err := NewPixelWriter(&out, 30, 20, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := pw.WriteRows(v.Crop(image.Rect(0, 0, 29, 5))); !errors.Is(err, pixbuf.ErrShape) {
		t.Errorf("narrower rows: %v", err)
	}
	if err := pw.WriteRows(pePhoto(5, 30, 1, 0, 1)); !errors.Is(err, pixbuf.ErrShape) {
		t.Errorf("rows of 1 channel: %v", err)
	}
	if err := pw.WriteRows(v.Crop(image.Rect(0, 0, 30, 15))); err != nil {
		t.Fatal(err)
	}
	if err := pw.WriteRows(v.Crop(image.Rect(0, 0, 30, 6))); !errors.Is(err, pixbuf.ErrShape) {
		t.Errorf("rows past the height: %v", err)
	}
	if err := pw.Close(); !errors.Is(err, pixbuf.ErrShape) || out.Len() != 0 {
		t.Errorf("Close 5 rows short: %v, %d bytes written", err, out.Len())
	}
	if _, _, err := NewPixelWriter(&out, 0, 20, 3, nil); !errors.Is(err, pixbuf.ErrShape) {
		t.Errorf("width 0: %v", err)
	}
}
