package pixbuf

import (
	"errors"
	"image"
	"math"
	"strconv"
	"testing"
)

// half is the square root of the int range: half*half overflows an int on
// every word size, while half itself fits.
const half = 1 << (strconv.IntSize / 2)

func TestWrapErrors(t *testing.T) {
	tests := []struct {
		name    string
		n       int // buffer length
		h, w, c int
		want    []error // nil: no error
	}{
		{"10 bytes to [2 5 1]", 10, 2, 5, 1, nil},
		{"10 bytes to [3 4 1]", 10, 3, 4, 1, []error{ErrShape}},
		{"12 bytes to [3 4 1]", 12, 3, 4, 1, nil},
		{"12 bytes to [2 2 3]", 12, 2, 2, 3, nil},
		{"12 bytes to [2 2 2] (too many)", 12, 2, 2, 2, []error{ErrShape}},
		{"12 bytes to [2 2 4] (too few)", 12, 2, 2, 4, []error{ErrShape}},
		{"empty to [0 0 0]", 0, 0, 0, 0, nil},
		{"empty to [0 7 3]", 0, 0, 7, 3, nil},
		{"one sample to [0 1 1]", 1, 0, 1, 1, []error{ErrShape}},
		{"negative height", 0, -1, 2, 3, []error{ErrShape}},
		{"negative width", 6, 2, -3, -1, []error{ErrShape}},
		{"negative channels", 0, 0, 0, -1, []error{ErrShape}},
		{"h*w overflows", 0, math.MaxInt / 2, 3, 1, []error{ErrShape, ErrTooLarge}},
		{"h*w*c overflows to a small number", 0, half, half, 1, []error{ErrShape, ErrTooLarge}},
		{"h*w*c overflows with a zero-free product", 4, 1 << 21, 1 << 21, 1 << 21, []error{ErrShape, ErrTooLarge}},
		{"empty, though h*w is beyond an int", 0, half, half, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := Wrap(make([]uint8, tt.n), tt.h, tt.w, tt.c)
			checkErr(t, err, tt.want)
			if err == nil {
				if h, w, c := v.Shape(); h != tt.h || w != tt.w || c != tt.c || !v.IsContiguous() || v.ReadOnly() {
					t.Errorf("Wrap gave %v", v)
				}
			}
		})
	}
}

// TestWrapNBytesOverflow checks that a shape whose samples fit in an int but
// whose bytes do not is refused before Len or NBytes could wrap around.
func TestWrapNBytesOverflow(t *testing.T) {
	_, err := WrapStrided([]float32{1}, 0, math.MaxInt/4+1, 1, 1, 0, 0, 0)
	checkErr(t, err, []error{ErrShape, ErrTooLarge})
	v, err := WrapStrided([]uint8{1}, 0, math.MaxInt/4+1, 1, 1, 0, 0, 0)
	if err != nil || v.NBytes() != math.MaxInt/4+1 {
		t.Errorf("broadcast of one byte: %v, %v", v, err)
	}
}

func TestWrapStridedErrors(t *testing.T) {
	const big = math.MaxInt/2 + 1
	tests := []struct {
		name                     string
		n                        int // buffer length
		off, h, w, c, sy, sx, sc int
		want                     []error
	}{
		{"dense", 24, 0, 2, 4, 3, 12, 3, 1, nil},
		{"padded rows", 30, 0, 2, 4, 3, 15, 3, 1, nil},
		{"padded rows, last row short", 26, 0, 2, 4, 3, 15, 3, 1, []error{ErrBounds}},
		{"planar", 24, 0, 2, 4, 3, 4, 1, 8, nil},
		{"rows reach past the end", 23, 0, 2, 4, 3, 12, 3, 1, []error{ErrBounds}},
		{"columns reach past the end", 24, 0, 2, 4, 3, 12, 4, 1, []error{ErrBounds}},
		{"channels reach past the end", 24, 0, 2, 4, 3, 12, 3, 2, []error{ErrBounds}},
		{"offset past the end", 24, 1, 2, 4, 3, 12, 3, 1, []error{ErrBounds}},
		{"negative offset", 24, -1, 1, 1, 1, 0, 0, 0, []error{ErrBounds}},
		{"flipped rows", 24, 12, 2, 4, 3, -12, 3, 1, nil},
		{"flipped rows reach below 0", 24, 11, 2, 4, 3, -12, 3, 1, []error{ErrBounds}},
		{"flipped columns", 24, 9, 2, 4, 3, 12, 3 * -1, 1, nil},
		{"flipped columns reach below 0", 24, 8, 2, 4, 3, 12, -3, 1, []error{ErrBounds}},
		{"flipped channels", 24, 2, 2, 4, 3, 12, 3, -1, nil},
		{"flipped channels reach below 0", 24, 1, 2, 4, 3, 12, 3, -1, []error{ErrBounds}},
		{"all flipped", 24, 23, 2, 4, 3, -12, -3, -1, nil},
		{"all flipped, one too far", 24, 24, 2, 4, 3, -12, -3, -1, []error{ErrBounds}},
		{"zero strides broadcast", 1, 0, 5, 5, 5, 0, 0, 0, nil},
		{"row stride overflows", 24, 0, 3, 1, 1, big, 0, 0, []error{ErrBounds}},
		{"column stride overflows", 24, 0, 1, 3, 1, 0, big, 0, []error{ErrBounds}},
		{"channel stride overflows", 24, 0, 1, 1, 3, 0, 0, math.MinInt / 2, []error{ErrBounds}},
		{"strides sum overflows", 24, 0, 2, 2, 1, math.MaxInt / 2, math.MaxInt / 2, 0, []error{ErrBounds}},
		{"offset plus stride overflows", 24, 5, 2, 1, 1, math.MaxInt - 2, 0, 0, []error{ErrBounds}},
		{"negative strides sum overflows", 24, 0, 2, 2, 1, math.MinInt / 2, math.MinInt / 2, 0, []error{ErrBounds}},
		{"negative height", 24, 0, -1, 4, 3, 12, 3, 1, []error{ErrShape}},
		{"negative width", 24, 0, 2, -4, 3, 12, 3, 1, []error{ErrShape}},
		{"negative channels", 24, 0, 2, 4, -3, 12, 3, 1, []error{ErrShape}},
		{"h*w*c overflows with zero strides", 1, 0, half, half, 1, 0, 0, 0, []error{ErrShape, ErrTooLarge}},
		{"empty, offset at the end", 24, 24, 0, 4, 3, 12, 3, 1, nil},
		{"empty, offset past the end", 24, 25, 0, 4, 3, 12, 3, 1, []error{ErrBounds}},
		{"empty, negative offset", 24, -1, 2, 0, 3, 12, 3, 1, []error{ErrBounds}},
		{"empty, wild strides", 0, 0, 5, 5, 0, math.MaxInt, math.MinInt, 7, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			buf := make([]uint16, tt.n)
			v, err := WrapStrided(buf, tt.off, tt.h, tt.w, tt.c, tt.sy, tt.sx, tt.sc)
			checkErr(t, err, tt.want)
			if err != nil {
				return
			}
			// Every sample of an accepted view is reachable without a panic.
			m := stridedModel(tt.off, tt.h, tt.w, tt.c, tt.sy, tt.sx, tt.sc)
			if err := checkView(v, m, buf); err != nil {
				t.Error(err)
			}
		})
	}
}

// checkErr fails t unless err wraps every error of want, or is nil when want
// is empty.
func checkErr(t *testing.T, err error, want []error) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("unexpected error %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("no error, want %v", want)
	}
	for _, w := range want {
		if !errors.Is(err, w) {
			t.Errorf("error %q does not wrap %q", err, w)
		}
	}
}

func TestNewPanics(t *testing.T) {
	mustPanic(t, "New(-1, 2, 3)", func() { New[uint8](-1, 2, 3) }, "-1")
	mustPanic(t, "New overflowing", func() { New[uint8](half, half, 1) }, "size out of range")
	if v := New[float32](0, 3, 2); v.Len() != 0 || v.Width() != 3 {
		t.Errorf("New(0, 3, 2) = %v", v)
	}
	if v := New[float32](half, half, 0).Clone(); v.Len() != 0 || v.Height() != half {
		t.Errorf("Clone of an empty view whose h*w is beyond an int = %v", v)
	}
}

// TestIndexPanics checks that an index out of range panics, naming the
// index and the shape, for every access that takes an index.
func TestIndexPanics(t *testing.T) {
	v := New[uint16](3, 4, 2)
	tests := []struct {
		name string
		f    func()
		want []string
	}{
		{"At y", func() { v.At(3, 0, 0) }, []string{"(3, 0, 0)", "[3 4 2]"}},
		{"At x", func() { v.At(0, 4, 0) }, []string{"(0, 4, 0)", "[3 4 2]"}},
		{"At c", func() { v.At(0, 0, 2) }, []string{"(0, 0, 2)", "[3 4 2]"}},
		{"At negative", func() { v.At(-1, 0, 0) }, []string{"(-1, 0, 0)", "[3 4 2]"}},
		{"Set x", func() { v.Set(0, -1, 0, 1) }, []string{"(0, -1, 0)", "[3 4 2]"}},
		{"Set on read-only", func() { v.AsReadOnly().Set(1, 2, 1, 9) }, []string{"read-only", "(1, 2, 1)", "[3 4 2]"}},
		{"Set out of range on read-only", func() { v.AsReadOnly().Set(5, 0, 0, 9) }, []string{"(5, 0, 0)", "[3 4 2]"}},
		{"Row", func() { v.Row(3) }, []string{"Row index 3", "[3 4 2]"}},
		{"Row negative", func() { v.Row(-1) }, []string{"Row index -1", "[3 4 2]"}},
		{"Col", func() { v.Col(4) }, []string{"Col index 4", "[3 4 2]"}},
		{"Channel", func() { v.Channel(2) }, []string{"Channel index 2", "[3 4 2]"}},
		{"Channel negative", func() { v.Channel(-1) }, []string{"Channel index -1", "[3 4 2]"}},
		{"ChannelRange hi", func() { v.ChannelRange(0, 3) }, []string{"[0:3]", "[3 4 2]"}},
		{"ChannelRange lo>hi", func() { v.ChannelRange(2, 1) }, []string{"[2:1]", "[3 4 2]"}},
		{"ChannelRange negative", func() { v.ChannelRange(-1, 1) }, []string{"[-1:1]", "[3 4 2]"}},
		{"RowSlice", func() { v.RowSlice(3) }, []string{"RowSlice index 3", "[3 4 2]"}},
		{"Row of empty", func() { New[uint8](0, 4, 2).Row(0) }, []string{"Row index 0", "[0 4 2]"}},
		{"Rotate 45", func() { v.Rotate(45) }, []string{"Rotate(45)"}},
		{"Rotate -30", func() { v.Rotate(-30) }, []string{"Rotate(-30)"}},
		{"Rotate MinInt", func() { v.Rotate(math.MinInt) }, []string{"Rotate("}},
	}
	for _, tt := range tests {
		mustPanic(t, tt.name, tt.f, tt.want...)
	}
}

// TestReadOnlyRefusesWrites checks that a read-only view, and every view made
// from it, refuses Set, CopyFrom and Fill and that nothing is written.
func TestReadOnlyRefusesWrites(t *testing.T) {
	buf := fill[uint8](24)
	orig := append([]uint8(nil), buf...)
	ro, _ := Wrap(buf, 2, 4, 3)
	ro = ro.AsReadOnly()
	views := map[string]View[uint8]{
		"itself":          ro,
		"Crop":            ro.Crop(ro.Bounds().Inset(1)),
		"Row":             ro.Row(1),
		"Col":             ro.Col(2),
		"Channel":         ro.Channel(1),
		"ChannelRange":    ro.ChannelRange(0, 2),
		"FlipH":           ro.FlipH(),
		"FlipV":           ro.FlipV(),
		"Transpose":       ro.Transpose(),
		"Rotate":          ro.Rotate(90),
		"AsReadOnly":      ro.AsReadOnly(),
		"Reshape":         must(ro.Reshape(4, 6, 1)),
		"Cast":            must(Cast[uint8](ro, 1, 24, 1)),
		"Contiguous":      ro.Contiguous(),
		"Rows":            firstRow(ro),
		"Crop then Flip":  ro.Crop(ro.Bounds()).FlipV().FlipH(),
		"empty Crop":      ro.Crop(ro.Bounds().Add(ro.Bounds().Max)),
		"Transpose twice": ro.Transpose().Transpose(),
	}
	for name, v := range views {
		if !v.ReadOnly() {
			t.Errorf("%s of a read-only view is writable", name)
			continue
		}
		if err := v.Fill(0); !errors.Is(err, ErrReadOnly) {
			t.Errorf("%s: Fill: %v, want ErrReadOnly", name, err)
		}
		if err := v.CopyFrom(New[uint8](v.Shape())); !errors.Is(err, ErrReadOnly) {
			t.Errorf("%s: CopyFrom: %v, want ErrReadOnly", name, err)
		}
		if v.Len() > 0 && !panics(func() { v.Set(0, 0, 0, 0) }) {
			t.Errorf("%s: Set did not panic", name)
		}
	}
	if string(buf) != string(orig) {
		t.Errorf("a refused write changed the buffer")
	}
	if c := ro.Clone(); c.ReadOnly() {
		t.Errorf("Clone of a read-only view is read-only")
	}
	if c := ro.FlipH().Contiguous(); c.ReadOnly() {
		t.Errorf("Contiguous copy of a read-only view is read-only")
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func firstRow[T Sample](v View[T]) View[T] {
	for _, r := range v.Rows() {
		return r
	}
	return View[T]{}
}

func TestReshapeAndCastErrors(t *testing.T) {
	v := New[uint16](2, 3, 2) // 12 samples, 24 bytes
	tests := []struct {
		name string
		err  error
		want []error
	}{
		{"Reshape to the same length", second(v.Reshape(4, 3, 1)), nil},
		{"Reshape to another length", second(v.Reshape(4, 4, 1)), []error{ErrShape}},
		{"Reshape to a negative shape", second(v.Reshape(-2, -6, 1)), []error{ErrShape}},
		{"Reshape of a flipped view", second(v.FlipH().Reshape(2, 3, 2)), []error{ErrShape}},
		{"Reshape of a transposed view", second(v.Transpose().Reshape(3, 2, 2)), []error{ErrShape}},
		{"Reshape of a channel", second(v.Channel(1).Reshape(3, 2, 1)), []error{ErrShape}},
		{"Reshape of a bottom crop", second(v.Crop(image.Rect(0, 1, 3, 2)).Reshape(3, 2, 1)), nil},
		{"Reshape of a side crop", second(v.Crop(image.Rect(1, 0, 3, 2)).Reshape(2, 2, 2)), []error{ErrShape}},
		{"Reshape of a row", second(v.Row(1).Reshape(1, 1, 6)), nil},
		{"Reshape of an empty view", second(New[uint16](0, 3, 2).Reshape(5, 0, 9)), nil},
		{"Cast to bytes", second(Cast[uint8](v, 4, 3, 2)), nil},
		{"Cast to floats", second(Cast[float32](v, 2, 3, 1)), nil},
		{"Cast to the wrong byte count", second(Cast[uint8](v, 5, 5, 1)), []error{ErrShape}},
		{"Cast to a size that overflows", second(Cast[float32](v, math.MaxInt/4+1, 1, 1)), []error{ErrShape}},
		{"Cast to a negative shape", second(Cast[uint8](v, -24, -1, 1)), []error{ErrShape}},
		{"Cast of a flipped view", second(Cast[uint8](v.FlipV(), 2, 6, 2)), []error{ErrShape}},
		{"Cast of a column", second(Cast[uint8](v.Col(0), 2, 2, 1)), []error{ErrShape}},
		{"Cast of an empty view", second(Cast[float32](New[uint8](0, 0, 0), 0, 1, 1)), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkErr(t, tt.err, tt.want) })
	}
}

func second[T any](_ T, err error) error { return err }

// TestCastAlignment checks that Cast refuses to reinterpret bytes at an
// address that is not aligned for the wider type, and shares memory when it
// is.
func TestCastAlignment(t *testing.T) {
	buf := make([]uint8, 17)
	for off := range 4 {
		v, err := Wrap(buf[off:off+8], 1, 8, 1)
		if err != nil {
			t.Fatal(err)
		}
		u16, err16 := Cast[uint16](v, 1, 4, 1)
		f32, err32 := Cast[float32](v, 2, 1, 1)
		aligned16, aligned32 := uintptrOf(&buf[off])%2 == 0, uintptrOf(&buf[off])%4 == 0
		if (err16 == nil) != aligned16 || err16 != nil && !errors.Is(err16, ErrShape) {
			t.Errorf("offset %d: Cast to uint16: %v, aligned %v", off, err16, aligned16)
		}
		if (err32 == nil) != aligned32 || err32 != nil && !errors.Is(err32, ErrShape) {
			t.Errorf("offset %d: Cast to float32: %v, aligned %v", off, err32, aligned32)
		}
		if err16 == nil {
			u16.Set(0, 1, 0, 0x0102)
			if buf[off+2]|buf[off+3] == 0 || !Overlap(must(Cast[uint8](u16, 1, 8, 1)), v) {
				t.Errorf("offset %d: a write through the uint16 cast is not seen in the bytes", off)
			}
			u16.Set(0, 1, 0, 0)
		}
		if err32 == nil && f32.Len() != 2 {
			t.Errorf("offset %d: Cast to float32 has %d samples", off, f32.Len())
		}
	}
}

// TestCopyFromShapeMismatch checks that CopyFrom refuses views of another
// shape, even of the same length, and writes nothing.
func TestCopyFromShapeMismatch(t *testing.T) {
	dst := New[float32](2, 3, 2)
	tests := []struct {
		name string
		src  View[float32]
	}{
		{"transposed", New[float32](3, 2, 2)},
		{"other channels", New[float32](2, 2, 3)},
		{"smaller", New[float32](1, 3, 2)},
		{"empty", View[float32]{}},
	}
	for _, tt := range tests {
		_ = tt.src.Fill(1)
		if err := dst.CopyFrom(tt.src); !errors.Is(err, ErrShape) {
			t.Errorf("%s: CopyFrom: %v, want ErrShape", tt.name, err)
		}
		if err := tt.src.CopyFrom(dst); !errors.Is(err, ErrShape) {
			t.Errorf("%s: reverse CopyFrom: %v, want ErrShape", tt.name, err)
		}
	}
	if !dst.Equal(New[float32](2, 3, 2)) {
		t.Errorf("a refused CopyFrom wrote to the destination")
	}
	// A shape mismatch is reported even for a read-only destination.
	if err := dst.AsReadOnly().CopyFrom(New[float32](1, 1, 1)); !errors.Is(err, ErrShape) {
		t.Errorf("read-only CopyFrom of another shape: %v, want ErrShape", err)
	}
}
