package jpeg

// Chroma downsampling of the pixel encoder, as the Independent JPEG
// Group's jcsample.c does it without smoothing (cjpeg's default): a 2:1
// horizontal reduction averages pixel pairs with a bias alternating 0, 1,
// 0, 1... from the left edge (h2v1); a 2:1 reduction on both axes
// averages 2x2 squares with a bias alternating 1, 2, 1, 2... (h2v2), so
// that halves round up and down in turn instead of always one way; every
// other integral ratio averages its box of hexp x vexp pixels with
// rounding to nearest, halves up ((sum + n/2) / n). Edges are expanded
// beforehand by repeating the last column and row (jcprepct.c,
// jcsample.c's expand_right_edge). Implemented from the published
// description.

// downH2V1Go halves the row src into dst: dst[i] averages src[2i] and
// src[2i+1]. src must hold 2*len(dst) samples.
func downH2V1Go(dst, src []uint8) {
	src = src[:2*len(dst)]
	for i := range dst {
		// i&1 is the alternating bias.
		dst[i] = uint8((uint(src[2*i]) + uint(src[2*i+1]) + uint(i&1)) >> 1)
	}
}

// downH2V2Go halves the rows src0 and src1 on both axes into dst.
func downH2V2Go(dst, src0, src1 []uint8) {
	src0, src1 = src0[:2*len(dst)], src1[:2*len(dst)]
	for i := range dst {
		s := uint(src0[2*i]) + uint(src0[2*i+1]) + uint(src1[2*i]) + uint(src1[2*i+1])
		dst[i] = uint8((s + 1 + uint(i&1)) >> 2)
	}
}

// downBox averages boxes of hexp columns by len(src) rows into dst, each
// rounded to nearest with halves up. Every row of src must hold
// hexp*len(dst) samples.
func downBox(dst []uint8, src [][]uint8, hexp int) {
	n := uint(hexp * len(src))
	for i := range dst {
		var s uint
		for _, row := range src {
			for _, v := range row[i*hexp : (i+1)*hexp] {
				s += uint(v)
			}
		}
		dst[i] = uint8((s + n/2) / n)
	}
}
