package jpeg

// Inverse DCTs of the pixel decoder, bit-exact with libjpeg-turbo's C
// code for its "accurate integer" method (djpeg -dct int) and its reduced
// sizes (djpeg -scale 1/2, 1/4, 1/8).
//
// The 8x8 transform is the Loeffler-Ligtenberg-Moschytz algorithm in
// fixed point as the Independent JPEG Group published it in jidctint.c:
// 13 fraction bits in the constants (CONST_BITS), two extra bits kept
// between the column pass and the row pass (PASS1_BITS), the output
// rounded by adding half before each right shift. The 4x4, 2x2 and 1x1
// transforms are the IJG's reduced-size ones (jidctred.c), which compute
// the low-frequency outputs directly from the 8x8 coefficients, with
// PASS1_BITS 2 as well. These are implemented here from the published
// description and constants; the constants are FIX(x) = round(x * 2^13).
//
// Arithmetic is done in int (64 bits on the targets that matter), as
// libjpeg-turbo does in JLONG, so extreme coefficients give what its C
// code gives; results between the passes are kept as int32, libjpeg's int
// workspace. The final value goes through libjpeg's post-IDCT range
// limit, which wraps modulo 1024 before clamping (see idctLimit).

const (
	idctConstBits = 13
	idctPass1Bits = 2

	ifix0_211164243 = 1730
	ifix0_298631336 = 2446
	ifix0_390180644 = 3196
	ifix0_509795579 = 4176
	ifix0_541196100 = 4433
	ifix0_601344887 = 4926
	ifix0_720959822 = 5906
	ifix0_765366865 = 6270
	ifix0_850430095 = 6967
	ifix0_899976223 = 7373
	ifix1_061594337 = 8697
	ifix1_175875602 = 9633
	ifix1_272758580 = 10426
	ifix1_451774981 = 11893
	ifix1_501321110 = 12299
	ifix1_847759065 = 15137
	ifix1_961570560 = 16069
	ifix2_053119869 = 16819
	ifix2_172734803 = 17799
	ifix2_562915447 = 20995
	ifix3_072711026 = 25172
	ifix3_624509785 = 29692
)

// idctLimit is libjpeg's post-IDCT range limit table (jdmaster.c,
// prepare_range_limit_table) indexed by (x+512)&1023 for an IDCT output x
// before the +128 level shift: x in -512..511 gives clamp(x+128, 0, 255),
// and anything else wraps modulo 1024 first, as libjpeg's RANGE_MASK does.
// Masking the index keeps the lookup free of bounds checks.
var idctLimit = func() (t [1024]uint8) {
	for i := range t {
		v := i - 512 + 128
		t[i] = uint8(min(max(v, 0), 255))
	}
	return t
}()

func limit(x int) uint8 { return idctLimit[uint(x+512)&1023] }

// dequant is a quantization table in natural order widened for the
// multiply.
type dequant [64]int32

func descale(x int, n uint) int { return (x + 1<<(n-1)) >> n }

// idct8 transforms b, dequantized by q, into 8 rows of 8 samples at
// dst[0:], dst[stride:], ... It skips the arithmetic of columns and rows
// whose AC terms are zero, which gives the same values.
func idct8(b *Block, q *dequant, dst []byte, stride int) {
	var ws [64]int32
	for c := range 8 {
		if b[8+c]|b[16+c]|b[24+c]|b[32+c]|b[40+c]|b[48+c]|b[56+c] == 0 {
			dc := int32(int(b[c])*int(q[c])) << idctPass1Bits
			for r := range 8 {
				ws[r*8+c] = dc
			}
			continue
		}
		// Even part.
		z2 := int(b[16+c]) * int(q[16+c])
		z3 := int(b[48+c]) * int(q[48+c])
		z1 := (z2 + z3) * ifix0_541196100
		tmp2 := z1 - z3*ifix1_847759065
		tmp3 := z1 + z2*ifix0_765366865
		z2 = int(b[c]) * int(q[c])
		z3 = int(b[32+c]) * int(q[32+c])
		tmp0 := (z2 + z3) << idctConstBits
		tmp1 := (z2 - z3) << idctConstBits
		tmp10, tmp13 := tmp0+tmp3, tmp0-tmp3
		tmp11, tmp12 := tmp1+tmp2, tmp1-tmp2
		// Odd part.
		tmp0 = int(b[56+c]) * int(q[56+c])
		tmp1 = int(b[40+c]) * int(q[40+c])
		tmp2 = int(b[24+c]) * int(q[24+c])
		tmp3 = int(b[8+c]) * int(q[8+c])
		o0, o1, o2, o3 := idctOdd(tmp0, tmp1, tmp2, tmp3)
		const n = idctConstBits - idctPass1Bits
		ws[0*8+c] = int32(descale(tmp10+o3, n))
		ws[7*8+c] = int32(descale(tmp10-o3, n))
		ws[1*8+c] = int32(descale(tmp11+o2, n))
		ws[6*8+c] = int32(descale(tmp11-o2, n))
		ws[2*8+c] = int32(descale(tmp12+o1, n))
		ws[5*8+c] = int32(descale(tmp12-o1, n))
		ws[3*8+c] = int32(descale(tmp13+o0, n))
		ws[4*8+c] = int32(descale(tmp13-o0, n))
	}
	for r := range 8 {
		w := (*[8]int32)(ws[r*8 : r*8+8])
		out := (*[8]byte)(dst[r*stride : r*stride+8])
		if w[1]|w[2]|w[3]|w[4]|w[5]|w[6]|w[7] == 0 {
			v := limit(descale(int(w[0]), idctPass1Bits+3))
			*out = [8]byte{v, v, v, v, v, v, v, v}
			continue
		}
		z2, z3 := int(w[2]), int(w[6])
		z1 := (z2 + z3) * ifix0_541196100
		tmp2 := z1 - z3*ifix1_847759065
		tmp3 := z1 + z2*ifix0_765366865
		tmp0 := (int(w[0]) + int(w[4])) << idctConstBits
		tmp1 := (int(w[0]) - int(w[4])) << idctConstBits
		tmp10, tmp13 := tmp0+tmp3, tmp0-tmp3
		tmp11, tmp12 := tmp1+tmp2, tmp1-tmp2
		o0, o1, o2, o3 := idctOdd(int(w[7]), int(w[5]), int(w[3]), int(w[1]))
		const n = idctConstBits + idctPass1Bits + 3
		out[0] = limit(descale(tmp10+o3, n))
		out[7] = limit(descale(tmp10-o3, n))
		out[1] = limit(descale(tmp11+o2, n))
		out[6] = limit(descale(tmp11-o2, n))
		out[2] = limit(descale(tmp12+o1, n))
		out[5] = limit(descale(tmp12-o1, n))
		out[3] = limit(descale(tmp13+o0, n))
		out[4] = limit(descale(tmp13-o0, n))
	}
}

// idctOdd is the odd part of the 8-point transform (the LL&M paper's
// figure 8) on inputs 7, 5, 3 and 1.
func idctOdd(t0, t1, t2, t3 int) (o0, o1, o2, o3 int) {
	z1 := t0 + t3
	z2 := t1 + t2
	z3 := t0 + t2
	z4 := t1 + t3
	z5 := (z3 + z4) * ifix1_175875602
	t0 *= ifix0_298631336
	t1 *= ifix2_053119869
	t2 *= ifix3_072711026
	t3 *= ifix1_501321110
	z1 *= -ifix0_899976223
	z2 *= -ifix2_562915447
	z3 = z3*-ifix1_961570560 + z5
	z4 = z4*-ifix0_390180644 + z5
	return t0 + z1 + z3, t1 + z2 + z4, t2 + z2 + z3, t3 + z1 + z4
}

// idct4 is the IJG's 4x4 reduced transform: 4 rows of 4 samples from the
// 8x8 coefficients (row and column 4 are not used).
func idct4(b *Block, q *dequant, dst []byte, stride int) {
	var ws [32]int32 // 4 rows of 8 columns
	for c := range 8 {
		if c == 4 {
			continue
		}
		if b[8+c]|b[16+c]|b[24+c]|b[40+c]|b[48+c]|b[56+c] == 0 {
			dc := int32(int(b[c])*int(q[c])) << idctPass1Bits
			ws[c], ws[8+c], ws[16+c], ws[24+c] = dc, dc, dc, dc
			continue
		}
		tmp0 := int(b[c]) * int(q[c]) << (idctConstBits + 1)
		tmp2 := int(b[16+c])*int(q[16+c])*ifix1_847759065 - int(b[48+c])*int(q[48+c])*ifix0_765366865
		tmp10, tmp12 := tmp0+tmp2, tmp0-tmp2
		o0, o2 := idct4Odd(int(b[56+c])*int(q[56+c]), int(b[40+c])*int(q[40+c]),
			int(b[24+c])*int(q[24+c]), int(b[8+c])*int(q[8+c]))
		const n = idctConstBits - idctPass1Bits + 1
		ws[c] = int32(descale(tmp10+o2, n))
		ws[24+c] = int32(descale(tmp10-o2, n))
		ws[8+c] = int32(descale(tmp12+o0, n))
		ws[16+c] = int32(descale(tmp12-o0, n))
	}
	for r := range 4 {
		w := (*[8]int32)(ws[r*8 : r*8+8])
		out := (*[4]byte)(dst[r*stride : r*stride+4])
		if w[1]|w[2]|w[3]|w[5]|w[6]|w[7] == 0 {
			v := limit(descale(int(w[0]), idctPass1Bits+3))
			*out = [4]byte{v, v, v, v}
			continue
		}
		tmp0 := int(w[0]) << (idctConstBits + 1)
		tmp2 := int(w[2])*ifix1_847759065 - int(w[6])*ifix0_765366865
		tmp10, tmp12 := tmp0+tmp2, tmp0-tmp2
		o0, o2 := idct4Odd(int(w[7]), int(w[5]), int(w[3]), int(w[1]))
		const n = idctConstBits + idctPass1Bits + 3 + 1
		out[0] = limit(descale(tmp10+o2, n))
		out[3] = limit(descale(tmp10-o2, n))
		out[1] = limit(descale(tmp12+o0, n))
		out[2] = limit(descale(tmp12-o0, n))
	}
}

// idct4Odd is the odd part of the 4-point reduced transform on inputs
// 7, 5, 3 and 1.
func idct4Odd(z1, z2, z3, z4 int) (t0, t2 int) {
	t0 = z1*-ifix0_211164243 + z2*ifix1_451774981 + z3*-ifix2_172734803 + z4*ifix1_061594337
	t2 = z1*-ifix0_509795579 + z2*-ifix0_601344887 + z3*ifix0_899976223 + z4*ifix2_562915447
	return t0, t2
}

// idct2 is the IJG's 2x2 reduced transform: columns and rows 0, 1, 3, 5
// and 7 of the coefficients give 2 rows of 2 samples. It is unrolled
// into calls with constant columns, and has no shortcut for zero AC
// terms: with them zero the arithmetic gives the DC value anyway, and at
// 1/8 scale (chroma of 4:2:0 comes here) a quarter of the blocks have
// some, which a branch would mispredict.
func idct2(b *Block, q *dequant, dst []byte, stride int) {
	// Dequantized coefficient (row r, column c) of the block.
	z := func(r, c int) int { return int(b[r*8+c]) * int(q[r*8+c]) }
	a0, b0 := idct2Col(z(0, 0), z(1, 0), z(3, 0), z(5, 0), z(7, 0))
	a1, b1 := idct2Col(z(0, 1), z(1, 1), z(3, 1), z(5, 1), z(7, 1))
	a3, b3 := idct2Col(z(0, 3), z(1, 3), z(3, 3), z(5, 3), z(7, 3))
	a5, b5 := idct2Col(z(0, 5), z(1, 5), z(3, 5), z(5, 5), z(7, 5))
	a7, b7 := idct2Col(z(0, 7), z(1, 7), z(3, 7), z(5, 7), z(7, 7))
	idct2Row((*[2]byte)(dst[:2]), a0, a1, a3, a5, a7)
	idct2Row((*[2]byte)(dst[stride:stride+2]), b0, b1, b3, b5, b7)
}

// idct2Col is idct2's first pass over a column's dequantized
// coefficients in rows 0, 1, 3, 5 and 7.
func idct2Col(z0, z1, z3, z5, z7 int) (int, int) {
	tmp10 := z0 << (idctConstBits + 2)
	tmp0 := idct2Odd(z7, z5, z3, z1)
	const n = idctConstBits - idctPass1Bits + 2
	return int(int32(descale(tmp10+tmp0, n))), int(int32(descale(tmp10-tmp0, n)))
}

// idct2Row is idct2's second pass over one row of its first's results.
func idct2Row(out *[2]byte, w0, w1, w3, w5, w7 int) {
	tmp10 := w0 << (idctConstBits + 2)
	tmp0 := idct2Odd(w7, w5, w3, w1)
	const n = idctConstBits + idctPass1Bits + 3 + 2
	out[0] = limit(descale(tmp10+tmp0, n))
	out[1] = limit(descale(tmp10-tmp0, n))
}

func idct2Odd(z7, z5, z3, z1 int) int {
	return z7*-ifix0_720959822 + z5*ifix0_850430095 + z3*-ifix1_272758580 + z1*ifix3_624509785
}

// idct1 is the 1x1 transform: the block's mean, its DC coefficient over 8.
func idct1(b *Block, q *dequant, dst []byte, _ int) {
	dst[0] = limit(descale(int(b[0])*int(q[0]), 3))
}
