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
