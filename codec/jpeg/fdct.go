package jpeg

import "math/bits"

// Forward DCT and quantization of the pixel encoder.
//
// The transform is the Independent JPEG Group's accurate integer FDCT
// (jfdctint.c, "islow"): the Loeffler-Ligtenberg-Moschytz factorization
// with 12 multiplications per 1-D pass, constants in 13-bit fixed point,
// and 2 extra bits of precision kept between the row pass and the column
// pass. Its outputs are the true DCT coefficients scaled by 8, so each
// is quantized by 8 times its table entry, rounding half away from zero
// as IJG's jcdctmgr.c does. Implemented from the published description;
// the constants are the IJG ones (FIX(x) = round(x * 2^13)).

const (
	fdctConstBits = 13
	fdctPass1Bits = 2

	fix0_298631336 = 2446
	fix0_390180644 = 3196
	fix0_541196100 = 4433
	fix0_765366865 = 6270
	fix0_899976223 = 7373
	fix1_175875602 = 9633
	fix1_501321110 = 12299
	fix1_847759065 = 15137
	fix1_961570560 = 16069
	fix2_053119869 = 16819
	fix2_562915447 = 20995
	fix3_072711026 = 25172
)

// fdctIslow transforms the 64 level-shifted samples in d (natural order,
// row-major) in place into the DCT coefficients scaled by 8.
func fdctIslow(d *[64]int32) {
	// Rows: results are scaled up by 2^fdctPass1Bits.
	for r := 0; r < 64; r += 8 {
		p := d[r : r+8 : r+8]
		t0, t7 := p[0]+p[7], p[0]-p[7]
		t1, t6 := p[1]+p[6], p[1]-p[6]
		t2, t5 := p[2]+p[5], p[2]-p[5]
		t3, t4 := p[3]+p[4], p[3]-p[4]
		t10, t13 := t0+t3, t0-t3
		t11, t12 := t1+t2, t1-t2
		p[0] = (t10 + t11) << fdctPass1Bits
		p[4] = (t10 - t11) << fdctPass1Bits
		const s1, r1 = fdctConstBits - fdctPass1Bits, 1 << (fdctConstBits - fdctPass1Bits - 1)
		z1 := (t12 + t13) * fix0_541196100
		p[2] = (z1 + t13*fix0_765366865 + r1) >> s1
		p[6] = (z1 - t12*fix1_847759065 + r1) >> s1
		p[7], p[5], p[3], p[1] = fdctOdd(t4, t5, t6, t7, r1, s1)
	}
	// Columns: the extra bits come off, leaving the scale of 8.
	for c := range 8 {
		t0, t7 := d[c]+d[56+c], d[c]-d[56+c]
		t1, t6 := d[8+c]+d[48+c], d[8+c]-d[48+c]
		t2, t5 := d[16+c]+d[40+c], d[16+c]-d[40+c]
		t3, t4 := d[24+c]+d[32+c], d[24+c]-d[32+c]
		t10, t13 := t0+t3, t0-t3
		t11, t12 := t1+t2, t1-t2
		const r0 = 1 << (fdctPass1Bits - 1)
		d[c] = (t10 + t11 + r0) >> fdctPass1Bits
		d[32+c] = (t10 - t11 + r0) >> fdctPass1Bits
		const s2, r2 = fdctConstBits + fdctPass1Bits, 1 << (fdctConstBits + fdctPass1Bits - 1)
		z1 := (t12 + t13) * fix0_541196100
		d[16+c] = (z1 + t13*fix0_765366865 + r2) >> s2
		d[48+c] = (z1 - t12*fix1_847759065 + r2) >> s2
		d[56+c], d[40+c], d[24+c], d[8+c] = fdctOdd(t4, t5, t6, t7, r2, s2)
	}
}

// fdctLoad loads the 8x8 samples at buf[off:], rows stride bytes apart,
// into d, level-shifted to -128..127 as the FDCT wants them.
func fdctLoad(d *[64]int32, buf []uint8, off, stride int) {
	for r := range 8 {
		s := buf[off+r*stride : off+r*stride+8 : off+r*stride+8]
		w := d[r*8 : r*8+8 : r*8+8]
		for i := range 8 {
			w[i] = int32(s[i]) - 128
		}
	}
}

// fdctOdd is the odd half of one 1-D pass: from the differences t4..t7
// it returns outputs 7, 5, 3 and 1, rounded by adding rnd and shifting
// right by shift.
func fdctOdd(t4, t5, t6, t7, rnd int32, shift uint) (o7, o5, o3, o1 int32) {
	z1, z2, z3, z4 := t4+t7, t5+t6, t4+t6, t5+t7
	z5 := (z3 + z4) * fix1_175875602
	t4 *= fix0_298631336
	t5 *= fix2_053119869
	t6 *= fix3_072711026
	t7 *= fix1_501321110
	z1 *= -fix0_899976223
	z2 *= -fix2_562915447
	z3 = z3*-fix1_961570560 + z5
	z4 = z4*-fix0_390180644 + z5
	return (t4 + z1 + z3 + rnd) >> shift, (t5 + z2 + z4 + rnd) >> shift,
		(t6 + z2 + z3 + rnd) >> shift, (t7 + z1 + z4 + rnd) >> shift
}

// quantDivisors holds, for each coefficient of a table, what quantizing
// by d = 8*q takes: half of d for rounding, and a reciprocal and shift
// that make the division a multiply and a shift: with l = ceil(log2 d),
// recip = ceil(2^(19+l) / d) < 2^20 and shift = 19+l, floor(n*recip >>
// shift) equals floor(n/d) for every n below 2^19 (Granlund and
// Montgomery, "Division by invariant integers using multiplication",
// 1994, Theorem 4.2 with N = 19). A scaled coefficient's magnitude stays
// below 2^15 and half a divisor below 2^18, so n = |x| + d/2 is in range
// and n*recip below 2^39. The shifts are also laid out by even and odd
// coefficient of each row, as the assembly wants them.
type quantDivisors struct {
	half   [64]uint32
	recip  [64]uint32
	shift  [64]uint64
	shiftE [32]uint64 // shift[r*8+2k] at r*4+k
	shiftO [32]uint64 // shift[r*8+2k+1] at r*4+k
}

// newQuantDivisors prepares q, whose entries must be at least 1, for
// quantize.
func newQuantDivisors(q *QuantTable) *quantDivisors {
	t := new(quantDivisors)
	for i, v := range q {
		d := uint64(v) << 3
		l := uint64(bits.Len64(d - 1))
		t.half[i] = uint32(d >> 1)
		t.recip[i] = uint32((1<<(19+l) + d - 1) / d)
		t.shift[i] = 19 + l
		if i%2 == 0 {
			t.shiftE[i/2] = 19 + l
		} else {
			t.shiftO[i/2] = 19 + l
		}
	}
	return t
}

// quantizeGo divides the scaled coefficients in d by 8 times their table
// entries, rounding half away from zero, into b.
func quantizeGo(b *Block, d *[64]int32, t *quantDivisors) {
	for i := range 64 {
		x := d[i]
		neg := x >> 31               // -1 for a negative value, else 0
		a := uint32((x ^ neg) - neg) // |x|
		r := int32((uint64(a+t.half[i]) * uint64(t.recip[i])) >> t.shift[i])
		b[i] = int16((r ^ neg) - neg)
	}
}
