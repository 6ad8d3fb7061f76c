//go:build !purego

#include "textflag.h"

// The kernels below permute the bytes of 192-byte blocks held in three ZMM
// registers b0, b1, b2 through a vbmiTable: output register k is VPERMI2B
// of b0:b1 by t.lo[k] with the bytes that come from b2 merged in by VPERMB
// under mask t.mask[k] (a pixel that straddles a register boundary can pull
// from all three). LOAD_TABLE puts t in Z16-Z21 and K1-K3.
#define LOAD_TABLE(t) \
	VMOVDQU64 0(t), Z16; \
	VMOVDQU64 64(t), Z17; \
	VMOVDQU64 128(t), Z18; \
	VMOVDQU64 192(t), Z19; \
	VMOVDQU64 256(t), Z20; \
	VMOVDQU64 320(t), Z21; \
	KMOVQ 384(t), K1; \
	KMOVQ 392(t), K2; \
	KMOVQ 400(t), K3

// PERMUTE3 writes the block b0, b1, b2 permuted by the table to o0, o1, o2.
#define PERMUTE3(b0, b1, b2, o0, o1, o2) \
	VMOVDQA64 Z16, o0; \
	VPERMI2B  b1, b0, o0; \
	VPERMB    b2, Z19, K1, o0; \
	VMOVDQA64 Z17, o1; \
	VPERMI2B  b1, b0, o1; \
	VPERMB    b2, Z20, K2, o1; \
	VMOVDQA64 Z18, o2; \
	VPERMI2B  b1, b0, o2; \
	VPERMB    b2, Z21, K3, o2

// EXCHANGE192 exchanges the 192 bytes at SI with the 192 bytes that end at
// DI, each permuted by the table.
#define EXCHANGE192 \
	VMOVDQU64 0(SI), Z0; \
	VMOVDQU64 64(SI), Z1; \
	VMOVDQU64 128(SI), Z2; \
	VMOVDQU64 -192(DI), Z3; \
	VMOVDQU64 -128(DI), Z4; \
	VMOVDQU64 -64(DI), Z5; \
	PERMUTE3(Z0, Z1, Z2, Z6, Z7, Z8); \
	PERMUTE3(Z3, Z4, Z5, Z9, Z10, Z11); \
	VMOVDQU64 Z6, -192(DI); \
	VMOVDQU64 Z7, -128(DI); \
	VMOVDQU64 Z8, -64(DI); \
	VMOVDQU64 Z9, 0(SI); \
	VMOVDQU64 Z10, 64(SI); \
	VMOVDQU64 Z11, 128(SI)

// func reverse192VBMI(p *byte, n int, t *vbmiTable, pf *byte) int
//
// Exchanges 192-byte blocks from both ends of the n bytes at p, each with
// its pixels reversed through t, while at least 384 bytes remain between
// the ends, and returns the bytes done at each end. Each step also
// prefetches the next 384 bytes at pf, the row to be reversed next: the
// hardware prefetcher does not follow a row's back half, which is walked
// backwards.
TEXT ·reverse192VBMI(SB), NOSPLIT, $0-40
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), CX
	MOVQ t+16(FP), R8
	MOVQ pf+24(FP), R9
	LEAQ (SI)(CX*1), DI // DI is one past the right end.
	XORQ AX, AX         // AX counts the bytes done at each end.
	LOAD_TABLE(R8)

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
	EXCHANGE192
	ADDQ $192, SI
	SUBQ $192, DI
	ADDQ $192, AX
	JMP  loop

done:
	VZEROUPPER
	MOVQ AX, ret+32(FP)
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
	LOAD_TABLE(R8)

loop:
	CMPQ AX, CX
	JGT  done
	EXCHANGE192
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
// t and returns the bytes done.
TEXT ·permute192VBMI(SB), NOSPLIT, $0-32
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), CX
	MOVQ t+16(FP), R8
	SUBQ $192, CX // CX is the last start of a whole block.
	XORQ AX, AX
	LOAD_TABLE(R8)

loop:
	CMPQ AX, CX
	JGT  done
	VMOVDQU64 0(SI)(AX*1), Z0
	VMOVDQU64 64(SI)(AX*1), Z1
	VMOVDQU64 128(SI)(AX*1), Z2
	PERMUTE3(Z0, Z1, Z2, Z6, Z7, Z8)
	VMOVDQU64 Z6, 0(SI)(AX*1)
	VMOVDQU64 Z7, 64(SI)(AX*1)
	VMOVDQU64 Z8, 128(SI)(AX*1)
	ADDQ $192, AX
	JMP  loop

done:
	VZEROUPPER
	MOVQ AX, ret+24(FP)
	RET

// func permute192x2VBMI(p, q *byte, n int, t *vbmiTable) int
//
// permute192VBMI over two runs of n bytes at p and at q in lockstep, as
// the floor walks the two halves of its buffer: two streams keep more
// lines in flight than one. It returns the bytes done in each run.
TEXT ·permute192x2VBMI(SB), NOSPLIT, $0-40
	MOVQ p+0(FP), SI
	MOVQ q+8(FP), DI
	MOVQ n+16(FP), CX
	MOVQ t+24(FP), R8
	SUBQ $192, CX // CX is the last start of a whole block.
	XORQ AX, AX
	LOAD_TABLE(R8)

loop2:
	CMPQ AX, CX
	JGT  done2
	VMOVDQU64 0(SI)(AX*1), Z0
	VMOVDQU64 64(SI)(AX*1), Z1
	VMOVDQU64 128(SI)(AX*1), Z2
	VMOVDQU64 0(DI)(AX*1), Z3
	VMOVDQU64 64(DI)(AX*1), Z4
	VMOVDQU64 128(DI)(AX*1), Z5
	PERMUTE3(Z0, Z1, Z2, Z6, Z7, Z8)
	PERMUTE3(Z3, Z4, Z5, Z9, Z10, Z11)
	VMOVDQU64 Z6, 0(SI)(AX*1)
	VMOVDQU64 Z7, 64(SI)(AX*1)
	VMOVDQU64 Z8, 128(SI)(AX*1)
	VMOVDQU64 Z9, 0(DI)(AX*1)
	VMOVDQU64 Z10, 64(DI)(AX*1)
	VMOVDQU64 Z11, 128(DI)(AX*1)
	ADDQ $192, AX
	JMP  loop2

done2:
	VZEROUPPER
	MOVQ AX, ret+32(FP)
	RET
