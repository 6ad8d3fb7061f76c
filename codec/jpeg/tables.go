package jpeg

import (
	"fmt"

	"github.com/pixview/pixview/codec/codecerr"
)

// The standard quantization tables and their scaling by an IJG quality
// number, after the Independent JPEG Group's jcparam.c
// (jpeg_set_quality, jpeg_quality_scaling, jpeg_add_quant_table): the
// tables are those of ITU-T T.81 Annex K.1; quality q in 1..100 gives a
// percentage scale of 5000/q below 50 and 200-2q from 50 on, and each
// entry becomes (base*scale+50)/100 clamped to 1..255 (libjpeg's
// force_baseline, which cjpeg sets). Quality 50 is the tables as printed,
// 100 all ones.

// stdLumaQuant and stdChromaQuant are T.81 Table K.1 and K.2 in natural
// order.
var stdLumaQuant = [64]uint16{
	16, 11, 10, 16, 24, 40, 51, 61,
	12, 12, 14, 19, 26, 58, 60, 55,
	14, 13, 16, 24, 40, 57, 69, 56,
	14, 17, 22, 29, 51, 87, 80, 62,
	18, 22, 37, 56, 68, 109, 103, 77,
	24, 35, 55, 64, 81, 104, 113, 92,
	49, 64, 78, 87, 103, 121, 120, 101,
	72, 92, 95, 98, 112, 100, 103, 99,
}

var stdChromaQuant = [64]uint16{
	17, 18, 24, 47, 99, 99, 99, 99,
	18, 21, 26, 66, 99, 99, 99, 99,
	24, 26, 56, 99, 99, 99, 99, 99,
	47, 66, 99, 99, 99, 99, 99, 99,
	99, 99, 99, 99, 99, 99, 99, 99,
	99, 99, 99, 99, 99, 99, 99, 99,
	99, 99, 99, 99, 99, 99, 99, 99,
	99, 99, 99, 99, 99, 99, 99, 99,
}

// DefaultQuality is the quality [FromPixels] uses when none is given, as
// cjpeg does.
const DefaultQuality = 75

// StandardQuantTables returns the luminance (selector 0) and chrominance
// (selector 1) tables cjpeg -quality q writes: T.81 Annex K's tables
// scaled as IJG's jpeg_set_quality scales them with force_baseline, so
// every entry is in 1..255. A quality outside 1..100 gives an error
// wrapping codecerr.ErrUnsupported.
func StandardQuantTables(quality int) (luma, chroma *QuantTable, err error) {
	if quality < 1 || quality > 100 {
		return nil, nil, fmt.Errorf("jpeg: quality %d is outside 1..100: %w", quality, codecerr.ErrUnsupported)
	}
	scale := 200 - 2*quality
	if quality < 50 {
		scale = 5000 / quality
	}
	return scaleQuant(&stdLumaQuant, scale), scaleQuant(&stdChromaQuant, scale), nil
}

// scaleQuant scales base by scale percent with libjpeg's rounding and
// baseline clamp.
func scaleQuant(base *[64]uint16, scale int) *QuantTable {
	var q QuantTable
	for i, b := range base {
		t := (int(b)*scale + 50) / 100
		q[i] = uint16(min(max(t, 1), 255))
	}
	return &q
}
