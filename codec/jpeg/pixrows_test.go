package jpeg

import (
	"bytes"
	"errors"
	"image"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// TestDecodeRowsLaw checks DecodeRows against DecodePixels: the bands,
// laid one after the other, are the whole decode, sample for sample, for
// sequential and progressive files of several samplings, at every scale,
// whole and for a region; and each band is at most one iMCU row.
func TestDecodeRowsLaw(t *testing.T) {
	t.Parallel()
	for i, f := range scFiles(t) {
		for _, scale := range []int{1, 2, 8} {
			for _, region := range []image.Rectangle{{}, image.Rect(1, 3, 9, 14)} {
				opts := &PixelOptions{Scale: scale, Region: region}
				want, _, err := DecodePixelsBytes(f, opts)
				if err != nil && !region.Empty() {
					continue // a region outside a small scaled image
				}
				if err != nil {
					t.Fatal(err)
				}
				dec, err := NewDecoderBytes(f, nil)
				if err != nil {
					t.Fatal(err)
				}
				h, w, c := want.Shape()
				var got []byte
				next := 0
				err = dec.DecodeRows(opts, func(y int, band pixbuf.View[uint8]) error {
					bh, bw, bc := band.Shape()
					if y != next || bw != w || bc != c || bh < 1 || bh > 32 {
						t.Fatalf("file %d scale %d %v: band at row %d of %dx%dx%d, want row %d of width %d", i, scale, region, y, bh, bw, bc, next, w)
					}
					next += bh
					got = append(got, band.Bytes()...)
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if next != h || !bytes.Equal(got, want.Bytes()) {
					t.Errorf("file %d scale %d %v: the bands (%d rows) differ from the whole decode (%d rows)", i, scale, region, next, h)
				}
			}
		}
	}
}

// TestDecodeRowsStops checks that an error from the callback stops the
// decode and comes back as it is.
func TestDecodeRowsStops(t *testing.T) {
	t.Parallel()
	f := scFiles(t)[0]
	dec, err := NewDecoderBytes(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	calls := 0
	err = dec.DecodeRows(nil, func(int, pixbuf.View[uint8]) error {
		calls++
		return stop
	})
	if err != stop || calls != 1 {
		t.Errorf("DecodeRows returned %v after %d calls, want the callback's error after 1", err, calls)
	}
}
