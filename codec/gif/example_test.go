package gif_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color/palette"
	stdgif "image/gif"

	"github.com/pixview/pixview/codec/gif"
	"github.com/pixview/pixview/pixbuf"
)

// Turn a two-frame animation a quarter turn and cut it: every frame moves,
// delays and the loop count stay.
func ExampleTransform() {
	g := &stdgif.GIF{LoopCount: 2}
	for k := range 2 {
		g.Image = append(g.Image, image.NewPaletted(image.Rect(k, k, 40, 30), palette.Plan9))
		g.Delay = append(g.Delay, 10*(k+1))
	}
	var in, out bytes.Buffer
	if err := stdgif.EncodeAll(&in, g); err != nil {
		fmt.Println(err)
		return
	}
	rep, err := gif.Transform(&out, &in, pixbuf.Rotate90, image.Rect(0, 0, 20, 25), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	h, _ := stdgif.DecodeAll(&out)
	fmt.Println(rep.Frames, h.Config.Width, h.Config.Height, h.Delay, h.LoopCount, h.Image[1].Bounds())
	// Output: 2 20 25 [10 20] 2 (0,1)-(20,25)
}
