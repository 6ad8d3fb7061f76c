package pixbuf

import (
	"fmt"
	"image"
	"math/rand/v2"
	"slices"
	"testing"
)

// model is the naive reference for a view: for every coordinate (y, x, c) it
// stores the index in the backing slice that the sample must live at. Each
// operation builds a new table from the old one by an explicit coordinate
// transform; nothing here uses a View's offset or strides.
type model struct {
	h, w, c int
	idx     []int // idx[(y*w+x)*c+ch] is the buffer index of sample (y, x, ch)
	ro      bool
}

// at returns the buffer index of sample (y, x, ch).
func (m model) at(y, x, ch int) int { return m.idx[(y*m.w+x)*m.c+ch] }

// build returns an h x w x c model whose sample (y, x, ch) lives where the
// old model's sample f(y, x, ch) lives.
func (m model) build(h, w, c int, f func(y, x, ch int) (int, int, int)) model {
	n := model{h: h, w: w, c: c, idx: make([]int, 0, h*w*c), ro: m.ro}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			for ch := 0; ch < c; ch++ {
				n.idx = append(n.idx, m.at(f(y, x, ch)))
			}
		}
	}
	return n
}

// stridedModel is the model of WrapStrided(buf, off, h, w, c, sy, sx, sc),
// straight from its definition.
func stridedModel(off, h, w, c, sy, sx, sc int) model {
	m := model{h: h, w: w, c: c}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			for ch := 0; ch < c; ch++ {
				m.idx = append(m.idx, off+y*sy+x*sx+ch*sc)
			}
		}
	}
	return m
}

// opKind names a view operation of a chain.
type opKind int

const (
	opCrop opKind = iota
	opRow
	opCol
	opChannel
	opChannelRange
	opFlipH
	opFlipV
	opTranspose
	opRotate
	opReadOnly
	numOps
)

// op is one step of a view chain, with its arguments.
type op struct {
	kind opKind
	a, b int             // Row/Col/Channel index, ChannelRange bounds, Rotate degrees
	r    image.Rectangle // Crop rectangle, possibly non-canonical or outside
}

func (o op) String() string {
	switch o.kind {
	case opCrop:
		return fmt.Sprintf("Crop(%v-%v)", o.r.Min, o.r.Max)
	case opRow:
		return fmt.Sprintf("Row(%d)", o.a)
	case opCol:
		return fmt.Sprintf("Col(%d)", o.a)
	case opChannel:
		return fmt.Sprintf("Channel(%d)", o.a)
	case opChannelRange:
		return fmt.Sprintf("ChannelRange(%d, %d)", o.a, o.b)
	case opFlipH:
		return "FlipH()"
	case opFlipV:
		return "FlipV()"
	case opTranspose:
		return "Transpose()"
	case opRotate:
		return fmt.Sprintf("Rotate(%d)", o.a)
	}
	return "AsReadOnly()"
}

// valid reports whether o may be applied to a view of shape (h, w, c)
// without an index panic.
func (o op) valid(h, w, c int) bool {
	switch o.kind {
	case opRow:
		return o.a >= 0 && o.a < h
	case opCol:
		return o.a >= 0 && o.a < w
	case opChannel:
		return o.a >= 0 && o.a < c
	case opChannelRange:
		return 0 <= o.a && o.a <= o.b && o.b <= c
	case opRotate:
		return o.a%90 == 0
	}
	return true
}

// applyView applies o to v.
func applyView[T Sample](v View[T], o op) View[T] {
	switch o.kind {
	case opCrop:
		return v.Crop(o.r)
	case opRow:
		return v.Row(o.a)
	case opCol:
		return v.Col(o.a)
	case opChannel:
		return v.Channel(o.a)
	case opChannelRange:
		return v.ChannelRange(o.a, o.b)
	case opFlipH:
		return v.FlipH()
	case opFlipV:
		return v.FlipV()
	case opTranspose:
		return v.Transpose()
	case opRotate:
		return v.Rotate(o.a)
	}
	return v.AsReadOnly()
}

// apply applies o to the model by explicit coordinate arithmetic.
func (m model) apply(o op) model {
	switch o.kind {
	case opCrop:
		// Clip by hand, as image.Rectangle.Intersect would; an empty
		// result is 0 x 0.
		x0, y0 := max(o.r.Min.X, 0), max(o.r.Min.Y, 0)
		x1, y1 := min(o.r.Max.X, m.w), min(o.r.Max.Y, m.h)
		if x0 >= x1 || y0 >= y1 {
			return m.build(0, 0, m.c, nil)
		}
		return m.build(y1-y0, x1-x0, m.c, func(y, x, ch int) (int, int, int) { return y + y0, x + x0, ch })
	case opRow:
		return m.build(1, m.w, m.c, func(_, x, ch int) (int, int, int) { return o.a, x, ch })
	case opCol:
		return m.build(m.h, 1, m.c, func(y, _, ch int) (int, int, int) { return y, o.a, ch })
	case opChannel:
		return m.build(m.h, m.w, 1, func(y, x, _ int) (int, int, int) { return y, x, o.a })
	case opChannelRange:
		return m.build(m.h, m.w, o.b-o.a, func(y, x, ch int) (int, int, int) { return y, x, ch + o.a })
	case opFlipH:
		return m.build(m.h, m.w, m.c, func(y, x, ch int) (int, int, int) { return y, m.w - 1 - x, ch })
	case opFlipV:
		return m.build(m.h, m.w, m.c, func(y, x, ch int) (int, int, int) { return m.h - 1 - y, x, ch })
	case opTranspose:
		return m.build(m.w, m.h, m.c, func(y, x, ch int) (int, int, int) { return x, y, ch })
	case opRotate:
		// Clockwise: the top row of the result is the left column of m,
		// read bottom to top.
		switch ((o.a/90)%4 + 4) % 4 {
		case 1:
			return m.build(m.w, m.h, m.c, func(y, x, ch int) (int, int, int) { return m.h - 1 - x, y, ch })
		case 2:
			return m.build(m.h, m.w, m.c, func(y, x, ch int) (int, int, int) { return m.h - 1 - y, m.w - 1 - x, ch })
		case 3:
			return m.build(m.w, m.h, m.c, func(y, x, ch int) (int, int, int) { return x, m.w - 1 - y, ch })
		}
		return m
	}
	m.ro = true
	return m
}

// layout is a parent view's geometry for WrapStrided, with the length of
// the buffer it needs.
type layout struct {
	off, h, w, c, sy, sx, sc int
	n                        int // buffer length
}

// newLayout lays out an h x w x c parent. order permutes the axes (0..5,
// outermost first: 0 is y, x, c; 4 is planar c, y, x), gap spaces the
// innermost axis, padMid and padOut add padding to the strides of the middle
// and outermost axes (padded rows), neg flips axes (bit 0 y, 1 x, 2 c), alias
// replaces a stride by 0 (1 y, 2 x, 3 c) and slack adds unused samples at
// both ends.
func newLayout(h, w, c, order, gap, padMid, padOut, neg, alias, slack int) layout {
	n := [3]int{h, w, c}
	perms := [6][3]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}
	p := perms[order%6]
	var st [3]int
	st[p[2]] = max(gap, 1)
	st[p[1]] = st[p[2]]*max(n[p[2]], 1) + padMid
	st[p[0]] = st[p[1]]*max(n[p[1]], 1) + padOut
	if alias >= 1 && alias <= 3 {
		st[alias-1] = 0
	}
	off := slack
	hi := 0
	for a := 0; a < 3; a++ {
		if n[a] > 0 {
			hi += (n[a] - 1) * st[a]
		}
		if neg&(1<<a) != 0 && n[a] > 0 {
			off += (n[a] - 1) * st[a]
			st[a] = -st[a]
		}
	}
	return layout{off: off, h: h, w: w, c: c, sy: st[0], sx: st[1], sc: st[2], n: slack + hi + 1 + slack}
}

// randLayout returns a random parent layout of up to 7 x 7 x 5 samples.
func randLayout(r *rand.Rand, alias bool) layout {
	a := 0
	if alias && r.IntN(4) == 0 {
		a = 1 + r.IntN(3)
	}
	return newLayout(r.IntN(8), r.IntN(8), r.IntN(6), r.IntN(6), 1+r.IntN(2), r.IntN(3), r.IntN(3), r.IntN(8), a, r.IntN(3))
}

// randOp returns a random valid op for a view of shape (h, w, c).
func randOp(r *rand.Rand, h, w, c int) op {
	for {
		o := op{kind: opKind(r.IntN(int(numOps)))}
		switch o.kind {
		case opCrop:
			x0, y0 := r.IntN(w+3)-1, r.IntN(h+3)-1
			x1, y1 := x0+r.IntN(w+2)-1, y0+r.IntN(h+2)-1
			o.r = image.Rectangle{Min: image.Pt(x0, y0), Max: image.Pt(x1, y1)}
		case opRow, opCol, opChannel:
			n := [...]int{opRow: h, opCol: w, opChannel: c}[o.kind]
			if n == 0 {
				continue
			}
			o.a = r.IntN(n)
		case opChannelRange:
			o.a = r.IntN(c + 1)
			o.b = o.a + r.IntN(c-o.a+1)
		case opRotate:
			o.a = 90 * (r.IntN(13) - 6)
		}
		return o
	}
}

// fill returns a buffer of n samples with distinct values (as far as T
// allows) and none zero.
func fill[T Sample](n int) []T {
	buf := make([]T, n)
	for i := range buf {
		buf[i] = T(i%251 + 1)
	}
	return buf
}

// checkView compares v with the model m over buf, sample by sample: shape,
// read-only flag, the address and value of each sample, contiguity, row and
// whole slices, Clone and Bytes. It returns the first difference.
func checkView[T Sample](v View[T], m model, buf []T) error {
	if h, w, c := v.Shape(); h != m.h || w != m.w || c != m.c {
		return fmt.Errorf("shape [%d %d %d], model [%d %d %d]", h, w, c, m.h, m.w, m.c)
	}
	if v.Len() != m.h*m.w*m.c || v.NBytes() != v.Len()*v.ItemSize() {
		return fmt.Errorf("Len %d NBytes %d for shape [%d %d %d]", v.Len(), v.NBytes(), m.h, m.w, m.c)
	}
	if v.Bounds() != image.Rect(0, 0, m.w, m.h) {
		return fmt.Errorf("Bounds %v", v.Bounds())
	}
	if v.ReadOnly() != m.ro {
		return fmt.Errorf("ReadOnly %v, model %v", v.ReadOnly(), m.ro)
	}
	raw, off := v.Raw()
	if len(m.idx) > 0 && &raw[0] != &buf[0] {
		return fmt.Errorf("Raw buffer is not the parent's")
	}
	sy, sx, sc := v.Strides()
	for y := 0; y < m.h; y++ {
		for x := 0; x < m.w; x++ {
			for ch := 0; ch < m.c; ch++ {
				i := m.at(y, x, ch)
				if got := off + y*sy + x*sx + ch*sc; got != i {
					return fmt.Errorf("sample (%d, %d, %d) at index %d, model %d", y, x, ch, got, i)
				}
				if got := v.At(y, x, ch); got != buf[i] {
					return fmt.Errorf("At(%d, %d, %d) = %v, model %v", y, x, ch, got, buf[i])
				}
			}
		}
	}
	// Contiguous means the indices run consecutively in row-major order.
	contig := true
	for k := 1; k < len(m.idx); k++ {
		contig = contig && m.idx[k] == m.idx[0]+k
	}
	if v.IsContiguous() != contig {
		return fmt.Errorf("IsContiguous %v, model %v", v.IsContiguous(), contig)
	}
	if s, ok := v.Samples(); ok != contig || ok && len(s) != len(m.idx) || ok && len(s) > 0 && &s[0] != &buf[m.idx[0]] {
		return fmt.Errorf("Samples: ok %v len %d, model contiguous %v len %d", ok, len(s), contig, len(m.idx))
	}
	for y := 0; y < m.h; y++ {
		row := m.idx[y*m.w*m.c : (y+1)*m.w*m.c]
		rc := true
		for k := 1; k < len(row); k++ {
			rc = rc && row[k] == row[0]+k
		}
		s, ok := v.RowSlice(y)
		if ok != rc || len(s) != len(row) && ok || cap(s) != len(s) {
			return fmt.Errorf("RowSlice(%d): ok %v len %d cap %d, model contiguous %v len %d", y, ok, len(s), cap(s), rc, len(row))
		}
		if ok && len(s) > 0 && &s[0] != &buf[row[0]] {
			return fmt.Errorf("RowSlice(%d) does not start at index %d", y, row[0])
		}
	}
	cl := v.Clone()
	if cl.ReadOnly() || !cl.IsContiguous() || !cl.Equal(v) || !v.Equal(cl) {
		return fmt.Errorf("Clone %v is not a writable contiguous equal copy", cl)
	}
	want := make([]T, len(m.idx))
	for k, i := range m.idx {
		want[k] = buf[i]
	}
	if s, _ := cl.Samples(); !slices.Equal(s, want) {
		return fmt.Errorf("Clone samples %v, model %v", s, want)
	}
	if b := v.Bytes(); len(b) != v.NBytes() || !slices.Equal(b, cl.Bytes()) {
		return fmt.Errorf("Bytes differ from the clone's")
	}
	return nil
}

// checkWrites writes distinct values through v with Set, in row-major order,
// and the same values into a copy of buf at the model's indices, and compares
// the buffers: every write must land where the model says and nowhere else.
// A read-only view must refuse Set, CopyFrom and Fill and leave buf alone.
func checkWrites[T Sample](v View[T], m model, buf []T, seed int) error {
	want := slices.Clone(buf)
	if m.ro {
		if len(m.idx) > 0 && !panics(func() { v.Set(0, 0, 0, 0) }) {
			return fmt.Errorf("Set on a read-only view did not panic")
		}
		if !isReadOnlyErr(v.Fill(7)) || !isReadOnlyErr(v.CopyFrom(v.Clone())) {
			return fmt.Errorf("Fill or CopyFrom on a read-only view did not fail with ErrReadOnly")
		}
		if !slices.Equal(buf, want) {
			return fmt.Errorf("a refused write changed the buffer")
		}
		return nil
	}
	k := seed
	for y := 0; y < m.h; y++ {
		for x := 0; x < m.w; x++ {
			for ch := 0; ch < m.c; ch++ {
				k++
				val := T(k%200 + 3)
				v.Set(y, x, ch, val)
				want[m.at(y, x, ch)] = val
			}
		}
	}
	if !slices.Equal(buf, want) {
		return fmt.Errorf("writes through the view landed elsewhere than the model says")
	}
	if err := v.Fill(250); err != nil {
		return err
	}
	for _, i := range m.idx {
		want[i] = 250
	}
	if !slices.Equal(buf, want) {
		return fmt.Errorf("Fill landed elsewhere than the model says")
	}
	return nil
}

// runChain builds a parent from l over a fresh buffer, applies ops one by
// one to the view and to the model, and checks every step, writes included.
func runChain[T Sample](l layout, ops []op) error {
	buf := fill[T](l.n)
	v, err := WrapStrided(buf, l.off, l.h, l.w, l.c, l.sy, l.sx, l.sc)
	if err != nil {
		return fmt.Errorf("WrapStrided(%+v): %v", l, err)
	}
	m := stridedModel(l.off, l.h, l.w, l.c, l.sy, l.sx, l.sc)
	if err := checkView(v, m, buf); err != nil {
		return fmt.Errorf("parent %+v: %v", l, err)
	}
	for i, o := range ops {
		v, m = applyView(v, o), m.apply(o)
		if err := checkView(v, m, buf); err != nil {
			return fmt.Errorf("parent %+v, after %v: %v", l, ops[:i+1], err)
		}
		if err := checkWrites(v, m, buf, i*37); err != nil {
			return fmt.Errorf("parent %+v, after %v: %v", l, ops[:i+1], err)
		}
	}
	return checkCopyTwins(v, m, buf)
}

// checkCopyTwins copies v's rotated (and, when square, transposed) twins
// onto v, which overlap it completely, and compares the buffer with the
// model. A view that reaches one sample twice is skipped: which write wins
// is not specified.
func checkCopyTwins[T Sample](v View[T], m model, buf []T) error {
	if m.ro || len(slices.Compact(slices.Sorted(slices.Values(m.idx)))) != len(m.idx) {
		return nil
	}
	twins := []op{{kind: opRotate, a: 180}, {kind: opFlipH}, {kind: opFlipV}}
	if m.h == m.w {
		twins = append(twins, op{kind: opTranspose}, op{kind: opRotate, a: 90})
	}
	for k, o := range twins {
		for i := range buf {
			buf[i] = T(i%241 + k + 1)
		}
		want := copyModel(buf, m, m.apply(o))
		if err := v.CopyFrom(applyView(v, o)); err != nil {
			return err
		}
		if !slices.Equal(buf, want) {
			return fmt.Errorf("CopyFrom of the %v twin of %v: got %v, want %v", o, v, buf, want)
		}
	}
	return nil
}

func testChains[T Sample](t *testing.T) {
	n := 1500
	if testing.Short() {
		n = 60
	}
	r := rand.New(rand.NewPCG(2, uint64(sizeOf[T]())))
	for range n {
		l := randLayout(r, true)
		ops := make([]op, r.IntN(9))
		h, w, c := l.h, l.w, l.c
		for k := range ops {
			ops[k] = randOp(r, h, w, c)
			m := model{h: h, w: w, c: c, idx: make([]int, h*w*c)}.apply(ops[k])
			h, w, c = m.h, m.w, m.c
		}
		if err := runChain[T](l, ops); err != nil {
			t.Fatal(err)
		}
	}
}

// TestViewChainsMatchModel checks random chains of up to 8 views of random
// strided, padded, flipped and aliased parents against the naive model,
// every sample of every step, reads and writes, for each sample type.
func TestViewChainsMatchModel(t *testing.T) {
	t.Run("uint8", testChains[uint8])
	t.Run("uint16", testChains[uint16])
	t.Run("float32", testChains[float32])
}

// TestModelRotateIsComposition checks the model against itself: its
// explicit rotation formulas agree with the compositions that define a
// rotation, so a wrong formula cannot hide a wrong view.
func TestModelRotateIsComposition(t *testing.T) {
	m := stridedModel(0, 3, 5, 2, 10, 2, 1)
	chain := func(ops ...op) model {
		n := m
		for _, o := range ops {
			n = n.apply(o)
		}
		return n
	}
	tr, fh, fv := op{kind: opTranspose}, op{kind: opFlipH}, op{kind: opFlipV}
	rot := func(d int) op { return op{kind: opRotate, a: d} }
	tests := []struct {
		name      string
		got, want model
	}{
		{"90 is transpose then flipH", chain(rot(90)), chain(tr, fh)},
		{"180 is flipH then flipV", chain(rot(180)), chain(fh, fv)},
		{"270 is transpose then flipV", chain(rot(270)), chain(tr, fv)},
		{"-90 is 270", chain(rot(-90)), chain(rot(270))},
		{"four quarter turns are none", chain(rot(90), rot(90), rot(90), rot(90)), m},
		{"720 is none", chain(rot(720)), m},
		{"transpose twice is none", chain(tr, tr), m},
	}
	for _, tt := range tests {
		if tt.got.h != tt.want.h || tt.got.w != tt.want.w || !slices.Equal(tt.got.idx, tt.want.idx) {
			t.Errorf("%s: got %+v, want %+v", tt.name, tt.got, tt.want)
		}
	}
}
