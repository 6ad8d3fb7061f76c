package codec

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// TestToImageRoundTrip checks the law FromImage(ToImage(v)) == v for every
// channel count and geometry, and that the image's pixels are v's.
func TestToImageRoundTrip(t *testing.T) {
	for c := 1; c <= 4; c++ {
		for name, v := range geometries(patternView(7, 9, c)) {
			t.Run(fmt.Sprintf("%dch/%s", c, name), func(t *testing.T) {
				m := ToImage(v)
				if m.Bounds() != v.Bounds() {
					t.Fatalf("bounds %v, want %v", m.Bounds(), v.Bounds())
				}
				back, err := FromImage(m)
				if err != nil {
					t.Fatal(err)
				}
				if !back.Equal(v) {
					t.Error("FromImage(ToImage(v)) != v")
				}
				if want := refChannels8(m, max(c, 3)); c >= 3 && !back.Equal(want) {
					t.Error("At disagrees with the view")
				}
				_, isDraw := m.(draw.Image)
				if isDraw == v.ReadOnly() {
					t.Errorf("read-only %v, but draw.Image %v", v.ReadOnly(), isDraw)
				}
			})
		}
		for name, v := range geometries(patternView16(7, 9, c)) {
			t.Run(fmt.Sprintf("16bit/%dch/%s", c, name), func(t *testing.T) {
				back, err := FromImage16(ToImage(v))
				if err != nil {
					t.Fatal(err)
				}
				if !back.Equal(v) {
					t.Error("FromImage16(ToImage(v)) != v")
				}
			})
		}
	}
}

// TestToImageTypes checks when ToImage shares memory as a standard type.
func TestToImageTypes(t *testing.T) {
	rgba := patternView(6, 5, 4)
	gray := patternView(6, 5, 1)
	for _, tt := range []struct {
		name string
		img  image.Image
		want string
	}{
		{"rgba crop", ToImage(rgba), "*image.NRGBA"},
		{"rgba row", ToImage(rgba.FlipV().Row(2)), "*image.NRGBA"},
		{"gray crop", ToImage(gray), "*image.Gray"},
		{"gray flipV", ToImage(gray.FlipV()), "*codec.drawImage[uint8]"},
		{"rgba flipH", ToImage(rgba.FlipH()), "*codec.drawImage[uint8]"},
		{"rgb", ToImage(rgba.ChannelRange(0, 3)), "*codec.drawImage[uint8]"},
		{"read-only", ToImage(rgba.AsReadOnly()), "*codec.viewImage[uint8]"},
		{"16-bit", ToImage(patternView16(2, 2, 4)), "*codec.drawImage[uint16]"},
	} {
		if got := fmt.Sprintf("%T", tt.img); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
	// Sharing: a write through the image shows in the view.
	m := ToImage(rgba).(*image.NRGBA)
	m.SetNRGBA(1, 2, color.NRGBA{1, 2, 3, 4})
	if rgba.At(2, 1, 3) != 4 {
		t.Error("*image.NRGBA does not share the view's memory")
	}
}

// TestAdapterSet checks the writable adapters against the standard types:
// drawing the same source into both gives the same pixels, for Set and
// SetRGBA64, 8 and 16 bits, every channel count.
func TestAdapterSet(t *testing.T) {
	src := image.NewNRGBA64(image.Rect(0, 0, 9, 7))
	fill(src, false)
	for c := 1; c <= 4; c++ {
		for _, use := range []string{"Set", "SetRGBA64"} {
			t.Run(fmt.Sprintf("%dch/%s", c, use), func(t *testing.T) {
				v8 := pixbuf.New[uint8](7, 9, c)
				v16 := pixbuf.New[uint16](7, 9, c)
				m8 := ToImage(v8.FlipH()).(draw.RGBA64Image)
				m16 := ToImage(v16.Transpose().Transpose()).(draw.RGBA64Image)
				for y := range 7 {
					for x := range 9 {
						if use == "Set" {
							m8.Set(x, y, src.At(x, y))
							m16.Set(x, y, src.At(x, y))
						} else {
							m8.SetRGBA64(x, y, src.RGBA64At(x, y))
							m16.SetRGBA64(x, y, src.RGBA64At(x, y))
						}
					}
				}
				for y := range 7 {
					for x := range 9 {
						at := src.At(x, y)
						if use == "SetRGBA64" { // premultiplied: what alpha 0 hides is gone
							at = src.RGBA64At(x, y)
						}
						var want8 []uint8
						var want16 []uint16
						switch c {
						case 1:
							want8 = []uint8{color.GrayModel.Convert(at).(color.Gray).Y}
							want16 = []uint16{color.Gray16Model.Convert(at).(color.Gray16).Y}
						case 2:
							n := color.NRGBAModel.Convert(at).(color.NRGBA)
							n16 := color.NRGBA64Model.Convert(at).(color.NRGBA64)
							want8 = []uint8{color.GrayModel.Convert(color.NRGBA{n.R, n.G, n.B, 255}).(color.Gray).Y, n.A}
							want16 = []uint16{color.Gray16Model.Convert(color.NRGBA64{n16.R, n16.G, n16.B, 0xffff}).(color.Gray16).Y, n16.A}
						case 3:
							r := color.RGBAModel.Convert(at).(color.RGBA)
							r16 := color.RGBA64Model.Convert(at).(color.RGBA64)
							want8 = []uint8{r.R, r.G, r.B}
							want16 = []uint16{r16.R, r16.G, r16.B}
						case 4:
							n := color.NRGBAModel.Convert(at).(color.NRGBA)
							n16 := color.NRGBA64Model.Convert(at).(color.NRGBA64)
							want8 = []uint8{n.R, n.G, n.B, n.A}
							want16 = []uint16{n16.R, n16.G, n16.B, n16.A}
						}
						for k := range c {
							if got := v8.At(y, 8-x, k); absDiff(int(got), int(want8[k])) > 0 {
								t.Fatalf("8-bit (%d,%d,%d) = %d, want %d", x, y, k, got, want8[k])
							}
							if got := v16.At(y, x, k); absDiff(int(got), int(want16[k])) > 0 {
								t.Fatalf("16-bit (%d,%d,%d) = %d, want %d", x, y, k, got, want16[k])
							}
						}
					}
				}
				// Out-of-bounds writes are ignored, like the standard types'.
				m8.Set(-1, 0, color.White)
				m16.SetRGBA64(9, 9, color.RGBA64{})
			})
		}
	}
}

func absDiff(a, b int) int {
	if a > b {
		return a - b
	}
	return b - a
}

// TestPNGOfFlippedView checks the example: png.Encode of a flipped
// view through the adapter writes the flipped pixels.
func TestPNGOfFlippedView(t *testing.T) {
	for c := 1; c <= 4; c++ {
		v := patternView(5, 8, c)
		if c == 2 || c == 4 {
			v.Channel(c - 1).Fill(255) // png writes opaque or NRGBA; keep exact
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, ToImage(v.FlipH())); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&buf)
		if err != nil {
			t.Fatal(err)
		}
		got, err := FromImage(img)
		if err != nil {
			t.Fatal(err)
		}
		want := v.FlipH()
		if c == 2 {
			want = want.Channel(0)
			got = got.Channel(0)
		}
		if got.Channels() == 4 && want.Channels() == 3 {
			got = got.ChannelRange(0, 3)
		}
		if !got.Equal(want) {
			t.Errorf("%d channels: decoded PNG differs from the flipped view", c)
		}
	}
}

// TestAdapterOutside checks At and RGBA64At outside the bounds, and views
// with no channel or more than four.
func TestAdapterOutside(t *testing.T) {
	m := ToImage(patternView(3, 3, 3).FlipH()).(image.RGBA64Image)
	if m.RGBA64At(-1, 0) != (color.RGBA64{}) || m.At(3, 0) != (color.RGBA{}) {
		t.Error("outside the bounds is not the zero color")
	}
	if b := ToImage(pixbuf.New[uint8](3, 3, 0)).Bounds(); !b.Empty() {
		t.Errorf("0-channel view has bounds %v", b)
	}
	five := patternView(3, 3, 5)
	if got, _ := FromImage(hidden{ToImage(five.FlipV())}); !got.Equal(five.FlipV().ChannelRange(0, 4)) && !got.Equal(five.FlipV().ChannelRange(0, 3)) {
		t.Error("a 5-channel view does not show its first 4")
	}
}
