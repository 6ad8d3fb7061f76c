package jpeg

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"
)

// TestCompactEqualsBlocks requires EncodePixels's sequential path, which
// keeps its coefficients compactly and counts the AC statistics while
// making them, to write exactly the bytes of Encode on FromPixels's
// blocks: every sampling with one interleaved scan, gray, alpha, restart
// intervals in MCUs and in rows (with the DC predictors reset), sizes off
// the block grid, and pictures large enough for several bands and for a
// band's AC values to fill more than one chunk of its store.
func TestCompactEqualsBlocks(t *testing.T) {
	type tc struct {
		w, h, ch, noise, q int
		sm                 string
		ri, rows           int
	}
	var cases []tc
	for _, sm := range []string{"1x1,1x1,1x1", "2x1,1x1,1x1", "2x2,1x1,1x1", "1x2,1x1,1x1", "4x1,1x1,1x1", "2x2,2x1,1x2", "3x1,1x1,1x1", "4x2,1x1,1x1", "1x4,1x2,1x1"} {
		for _, sz := range [][2]int{{1, 1}, {17, 13}, {50, 41}} {
			cases = append(cases, tc{w: sz[0], h: sz[1], ch: 3, noise: 20, q: 75, sm: sm})
		}
		cases = append(cases, tc{w: 33, h: 31, ch: 3, noise: 20, q: 90, sm: sm, ri: 3}, tc{w: 33, h: 31, ch: 4, noise: 20, q: 90, sm: sm, rows: 1})
	}
	cases = append(cases,
		tc{w: 1, h: 1, ch: 1, q: 75, sm: "1x1,1x1,1x1"},
		tc{w: 37, h: 29, ch: 1, noise: 30, q: 90, sm: "2x2,1x1,1x1", ri: 5},
		tc{w: 37, h: 29, ch: 2, noise: 30, q: 50, sm: "2x2,1x1,1x1", rows: 2},
		// Several bands (GOMAXPROCS permitting) and, at q100 with noise,
		// more than storeChunk AC values in a band.
		tc{w: 643, h: 481, ch: 3, noise: 60, q: 100, sm: "2x2,1x1,1x1"},
		tc{w: 643, h: 481, ch: 3, noise: 60, q: 100, sm: "2x2,1x1,1x1", ri: 7},
		tc{w: 481, h: 643, ch: 1, noise: 60, q: 100, sm: "1x1,1x1,1x1", rows: 3},
	)
	for i, c := range cases {
		t.Run(fmt.Sprintf("%dx%dx%d/%s/q%d/ri%d/rows%d", c.w, c.h, c.ch, c.sm, c.q, c.ri, c.rows), func(t *testing.T) {
			v := pePhoto(c.h, c.w, c.ch, c.noise, uint64(i))
			sm, err := ParseSampling(c.sm)
			if err != nil {
				t.Fatal(err)
			}
			opts := &PixelEncodeOptions{Quality: c.q, Sampling: sm, RestartInterval: c.ri, RestartRows: c.rows}
			var got bytes.Buffer
			if _, err := EncodePixels(&got, v, opts); err != nil {
				t.Fatal(err)
			}
			m, _, err := FromPixels(v, opts)
			if err != nil {
				t.Fatal(err)
			}
			want, err := AppendEncode(nil, m, &EncodeOptions{RestartRows: c.rows})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("EncodePixels wrote %d bytes, Encode(FromPixels) %d; first difference at %d", got.Len(), len(want), firstDiff(got.Bytes(), want))
			}
		})
	}
}

// TestCompactOneBand runs the large cases of TestCompactEqualsBlocks on
// one band, as pixtool does with GOMAXPROCS=1.
func TestCompactOneBand(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	TestCompactEqualsBlocks(t)
}

// firstDiff is the index of the first byte where a and b differ.
func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
