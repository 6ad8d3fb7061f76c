package main

import (
	"image"
	"math"
	"strings"
	"testing"
)

// FuzzParsers feeds the command line's own parsers (--rect, --swap,
// --shard, --raw, --extract and --files-from lists) with arbitrary text:
// none may panic, and what one accepts must hold what it promises.
func FuzzParsers(f *testing.F) {
	for _, s := range []string{"0,0,1,1", "10, 20, 30, 40", "rgb:bgr", "rgba:argb", "2/3", "1920x1080", "4x2x4", "a", "r", "3", "a\nb\x00c", "-1/0", "1,2,3", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if r, err := parseRect(s); err == nil && (r.Empty() || r.Min.X < 0 || r.Min.Y < 0 || !r.In(image.Rect(0, 0, math.MaxInt32, math.MaxInt32))) {
			t.Errorf("parseRect(%q) = %v", s, r)
		}
		if from, to, err := parseSwap(s); err == nil {
			for c := 1; c <= 4; c++ {
				perm, err := transform{from: from, to: to}.permutation(c)
				if err != nil {
					continue
				}
				seen := make([]bool, c)
				for _, p := range perm {
					if p < 0 || p >= c || seen[p] {
						t.Fatalf("permutation of %q for %d channels is %v", s, c, perm)
					}
					seen[p] = true
				}
			}
		}
		if sh, err := parseShard(s); err == nil && s != "" && (sh.k < 0 || sh.k >= sh.n) {
			t.Errorf("parseShard(%q) = %+v", s, sh)
		}
		if rf, err := parseRaw(s, ""); err == nil && (rf.width < 1 || rf.height < 1 || rf.channels < 1 || rf.bps < 1) {
			t.Errorf("parseRaw(%q) = %+v", s, rf)
		}
		if parseChannelName(s) == nil {
			for c := 1; c <= 4; c++ {
				if i, err := channelIndex(s, c); err == nil && (i < 0 || i >= c) {
					t.Errorf("channelIndex(%q, %d) = %d", s, c, i)
				}
			}
		}
		for _, nul := range []bool{false, true} {
			list, err := readList(strings.NewReader(s), nul)
			if err != nil {
				continue
			}
			for _, p := range list {
				if p == "" {
					t.Errorf("readList(%q, %v) gave an empty path", s, nul)
				}
			}
		}
	})
}
