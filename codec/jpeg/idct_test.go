package jpeg

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The slow references: the IJG algorithms transcribed literally from
// their published description (jidctint.c, jidctred.c), with no
// shortcut for zero columns or rows, and libjpeg's range-limit table
// built the way jdmaster.c builds it.

// refRangeLimit returns libjpeg's post-IDCT table, built the way
// jdmaster.c (prepare_range_limit_table) lays out sample_range_limit:
// 256 zeros, the identity 0..255, 384 times 255, 384 zeros, the identity
// 0..127; the IDCT indexes it from the centre of the identity, 128, by
// x & 1023.
func refRangeLimit() (t [1024]uint8) {
	var table []uint8
	table = append(table, make([]uint8, 256)...)
	for i := range 256 {
		table = append(table, uint8(i))
	}
	for range 384 {
		table = append(table, 255)
	}
	table = append(table, make([]uint8, 384)...)
	for i := range 128 {
		table = append(table, uint8(i))
	}
	copy(t[:], table[256+128:])
	return t
}

func refDescale(x int64, n uint) int64 { return (x + 1<<(n-1)) >> n }

// refIDCT8 is jpeg_idct_islow's math on a dequantized block.
func refIDCT8(in [64]int64) (out [64]uint8) {
	rl := refRangeLimit()
	var ws [64]int32
	pass := func(get func(i int) int64, scaleOut uint, put func(i int, v int64)) {
		z1 := (get(2) + get(6)) * 4433
		tmp2 := z1 + get(6)*(-15137)
		tmp3 := z1 + get(2)*6270
		tmp0 := (get(0) + get(4)) << 13
		tmp1 := (get(0) - get(4)) << 13
		tmp10, tmp13, tmp11, tmp12 := tmp0+tmp3, tmp0-tmp3, tmp1+tmp2, tmp1-tmp2
		t0, t1, t2, t3 := get(7), get(5), get(3), get(1)
		zz1, zz2, zz3, zz4 := t0+t3, t1+t2, t0+t2, t1+t3
		z5 := (zz3 + zz4) * 9633
		t0 *= 2446
		t1 *= 16819
		t2 *= 25172
		t3 *= 12299
		zz1 *= -7373
		zz2 *= -20995
		zz3 = zz3*-16069 + z5
		zz4 = zz4*-3196 + z5
		t0 += zz1 + zz3
		t1 += zz2 + zz4
		t2 += zz2 + zz3
		t3 += zz1 + zz4
		put(0, refDescale(tmp10+t3, scaleOut))
		put(7, refDescale(tmp10-t3, scaleOut))
		put(1, refDescale(tmp11+t2, scaleOut))
		put(6, refDescale(tmp11-t2, scaleOut))
		put(2, refDescale(tmp12+t1, scaleOut))
		put(5, refDescale(tmp12-t1, scaleOut))
		put(3, refDescale(tmp13+t0, scaleOut))
		put(4, refDescale(tmp13-t0, scaleOut))
	}
	for c := range 8 {
		pass(func(i int) int64 { return in[i*8+c] }, 13-2, func(i int, v int64) { ws[i*8+c] = int32(v) })
	}
	for r := range 8 {
		pass(func(i int) int64 { return int64(ws[r*8+i]) }, 13+2+3, func(i int, v int64) { out[r*8+i] = rl[v&1023] })
	}
	return out
}

// refIDCT4 is jpeg_idct_4x4's math.
func refIDCT4(in [64]int64) (out [16]uint8) {
	rl := refRangeLimit()
	var ws [32]int32
	pass := func(get func(i int) int64, extra uint, put func(i int, v int64)) {
		tmp0 := get(0) << (13 + 1)
		tmp2 := get(2)*15137 + get(6)*-6270
		tmp10, tmp12 := tmp0+tmp2, tmp0-tmp2
		z1, z2, z3, z4 := get(7), get(5), get(3), get(1)
		t0 := z1*-1730 + z2*11893 + z3*-17799 + z4*8697
		t2 := z1*-4176 + z2*-4926 + z3*7373 + z4*20995
		put(0, refDescale(tmp10+t2, extra))
		put(3, refDescale(tmp10-t2, extra))
		put(1, refDescale(tmp12+t0, extra))
		put(2, refDescale(tmp12-t0, extra))
	}
	for c := range 8 {
		if c == 4 {
			continue
		}
		pass(func(i int) int64 { return in[i*8+c] }, 13-2+1, func(i int, v int64) { ws[i*8+c] = int32(v) })
	}
	for r := range 4 {
		pass(func(i int) int64 { return int64(ws[r*8+i]) }, 13+2+3+1, func(i int, v int64) { out[r*4+i] = rl[v&1023] })
	}
	return out
}

// refIDCT2 is jpeg_idct_2x2's math.
func refIDCT2(in [64]int64) (out [4]uint8) {
	rl := refRangeLimit()
	var ws [16]int32
	pass := func(get func(i int) int64, extra uint, put func(i int, v int64)) {
		tmp10 := get(0) << (13 + 2)
		tmp0 := get(7)*-5906 + get(5)*6967 + get(3)*-10426 + get(1)*29692
		put(0, refDescale(tmp10+tmp0, extra))
		put(1, refDescale(tmp10-tmp0, extra))
	}
	for _, c := range []int{0, 1, 3, 5, 7} {
		pass(func(i int) int64 { return in[i*8+c] }, 13-2+2, func(i int, v int64) { ws[i*8+c] = int32(v) })
	}
	for r := range 2 {
		pass(func(i int) int64 { return int64(ws[r*8+i]) }, 13+2+3+2, func(i int, v int64) { out[r*2+i] = rl[v&1023] })
	}
	return out
}

// idctBlocks returns random blocks and tables: sparse photo-like ones,
// dense ones, DC only, and extremes (every coefficient at +-32767 or
// -32768, tables of 1, 255 and 65535).
func idctBlocks(n int) (bs []Block, qs []QuantTable) {
	rng := rand.New(rand.NewPCG(11, 12))
	for k := range n {
		var b Block
		var q QuantTable
		for i := range q {
			switch k % 5 {
			case 3:
				q[i] = uint16([]int{1, 255, 65535, 32768, 32767}[rng.IntN(5)])
			default:
				q[i] = uint16(1 + rng.IntN(255))
			}
		}
		switch k % 5 {
		case 0: // photo-like: few nonzero low frequencies
			for i := range 6 {
				j := rng.IntN(16 + i*8)
				b[j] = int16(rng.IntN(61) - 30)
			}
			b[0] = int16(rng.IntN(2048) - 1024)
		case 1: // dense
			for i := range b {
				b[i] = int16(rng.IntN(2047) - 1023)
			}
		case 2: // DC only, or one column of AC zero
			b[0] = int16(rng.IntN(4095) - 2047)
			if rng.IntN(2) == 0 {
				b[1] = int16(rng.IntN(200) - 100)
			}
		default: // extremes
			for i := range b {
				b[i] = []int16{32767, -32768, 0, 1, -1}[rng.IntN(5)]
			}
		}
		bs, qs = append(bs, b), append(qs, q)
	}
	return bs, qs
}

func dequantOf(q *QuantTable) (d dequant) {
	for i, v := range q {
		d[i] = int32(int16(v))
	}
	return d
}

func TestIDCTAgainstReference(t *testing.T) {
	bs, qs := idctBlocks(20000)
	for k := range bs {
		d := dequantOf(&qs[k])
		var in [64]int64
		for i := range in {
			in[i] = int64(bs[k][i]) * int64(d[i])
		}
		var got8 [64]byte
		idct8(&bs[k], &d, got8[:], 8)
		if want := refIDCT8(in); got8 != want {
			t.Fatalf("idct8 of block %d (%v, table %v): got %v, want %v", k, bs[k], qs[k], got8, want)
		}
		var got4 [16]byte
		idct4(&bs[k], &d, got4[:], 4)
		if want := refIDCT4(in); got4 != want {
			t.Fatalf("idct4 of block %d: got %v, want %v", k, got4, want)
		}
		var got2 [4]byte
		idct2(&bs[k], &d, got2[:], 2)
		if want := refIDCT2(in); got2 != want {
			t.Fatalf("idct2 of block %d: got %v, want %v", k, got2, want)
		}
		var got1 [1]byte
		idct1(&bs[k], &d, got1[:], 1)
		if want := refRangeLimit()[refDescale(in[0], 3)&1023]; got1[0] != want {
			t.Fatalf("idct1 of block %d: got %d, want %d", k, got1[0], want)
		}
	}
}

// TestIDCTNearFloat checks the fixed-point transform against the DCT's
// definition in floating point for ordinary blocks (no clamping): the
// IJG integer IDCT is within 1 of the exact value on such blocks.
func TestIDCTNearFloat(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var q QuantTable
	for i := range q {
		q[i] = 1
	}
	d := dequantOf(&q)
	worst := 0.0
	for range 2000 {
		var b Block
		for i := range 10 {
			b[rng.IntN(24+4*i)] = int16(rng.IntN(121) - 60)
		}
		var got [64]byte
		idct8(&b, &d, got[:], 8)
		for y := range 8 {
			for x := range 8 {
				s := 0.0
				for v := range 8 {
					for u := range 8 {
						cu, cv := 1.0, 1.0
						if u == 0 {
							cu = math.Sqrt2 / 2
						}
						if v == 0 {
							cv = math.Sqrt2 / 2
						}
						s += cu * cv * float64(b[v*8+u]) *
							math.Cos(float64(2*x+1)*float64(u)*math.Pi/16) *
							math.Cos(float64(2*y+1)*float64(v)*math.Pi/16)
					}
				}
				want := s/4 + 128
				if want < 0 || want > 255 {
					continue
				}
				worst = max(worst, math.Abs(float64(got[y*8+x])-want))
			}
		}
	}
	if worst > 1.0 {
		t.Errorf("integer IDCT off the exact value by %.3f", worst)
	}
	t.Logf("worst distance from the exact IDCT: %.3f", worst)
}
