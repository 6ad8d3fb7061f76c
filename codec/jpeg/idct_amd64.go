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

// idct8AVX2 is idct8 in AVX2 for a block whose dequantized coefficients
// are within idctAVX2Limit; for any other it writes nothing and returns
// false. dst must hold 7*stride+8 bytes.
//
//go:noescape
func idct8AVX2(b *Block, q *dequant, dst *byte, stride int) bool

// idct8Fast is idct8 through the assembly when the CPU has it and the
// block allows it.
func idct8Fast(b *Block, q *dequant, dst []byte, stride int) {
	if decHasAVX2 && len(dst) >= 7*stride+8 && idct8AVX2(b, q, &dst[0], stride) {
		return
	}
	idct8(b, q, dst, stride)
}
