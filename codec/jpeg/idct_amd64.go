//go:build !purego

package jpeg

import "golang.org/x/sys/cpu"

// decHasAVX2 is whether the CPU has AVX2; it is read once at start-up.
var decHasAVX2 = cpu.X86.HasAVX2

// idctAVX2Limit is the largest dequantized coefficient magnitude for
// which idct8AVX2's 32-bit lanes hold every intermediate value of the
// transform: the L1 norm of the linear forms of the algorithm's
// intermediates is at most 61214 per unit input (pass 1; the same bound
// for pass 2 on pass 1's outputs, at most 61214*B/2048+1), so
// 61214*(61214*B/2048+1) + 2^17 < 2^31 needs B <= 1173. Photos stay
// below it (DC is at most 1024 in magnitude); other blocks go through
// idct8.
const idctAVX2Limit = 1173

// idct8RowAVX2 is idct8 in AVX2 for the n blocks from b, block i into
// dst+8*i, as long as their dequantized coefficients are within
// idctAVX2Limit: it stops before the first block that is not, writing
// nothing for it, and returns the number of blocks done. dst must hold
// 7*stride+8*n bytes.
//
//go:noescape
func idct8RowAVX2(b *Block, n int, q *dequant, dst *byte, stride int) int

// idct8AVX2 is idct8RowAVX2 for one block: false, having written
// nothing, for a block beyond idctAVX2Limit.
func idct8AVX2(b *Block, q *dequant, dst *byte, stride int) bool {
	return idct8RowAVX2(b, 1, q, dst, stride) == 1
}

// idctSSE2Limit is the largest dequantized coefficient magnitude for
// which idct8SSE2's 16-bit lanes hold its inputs and pass 1's outputs
// (at most (61214*B + 1024) >> 11 in magnitude, which is 32759 for 1096;
// pass 2's 32-bit sums stay below 61214*32767 + 2^17 < 2^31).
const idctSSE2Limit = 1096

// idct8SSE2 is idct8 in SSE2 for a block whose dequantized coefficients
// are within idctSSE2Limit; for any other it writes nothing and returns
// false. dst must hold 7*stride+8 bytes.
//
//go:noescape
func idct8SSE2(b *Block, q *dequant, dst *byte, stride int) bool

// idct8Fast is idct8 through the assembly (AVX2 when the CPU has it, else
// SSE2, which every amd64 CPU has) when the block allows it.
func idct8Fast(b *Block, q *dequant, dst []byte, stride int) {
	idct8With(b, q, dst, stride, decHasAVX2)
}

// idct8With is idct8Fast with the choice of kernel given, for tests.
func idct8With(b *Block, q *dequant, dst []byte, stride int, avx2 bool) {
	if len(dst) >= 7*stride+8 {
		if avx2 {
			if idct8AVX2(b, q, &dst[0], stride) {
				return
			}
		} else if idct8SSE2(b, q, &dst[0], stride) {
			return
		}
	}
	idct8(b, q, dst, stride)
}

// idct8Row is idct8Fast for each block of row, block i into out[8*i:]:
// with AVX2, a row of blocks at a time.
func idct8Row(row []Block, q *dequant, out []byte, stride int) {
	if !decHasAVX2 || len(row) == 0 || len(out) < 7*stride+8*len(row) {
		for i := range row {
			idct8Fast(&row[i], q, out[8*i:], stride)
		}
		return
	}
	for i := 0; i < len(row); {
		i += idct8RowAVX2(&row[i], len(row)-i, q, &out[8*i], stride)
		if i < len(row) { // beyond the kernel's limit
			idct8(&row[i], q, out[8*i:], stride)
			i++
		}
	}
}
