package main

import (
	"image"
	"slices"
	"strings"
	"testing"
)

func TestParseShard(t *testing.T) {
	tests := []struct {
		in   string
		want shard
		ok   bool
	}{
		{"", shard{}, true},
		{"0/1", shard{0, 1}, true},
		{"2/3", shard{2, 3}, true},
		{"3/3", shard{}, false},
		{"-1/3", shard{}, false},
		{"1/0", shard{}, false},
		{"1", shard{}, false},
		{"a/b", shard{}, false},
	}
	for _, tc := range tests {
		got, err := parseShard(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseShard(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

// TestShardPartition checks that the shards of a set of keys are disjoint,
// cover it, and are stable: the same key always lands in the same shard.
func TestShardPartition(t *testing.T) {
	var keys []string
	for i := range 500 {
		keys = append(keys, strings.Repeat("d/", i%4)+"img"+string(rune('a'+i%26))+string(rune('0'+i/26))+".png")
	}
	for _, n := range []int{1, 2, 3, 7} {
		counts := make([]int, n)
		for _, k := range keys {
			in := 0
			for s := range n {
				if (shard{s, n}).contains(k) {
					in++
					counts[s]++
				}
			}
			if in != 1 {
				t.Fatalf("%q is in %d of %d shards", k, in, n)
			}
		}
		for s, c := range counts {
			if c < len(keys)/n/2 {
				t.Errorf("shard %d/%d holds %d of %d keys: badly balanced", s, n, c, len(keys))
			}
		}
	}
	// Fixed answers guard against the hash changing between releases, which
	// would move files between the shards of a running job.
	for _, tc := range []struct {
		key  string
		n, k int
	}{{"photos/a.png", 4, 1}, {"photos/a.png", 3, 2}, {"x/y/z.ppm", 4, 3}, {"x/y/z.ppm", 3, 1}} {
		if got := fnvShardOf(tc.key, tc.n); got != tc.k {
			t.Errorf("%q is in shard %d/%d, was %d/%d", tc.key, got, tc.n, tc.k, tc.n)
		}
	}
}

// fnvShardOf returns the shard of key among n, found by asking each.
func fnvShardOf(key string, n int) int {
	for s := range n {
		if (shard{s, n}).contains(key) {
			return s
		}
	}
	return -1
}

func TestParseRect(t *testing.T) {
	tests := []struct {
		in   string
		want image.Rectangle
		ok   bool
	}{
		{"0,0,1,1", image.Rect(0, 0, 1, 1), true},
		{"10, 20, 30, 40", image.Rect(10, 20, 40, 60), true},
		{"1,2,3", image.Rectangle{}, false},
		{"1,2,0,3", image.Rectangle{}, false},
		{"-1,2,3,4", image.Rectangle{}, false},
		{"a,b,c,d", image.Rectangle{}, false},
	}
	for _, tc := range tests {
		got, err := parseRect(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseRect(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

// TestSwapPlan checks that the permutation for a spec turns the order
// FROM into TO, by applying it to the letters themselves.
func TestSwapPlan(t *testing.T) {
	tests := []struct {
		spec string
		c    int
		want string // the channel names after the swaps, for "rgba"[:c]
		ok   bool
	}{
		{"rgb:bgr", 3, "bgr", true},
		{"rgb:bgr", 4, "bgra", true},
		{"rgba:argb", 4, "argb", true},
		{"rgba:abgr", 4, "abgr", true},
		{"rg:gr", 3, "grb", true},
		{"bgr:rgb", 3, "bgr", true},
		{"rgba:bgra", 3, "", false},
		{"rgb:bgr", 1, "", false},
	}
	for _, tc := range tests {
		from, to, err := parseSwap(tc.spec)
		if err != nil {
			t.Fatalf("parseSwap(%q): %v", tc.spec, err)
		}
		perm, err := transform{from: from, to: to}.permutation(tc.c)
		if (err == nil) != tc.ok {
			t.Errorf("permutation(%q, %d) error %v, want ok %v", tc.spec, tc.c, err, tc.ok)
			continue
		}
		if !tc.ok {
			continue
		}
		// New channel k is old channel perm[k].
		names := make([]byte, tc.c)
		for k, p := range perm {
			names[k] = "rgba"[p]
		}
		if string(names) != tc.want {
			t.Errorf("permutation(%q, %d) gives %q, want %q", tc.spec, tc.c, names, tc.want)
		}
	}
	for _, bad := range []string{"rgb", "rgb:rg", "rgb:rgx", "rrg:grr", "rgb:bgg", ":", "rgbaa:aabgr"} {
		if _, _, err := parseSwap(bad); err == nil {
			t.Errorf("parseSwap(%q) accepted", bad)
		}
	}
}

func TestChannelIndex(t *testing.T) {
	tests := []struct {
		name string
		c    int
		want int
		ok   bool
	}{
		{"r", 3, 0, true}, {"b", 4, 2, true}, {"a", 4, 3, true}, {"a", 2, 1, true},
		{"a", 3, 0, false}, {"g", 1, 0, false}, {"0", 1, 0, true}, {"3", 3, 0, false},
		{"x", 3, 0, false}, {"-1", 3, 0, false},
	}
	for _, tc := range tests {
		got, err := channelIndex(tc.name, tc.c)
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("channelIndex(%q, %d) = %d, %v; want %d, ok %v", tc.name, tc.c, got, err, tc.want, tc.ok)
		}
	}
}

func TestParseRaw(t *testing.T) {
	tests := []struct {
		raw, pixFmt string
		want        rawFormat
		ok          bool
	}{
		{"1920x1080", "", rawFormat{1920, 1080, "rgb24", 3, 1}, true},
		{"4x2x4", "", rawFormat{4, 2, "rgba", 4, 1}, true},
		{"4x2x1", "", rawFormat{4, 2, "gray", 1, 1}, true},
		{"4X2", "gray16le", rawFormat{4, 2, "gray16le", 1, 2}, true},
		{"4x2x1", "gray16le", rawFormat{4, 2, "gray16le", 1, 2}, true},
		{"4x2x2", "", rawFormat{}, false},
		{"4x2x3", "rgba", rawFormat{}, false},
		{"4", "", rawFormat{}, false},
		{"0x2", "", rawFormat{}, false},
		{"", "rgb24", rawFormat{}, false},
		{"4x2", "yuv420p", rawFormat{}, false},
	}
	for _, tc := range tests {
		got, err := parseRaw(tc.raw, tc.pixFmt)
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("parseRaw(%q, %q) = %+v, %v; want %+v, ok %v", tc.raw, tc.pixFmt, got, err, tc.want, tc.ok)
		}
	}
}

func TestReadList(t *testing.T) {
	tests := []struct {
		in   string
		nul  bool
		want []string
	}{
		{"a\nb c\n\nd\n", false, []string{"a", "b c", "d"}},
		{"a\r\nb", false, []string{"a", "b"}},
		{"a\x00b\nc\x00\x00", true, []string{"a", "b\nc"}},
		{"", false, nil},
	}
	for _, tc := range tests {
		got, err := readList(strings.NewReader(tc.in), tc.nul)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("readList(%q, %v) = %q, %v; want %q", tc.in, tc.nul, got, err, tc.want)
		}
	}
}

// TestBufPool checks that buffers come back for reuse, the smallest that
// fits first, and that the pool keeps no more than its limits: of
// buffers, and of bytes.
func TestBufPool(t *testing.T) {
	p := newBufPool[uint8](2, 1<<20)
	a, b := p.get(100), p.get(1000)
	if len(a) != 100 || len(b) != 1000 {
		t.Fatalf("lengths %d, %d", len(a), len(b))
	}
	p.put(a)
	p.put(b)
	if got := p.get(50); &got[0] != &a[0] {
		t.Error("get(50) did not reuse the 100-sample buffer")
	}
	if got := p.get(500); &got[0] != &b[0] {
		t.Error("get(500) did not reuse the 1000-sample buffer")
	}
	p.put(p.get(10))
	p.put(p.get(20))
	p.put(make([]uint8, 30))
	if len(p.free) != 2 || cap(p.free[0])+cap(p.free[1]) != 50 {
		t.Errorf("pool keeps %d buffers, want the 2 largest (20 and 30)", len(p.free))
	}
	l := lease[uint8]{pool: p}
	x := l.get(25)
	l.release()
	if got := p.get(25); &got[0] != &x[0] {
		t.Error("a released lease's buffer was not reused")
	}
	newBufPool[uint8](0, 1<<20).put(make([]uint8, 8)) // a pool that keeps nothing drops it
	q := newBufPool[uint16](4, 100)                   // 100 bytes: 50 samples
	q.put(make([]uint16, 30))
	q.put(make([]uint16, 30)) // 120 bytes in all: dropped
	q.put(make([]uint16, 60)) // more than the pool holds: dropped
	if len(q.free) != 1 || q.freeBytes != 60 {
		t.Errorf("a pool of 100 bytes keeps %d buffers, %d bytes; want one of 60", len(q.free), q.freeBytes)
	}
	q.put(make([]uint16, 40)) // a larger one that fits in place of the smaller
	if len(q.free) != 1 || q.freeBytes != 80 {
		t.Errorf("a pool of 100 bytes keeps %d buffers, %d bytes; want one of 80", len(q.free), q.freeBytes)
	}
	if n := testing.AllocsPerRun(100, func() { p.put(p.get(25)) }); n != 0 {
		t.Errorf("steady get/put allocates %v times", n)
	}
}
