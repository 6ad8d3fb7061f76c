package pixbuf

import (
	"image"
	"math"
	"slices"
	"strings"
	"testing"
)

// TestViewsAllocateNothing checks that every view method, property and
// element access allocates nothing, on a strided parent so that no method
// can lean on a contiguous fast path.
func TestViewsAllocateNothing(t *testing.T) {
	buf := make([]uint16, 200)
	v := must(WrapStrided(buf, 5, 4, 5, 3, 40, 3, 1))
	c := New[uint16](4, 5, 3)
	r := image.Rect(1, 1, 4, 3)
	var (
		sink  View[uint16]
		s     []uint16
		ok    bool
		n     int
		b     bool
		smp   uint16
		rect  image.Rectangle
		fmtS  string
		err   error
		bytes View[uint8]
	)
	tests := []struct {
		name string
		f    func()
	}{
		{"Crop", func() { sink = v.Crop(r) }},
		{"Crop empty", func() { sink = v.Crop(image.Rect(9, 9, 10, 10)) }},
		{"Row", func() { sink = v.Row(2) }},
		{"Col", func() { sink = v.Col(3) }},
		{"Channel", func() { sink = v.Channel(1) }},
		{"ChannelRange", func() { sink = v.ChannelRange(0, 2) }},
		{"FlipH", func() { sink = v.FlipH() }},
		{"FlipV", func() { sink = v.FlipV() }},
		{"Transpose", func() { sink = v.Transpose() }},
		{"Rotate 90", func() { sink = v.Rotate(90) }},
		{"Rotate -90", func() { sink = v.Rotate(-90) }},
		{"Rotate 180", func() { sink = v.Rotate(180) }},
		{"Rotate 270", func() { sink = v.Rotate(270) }},
		{"AsReadOnly", func() { sink = v.AsReadOnly() }},
		{"chain", func() { sink = v.Crop(r).FlipH().Rotate(90).Channel(2).AsReadOnly() }},
		{"Shape", func() { n, _, _ = v.Shape() }},
		{"Strides", func() { n, _, _ = v.Strides() }},
		{"Height Width Channels", func() { n = v.Height() + v.Width() + v.Channels() }},
		{"Len NBytes ItemSize", func() { n = v.Len() + v.NBytes() + v.ItemSize() }},
		{"Format", func() { fmtS = v.Format() }},
		{"Bounds", func() { rect = v.Bounds() }},
		{"ReadOnly IsContiguous", func() { b = v.ReadOnly() || v.IsContiguous() }},
		{"Raw", func() { s, n = v.Raw() }},
		{"At", func() { smp = v.At(3, 4, 2) }},
		{"Set", func() { v.Set(3, 4, 2, 7) }},
		{"At on a flipped transpose", func() { smp = v.FlipV().Transpose().At(4, 3, 1) }},
		{"RowSlice", func() { s, ok = v.RowSlice(1) }},
		{"RowSlice not contiguous", func() { s, ok = v.Transpose().RowSlice(1) }},
		{"Samples", func() { s, ok = c.Samples() }},
		{"Samples of an empty view", func() { s, ok = c.Crop(image.Rectangle{}).Samples() }},
		{"Reshape", func() { sink, err = c.Reshape(5, 4, 3) }},
		{"Cast", func() { bytes, err = Cast[uint8](c, 4, 5, 6) }},
		{"Overlap", func() { b = Overlap(v, c) }},
		{"Orient", func() { sink = v.Orient(Transverse) }},
		{"Equal", func() { b = v.Equal(v.Crop(v.Bounds())) }},
		{"Fill", func() { err = v.Fill(3) }},
		{"CopyFrom disjoint", func() { err = c.CopyFrom(v) }},
		{"CopyFrom onto itself", func() { err = v.CopyFrom(v.Crop(v.Bounds()).FlipV().FlipV()) }},
		{"Contiguous of contiguous", func() { sink = c.Contiguous() }},
		{"Rows", func() {
			for _, row := range v.Rows() {
				sink = row
			}
		}},
	}
	for _, tt := range tests {
		if a := testing.AllocsPerRun(100, tt.f); a != 0 {
			t.Errorf("%s: %v allocations per run, want 0", tt.name, a)
		}
	}
	_, _, _, _, _, _, _, _, _, _ = sink, s, ok, n, b, smp, rect, fmtS, err, bytes
}

func TestCrop(t *testing.T) {
	v := New[uint8](4, 6, 2) // bounds (0,0)-(6,4)
	tests := []struct {
		name string
		r    image.Rectangle
		h, w int
		y, x int // the parent coordinates of the crop's (0, 0)
	}{
		{"inside", image.Rect(1, 2, 4, 3), 1, 3, 2, 1},
		{"whole", v.Bounds(), 4, 6, 0, 0},
		{"larger than the view", image.Rect(-5, -5, 50, 50), 4, 6, 0, 0},
		{"overhanging top left", image.Rect(-2, -1, 2, 2), 2, 2, 0, 0},
		{"overhanging bottom right", image.Rect(4, 3, 9, 9), 1, 2, 3, 4},
		{"single pixel", image.Rect(5, 3, 6, 4), 1, 1, 3, 5},
		{"empty at an edge", image.Rect(6, 0, 8, 4), 0, 0, 0, 0},
		{"zero width", image.Rect(2, 0, 2, 4), 0, 0, 0, 0},
		{"zero height", image.Rect(0, 3, 6, 3), 0, 0, 0, 0},
		{"outside", image.Rect(10, 10, 12, 12), 0, 0, 0, 0},
		{"negative, outside", image.Rect(-3, -3, -1, -1), 0, 0, 0, 0},
		{"non-canonical", image.Rectangle{Min: image.Pt(4, 3), Max: image.Pt(1, 1)}, 0, 0, 0, 0},
		{"huge", image.Rect(math.MinInt, math.MinInt, math.MaxInt, math.MaxInt), 4, 6, 0, 0},
	}
	for _, tt := range tests {
		c := v.Crop(tt.r)
		if h, w, ch := c.Shape(); h != tt.h || w != tt.w || ch != 2 {
			t.Errorf("%s: Crop(%v) has shape [%d %d %d], want [%d %d 2]", tt.name, tt.r, h, w, ch, tt.h, tt.w)
			continue
		}
		if c.Bounds().Min != (image.Point{}) {
			t.Errorf("%s: Crop origin %v, want (0, 0)", tt.name, c.Bounds().Min)
		}
		if c.Len() > 0 {
			c.Set(0, 0, 1, 42)
			if v.At(tt.y, tt.x, 1) != 42 {
				t.Errorf("%s: the crop's (0, 0) is not the parent's (%d, %d)", tt.name, tt.y, tt.x)
			}
			v.Set(tt.y, tt.x, 1, 0)
		}
		if e := c.Crop(image.Rect(0, 0, 1, 1)); c.Len() == 0 && e.Len() != 0 {
			t.Errorf("%s: a crop of an empty crop is not empty", tt.name)
		}
	}
}

// TestNestedCropsSeeWrites checks memoryview's lesson: nested slices share
// memory with the original, in both directions.
func TestNestedCropsSeeWrites(t *testing.T) {
	p := New[float32](8, 8, 3)
	a := p.Crop(image.Rect(2, 2, 8, 8))
	b := a.Crop(image.Rect(1, 1, 3, 3))
	p.Set(3, 3, 0, 1.25)
	if b.At(0, 0, 0) != 1.25 || a.At(1, 1, 0) != 1.25 {
		t.Errorf("a write to the parent is not seen through nested crops")
	}
	b.Set(1, 1, 2, -7)
	if p.At(4, 4, 2) != -7 {
		t.Errorf("a write through a nested crop is not seen in the parent")
	}
}

func TestRotateDegrees(t *testing.T) {
	v := must(Wrap([]uint8{1, 2, 3, 4, 5, 6}, 2, 3, 1))
	// 1 2 3        4 1
	// 4 5 6  ->90  5 2
	//              6 3
	want := map[int][]uint8{
		0:   {1, 2, 3, 4, 5, 6},
		90:  {4, 1, 5, 2, 6, 3},
		180: {6, 5, 4, 3, 2, 1},
		270: {3, 6, 2, 5, 1, 4},
	}
	for _, deg := range []int{0, 90, 180, 270, 360, 450, -90, -180, -270, -360, -450, 90 * 1001, -90 * 1001, 90 * (math.MaxInt / 90)} {
		norm := ((deg/90)%4 + 4) % 4 * 90
		got := v.Rotate(deg).Bytes()
		if !slices.Equal(got, want[norm]) {
			t.Errorf("Rotate(%d) = %v, want %v", deg, got, want[norm])
		}
	}
	if !v.Rotate(90).Rotate(-90).Equal(v) || !v.Rotate(90).Rotate(270).Equal(v) {
		t.Errorf("a rotation and its inverse do not cancel")
	}
}

// TestRotateIsTransposeFlipH checks the geometry Rotate writes by hand
// (shape, strides and offset, which String prints) against its definition,
// a quarter turn being Transpose then FlipH, on empty views too, where the
// flips must leave the offset alone.
func TestRotateIsTransposeFlipH(t *testing.T) {
	for _, shape := range [][3]int{{2, 3, 4}, {1, 5, 3}, {0, 3, 2}, {3, 0, 2}, {0, 0, 1}, {4, 4, 0}} {
		v := New[uint16](shape[0], shape[1], shape[2]).FlipV()
		want := v
		for q := range 8 {
			if got := v.Rotate(90 * q); got.String() != want.String() {
				t.Errorf("%v.Rotate(%d) = %v, want %v", v, 90*q, got, want)
			}
			if got := v.Rotate(-90 * (8 - q)); got.String() != want.String() {
				t.Errorf("%v.Rotate(%d) = %v, want %v", v, -90*(8-q), got, want)
			}
			want = want.Transpose().FlipH()
		}
	}
}

func TestChannelRangeEdges(t *testing.T) {
	v := must(Wrap([]uint8{1, 2, 3, 4, 5, 6, 7, 8}, 1, 2, 4)) // two RGBA pixels
	tests := []struct {
		lo, hi int
		want   []uint8
	}{
		{0, 4, []uint8{1, 2, 3, 4, 5, 6, 7, 8}},
		{0, 3, []uint8{1, 2, 3, 5, 6, 7}},
		{1, 4, []uint8{2, 3, 4, 6, 7, 8}},
		{3, 4, []uint8{4, 8}},
		{2, 2, []uint8{}},
		{0, 0, []uint8{}},
		{4, 4, []uint8{}},
	}
	for _, tt := range tests {
		c := v.ChannelRange(tt.lo, tt.hi)
		if got := c.Bytes(); !slices.Equal(got, tt.want) || c.Channels() != tt.hi-tt.lo {
			t.Errorf("ChannelRange(%d, %d) = %v with %d channels, want %v", tt.lo, tt.hi, got, c.Channels(), tt.want)
		}
	}
	if !v.ChannelRange(1, 3).Channel(1).Equal(v.Channel(2)) {
		t.Errorf("channel 1 of ChannelRange(1, 3) is not channel 2")
	}
}

func TestIsContiguous(t *testing.T) {
	p := New[uint8](3, 4, 3)
	one := New[uint8](1, 5, 3)
	tests := []struct {
		name string
		v    View[uint8]
		want bool
	}{
		{"new", p, true},
		{"row", p.Row(1), true},
		{"full-width crop", p.Crop(image.Rect(0, 1, 4, 3)), true},
		{"narrow crop", p.Crop(image.Rect(0, 0, 3, 3)), false},
		{"single-row crop", p.Crop(image.Rect(1, 1, 3, 2)), true},
		{"single pixel", p.Crop(image.Rect(2, 1, 3, 2)), true},
		{"column", p.Col(1), false},
		{"channel", p.Channel(0), false},
		{"FlipV of a 1-row view", one.FlipV(), true},
		{"FlipH of a 1-row view", one.FlipH(), false},
		{"FlipH of a 1-pixel view", p.Row(0).Col(0).FlipH().FlipV(), true},
		{"FlipH of a 1-channel 1-pixel view", p.Channel(0).Row(1).Col(1).FlipH(), true},
		{"Transpose of a 1-row view", one.Transpose(), true},
		{"Transpose of a 1-row gray view", New[uint8](1, 5, 1).Transpose(), true},
		{"Transpose of a 1-pixel view", p.Row(2).Col(3).Transpose(), true},
		{"flipped channels", p.Row(0).Col(0).ChannelRange(0, 3).FlipH().Transpose(), true},
		{"FlipV", p.FlipV(), false},
		{"Rotate 180", p.Rotate(180), false},
		{"Rotate 360", p.Rotate(360), true},
		{"empty", p.Crop(image.Rectangle{}), true},
		{"no channels", p.ChannelRange(1, 1), true},
		{"zero view", View[uint8]{}, true},
		{"RGB of RGBA", New[uint8](2, 2, 4).ChannelRange(0, 3), false},
		{"RGB of a 1-pixel RGBA", New[uint8](1, 1, 4).ChannelRange(1, 4), true},
	}
	for _, tt := range tests {
		if got := tt.v.IsContiguous(); got != tt.want {
			t.Errorf("%s: IsContiguous() = %v, want %v (%v)", tt.name, got, tt.want, tt.v)
		}
		if s, ok := tt.v.Samples(); ok != tt.want || ok && len(s) != tt.v.Len() {
			t.Errorf("%s: Samples() = %d samples, %v", tt.name, len(s), ok)
		}
	}
}

// TestEmptyViews checks that every method copes with views holding no
// sample, including those whose offset lies outside their buffer.
func TestEmptyViews(t *testing.T) {
	buf := make([]uint8, 10)
	views := map[string]View[uint8]{
		"zero":                 {},
		"0x0x0":                New[uint8](0, 0, 0),
		"3x4x0":                New[uint8](3, 4, 0),
		"no channels, flipped": must(WrapStrided(buf, 10, 3, 4, 0, 100, -50, 1)).FlipH().FlipV(),
		"no columns":           must(WrapStrided(buf, 0, 2, 0, 3, math.MaxInt, 7, 1)),
		"empty crop":           must(Wrap(buf, 2, 5, 1)).Crop(image.Rect(3, 3, 3, 3)),
		"empty channel range":  must(Wrap(buf, 2, 5, 1)).ChannelRange(1, 1),
	}
	for name, v := range views {
		if v.Len() != 0 || v.NBytes() != 0 {
			t.Errorf("%s: Len %d", name, v.Len())
		}
		for y, r := range v.Rows() {
			if s, ok := v.RowSlice(y); !ok || len(s) != 0 || r.Len() != 0 {
				t.Errorf("%s: RowSlice(%d) = %v, %v", name, y, s, ok)
			}
		}
		if s, ok := v.Samples(); !ok || len(s) != 0 {
			t.Errorf("%s: Samples = %v, %v", name, s, ok)
		}
		c := v.Clone()
		if !c.Equal(v) || len(v.Bytes()) != 0 || Overlap(v, v) || Overlap(v, must(Wrap(buf, 1, 10, 1))) {
			t.Errorf("%s: Clone, Bytes or Overlap misbehave", name)
		}
		if err := v.Fill(1); err != nil {
			t.Errorf("%s: Fill: %v", name, err)
		}
		if err := v.CopyFrom(c); err != nil {
			t.Errorf("%s: CopyFrom: %v", name, err)
		}
		v = v.FlipH().FlipV().Transpose().Rotate(90).Crop(image.Rect(0, 0, 5, 5))
		if v.Len() != 0 {
			t.Errorf("%s: a view of an empty view holds %d samples", name, v.Len())
		}
	}
	if slices.ContainsFunc(buf, func(b uint8) bool { return b != 0 }) {
		t.Errorf("an empty view wrote to its buffer: %v", buf)
	}
}

func TestRows(t *testing.T) {
	v := must(Wrap(fill[uint16](24), 4, 3, 2)).FlipV()
	n := 0
	for y, r := range v.Rows() {
		if y != n || !r.Equal(v.Row(y)) {
			t.Errorf("row %d is not Row(%d)", n, y)
		}
		n++
		if y == 2 {
			break
		}
	}
	if n != 3 {
		t.Errorf("Rows went on after break: %d rows", n)
	}
}

func TestRowSliceCapacity(t *testing.T) {
	v := New[uint8](3, 2, 2)
	s, ok := v.RowSlice(0)
	if !ok || len(s) != 4 || cap(s) != 4 {
		t.Fatalf("RowSlice(0) = len %d cap %d, %v", len(s), cap(s), ok)
	}
	_ = append(s, 99)
	if v.At(1, 0, 0) != 0 {
		t.Errorf("append to a row slice wrote into the next row")
	}
}

func TestProperties(t *testing.T) {
	u8, u16, f32 := New[uint8](2, 3, 4), New[uint16](2, 3, 4), New[float32](2, 3, 4)
	tests := []struct {
		format            string
		itemSize, nBytes  int
		gotF              string
		gotSize, gotBytes int
	}{
		{"B", 1, 24, u8.Format(), u8.ItemSize(), u8.NBytes()},
		{"H", 2, 48, u16.Format(), u16.ItemSize(), u16.NBytes()},
		{"f", 4, 96, f32.Format(), f32.ItemSize(), f32.NBytes()},
	}
	for _, tt := range tests {
		if tt.gotF != tt.format || tt.gotSize != tt.itemSize || tt.gotBytes != tt.nBytes {
			t.Errorf("format %q size %d bytes %d, want %q %d %d", tt.gotF, tt.gotSize, tt.gotBytes, tt.format, tt.itemSize, tt.nBytes)
		}
	}
	type gray uint8 // a named sample type is allowed
	if g := New[gray](1, 1, 1); g.Format() != "B" {
		t.Errorf("named uint8 has format %q", g.Format())
	}
	if sy, sx, sc := u8.Strides(); sy != 12 || sx != 4 || sc != 1 {
		t.Errorf("Strides() = %d %d %d", sy, sx, sc)
	}
	if sy, sx, sc := u8.Transpose().FlipH().Strides(); sy != 4 || sx != -12 || sc != 1 {
		t.Errorf("Strides() of a flipped transpose = %d %d %d", sy, sx, sc)
	}
	s := u16.Crop(image.Rect(1, 1, 3, 2)).FlipH().AsReadOnly().String()
	for _, want := range []string{"View[H]", "shape [1 2 4]", "strides [12 -4 1]", "offset 20", "read-only"} {
		if !strings.Contains(s, want) {
			t.Errorf("String() = %q, want it to mention %q", s, want)
		}
	}
}
