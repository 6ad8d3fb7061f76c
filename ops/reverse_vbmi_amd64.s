//go:build !purego

#include "textflag.h"

// func reverse192VBMI(p *byte, n int, t *vbmiTable, pf *byte) int
//
// Exchanges 192-byte blocks from both ends of the n bytes at p, each with
// its pixels reversed, while at least 384 bytes remain between the ends,
// and returns the bytes done at each end. A block is three ZMM registers
// b0, b1, b2; output register k is VPERMI2B of b0:b1 by t.lo[k] with the
// bytes that come from b2 merged in by VPERMB under mask t.mask[k] (a pixel
// that straddles a register boundary can pull from all three). See
// vbmiTable. Each step also prefetches the next 384 bytes at pf, the row to
// be reversed next: the hardware prefetcher does not follow a row's back
// half, which is walked backwards.
TEXT ·reverse192VBMI(SB), NOSPLIT, $0-40
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), CX
	MOVQ t+16(FP), R8
	MOVQ pf+24(FP), R9
	LEAQ (SI)(CX*1), DI // DI is one past the right end.
	XORQ AX, AX         // AX counts the bytes done at each end.
	VMOVDQU64 0(R8), Z16
	VMOVDQU64 64(R8), Z17
	VMOVDQU64 128(R8), Z18
	VMOVDQU64 192(R8), Z19
	VMOVDQU64 256(R8), Z20
	VMOVDQU64 320(R8), Z21
	KMOVQ 384(R8), K1
	KMOVQ 392(R8), K2
	KMOVQ 400(R8), K3

loop:
	MOVQ DI, DX
	SUBQ SI, DX
	CMPQ DX, $384
	JLT  done
	PREFETCHT0 0(R9)
	PREFETCHT0 64(R9)
	PREFETCHT0 128(R9)
	PREFETCHT0 192(R9)
	PREFETCHT0 256(R9)
	PREFETCHT0 320(R9)
	ADDQ $384, R9
	VMOVDQU64 0(SI), Z0
	VMOVDQU64 64(SI), Z1
	VMOVDQU64 128(SI), Z2
	VMOVDQU64 -192(DI), Z3
	VMOVDQU64 -128(DI), Z4
	VMOVDQU64 -64(DI), Z5

	// The left block, reversed, goes to the right end.
	VMOVDQA64 Z16, Z6
	VPERMI2B  Z1, Z0, Z6
	VPERMB    Z2, Z19, K1, Z6
	VMOVDQA64 Z17, Z7
	VPERMI2B  Z1, Z0, Z7
	VPERMB    Z2, Z20, K2, Z7
	VMOVDQA64 Z18, Z8
	VPERMI2B  Z1, Z0, Z8
	VPERMB    Z2, Z21, K3, Z8

	// The right block, reversed, goes to the left end.
	VMOVDQA64 Z16, Z9
	VPERMI2B  Z4, Z3, Z9
	VPERMB    Z5, Z19, K1, Z9
	VMOVDQA64 Z17, Z10
	VPERMI2B  Z4, Z3, Z10
	VPERMB    Z5, Z20, K2, Z10
	VMOVDQA64 Z18, Z11
	VPERMI2B  Z4, Z3, Z11
	VPERMB    Z5, Z21, K3, Z11

	VMOVDQU64 Z6, -192(DI)
	VMOVDQU64 Z7, -128(DI)
	VMOVDQU64 Z8, -64(DI)
	VMOVDQU64 Z9, 0(SI)
	VMOVDQU64 Z10, 64(SI)
	VMOVDQU64 Z11, 128(SI)

	ADDQ $192, SI
	SUBQ $192, DI
	ADDQ $192, AX
	JMP  loop

done:
	VZEROUPPER
	MOVQ AX, ret+32(FP)
	RET

// func permute192VBMI(p *byte, n int, t *vbmiTable) int
//
// Permutes each whole 192-byte block of the n bytes at p in place through
// t, as reverse192VBMI does a block, and returns the bytes done.
TEXT ·permute192VBMI(SB), NOSPLIT, $0-32
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), CX
	MOVQ t+16(FP), R8
	SUBQ $192, CX // CX is the last start of a whole block.
	XORQ AX, AX
	VMOVDQU64 0(R8), Z16
	VMOVDQU64 64(R8), Z17
	VMOVDQU64 128(R8), Z18
	VMOVDQU64 192(R8), Z19
	VMOVDQU64 256(R8), Z20
	VMOVDQU64 320(R8), Z21
	KMOVQ 384(R8), K1
	KMOVQ 392(R8), K2
	KMOVQ 400(R8), K3

loop:
	CMPQ AX, CX
	JGT  done
	VMOVDQU64 0(SI)(AX*1), Z0
	VMOVDQU64 64(SI)(AX*1), Z1
	VMOVDQU64 128(SI)(AX*1), Z2
	VMOVDQA64 Z16, Z6
	VPERMI2B  Z1, Z0, Z6
	VPERMB    Z2, Z19, K1, Z6
	VMOVDQA64 Z17, Z7
	VPERMI2B  Z1, Z0, Z7
	VPERMB    Z2, Z20, K2, Z7
	VMOVDQA64 Z18, Z8
	VPERMI2B  Z1, Z0, Z8
	VPERMB    Z2, Z21, K3, Z8
	VMOVDQU64 Z6, 0(SI)(AX*1)
	VMOVDQU64 Z7, 64(SI)(AX*1)
	VMOVDQU64 Z8, 128(SI)(AX*1)
	ADDQ $192, AX
	JMP  loop

done:
	VZEROUPPER
	MOVQ AX, ret+24(FP)
	RET

// func swapReverse192VBMI(a, b *byte, n int, t *vbmiTable) int
//
// Exchanges the n bytes at a and at b, which do not overlap, each reversed
// through t: 192-byte blocks from the front of a and the back of b, as
// reverse192VBMI does from the two ends of one row, while a whole block
// remains; it returns the bytes done at each end.
TEXT ·swapReverse192VBMI(SB), NOSPLIT, $0-40
	MOVQ a+0(FP), SI
	MOVQ b+8(FP), DI
	MOVQ n+16(FP), CX
	MOVQ t+24(FP), R8
	LEAQ (DI)(CX*1), DI // DI is one past the end of b.
	SUBQ $192, CX       // CX is the last start of a whole block.
	XORQ AX, AX
	VMOVDQU64 0(R8), Z16
	VMOVDQU64 64(R8), Z17
	VMOVDQU64 128(R8), Z18
	VMOVDQU64 192(R8), Z19
	VMOVDQU64 256(R8), Z20
	VMOVDQU64 320(R8), Z21
	KMOVQ 384(R8), K1
	KMOVQ 392(R8), K2
	KMOVQ 400(R8), K3

loop:
	CMPQ AX, CX
	JGT  done
	VMOVDQU64 0(SI), Z0
	VMOVDQU64 64(SI), Z1
	VMOVDQU64 128(SI), Z2
	VMOVDQU64 -192(DI), Z3
	VMOVDQU64 -128(DI), Z4
	VMOVDQU64 -64(DI), Z5

	VMOVDQA64 Z16, Z6
	VPERMI2B  Z1, Z0, Z6
	VPERMB    Z2, Z19, K1, Z6
	VMOVDQA64 Z17, Z7
	VPERMI2B  Z1, Z0, Z7
	VPERMB    Z2, Z20, K2, Z7
	VMOVDQA64 Z18, Z8
	VPERMI2B  Z1, Z0, Z8
	VPERMB    Z2, Z21, K3, Z8

	VMOVDQA64 Z16, Z9
	VPERMI2B  Z4, Z3, Z9
	VPERMB    Z5, Z19, K1, Z9
	VMOVDQA64 Z17, Z10
	VPERMI2B  Z4, Z3, Z10
	VPERMB    Z5, Z20, K2, Z10
	VMOVDQA64 Z18, Z11
	VPERMI2B  Z4, Z3, Z11
	VPERMB    Z5, Z21, K3, Z11

	VMOVDQU64 Z6, -192(DI)
	VMOVDQU64 Z7, -128(DI)
	VMOVDQU64 Z8, -64(DI)
	VMOVDQU64 Z9, 0(SI)
	VMOVDQU64 Z10, 64(SI)
	VMOVDQU64 Z11, 128(SI)

	ADDQ $192, SI
	SUBQ $192, DI
	ADDQ $192, AX
	JMP  loop

done:
	VZEROUPPER
	MOVQ AX, ret+32(FP)
	RET
