package jpeg

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// pdPNM parses a binary PGM or PPM as djpeg writes it: samples and the
// channel count.
func pdPNM(data []byte) (pix []byte, w, h, ch int, err error) {
	var magic string
	var maxv int
	n, err := fmt.Sscanf(string(data), "%2s\n%d %d\n%d\n", &magic, &w, &h, &maxv)
	if err != nil || n != 4 || maxv != 255 {
		return nil, 0, 0, 0, fmt.Errorf("not an 8-bit PNM: %v", err)
	}
	switch magic {
	case "P5":
		ch = 1
	case "P6":
		ch = 3
	default:
		return nil, 0, 0, 0, fmt.Errorf("PNM magic %q", magic)
	}
	if len(data) < w*h*ch {
		return nil, 0, 0, 0, fmt.Errorf("short PNM")
	}
	return data[len(data)-w*h*ch:], w, h, ch, nil
}

// pdDjpeg runs djpeg -dct int -pnm with extra arguments on a file.
func pdDjpeg(tb testing.TB, file []byte, args ...string) ([]byte, error) {
	tb.Helper()
	p := rdTool(tb, "djpeg")
	return rdExecErr(file, p, append([]string{"-dct", "int", "-pnm"}, args...)...)
}

// pdDiff compares a view with djpeg's PNM output: the largest and the
// mean absolute difference, or an error when the shapes differ.
func pdDiff(v pixbuf.View[uint8], pnm []byte) (maxd int, mean float64, err error) {
	pix, w, h, ch, err := pdPNM(pnm)
	if err != nil {
		return 0, 0, err
	}
	if vh, vw, vc := v.Shape(); vh != h || vw != w || vc != ch {
		return 0, 0, fmt.Errorf("shape %dx%dx%d, djpeg %dx%dx%d", vh, vw, vc, h, w, ch)
	}
	sum := 0
	i := 0
	for y := range h {
		for x := range w {
			for c := range ch {
				d := int(v.At(y, x, c)) - int(pix[i])
				i++
				d = max(d, -d)
				sum += d
				maxd = max(maxd, d)
			}
		}
	}
	if n := w * h * ch; n > 0 {
		mean = float64(sum) / float64(n)
	}
	return maxd, mean, nil
}

// pdLong reports whether the long runs are asked for.
func pdLong() bool { return os.Getenv("PIXDEC_LONG") == "1" && !testing.Short() }

func pdScaleArgs(s int) []string {
	if s <= 1 {
		return nil
	}
	return []string{"-scale", "1/" + strconv.Itoa(s)}
}
