//go:build !purego

#include "textflag.h"

// func reverse48SSSE3(p *byte, n int, masks *[7][16]byte, pf *byte) int
//
// Exchanges 48-byte blocks from both ends of the n bytes at p, each
// reversed by masks, while at least 96 bytes remain between the ends, and
// returns the bytes done at each end. A block is held in three registers
// in0, in1, in2; output register o ORs input registers i shuffled by the
// masks for (o, i) = (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (2, 0), (2, 1),
// which is every pair a reversal of pixels of up to 16 bytes needs. Each
// step also prefetches the next 96 bytes at pf, the row to be reversed
// next (see reverse192VBMI).
TEXT ·reverse48SSSE3(SB), NOSPLIT, $0-40
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), CX
	MOVQ masks+16(FP), R8
	MOVQ pf+24(FP), R9
	LEAQ (SI)(CX*1), DI // DI is one past the right end.
	XORQ AX, AX         // AX counts the bytes done at each end.
	MOVOU 0(R8), X8
	MOVOU 16(R8), X9
	MOVOU 32(R8), X10
	MOVOU 48(R8), X11
	MOVOU 64(R8), X12
	MOVOU 80(R8), X13
	MOVOU 96(R8), X14

loop:
	MOVQ DI, DX
	SUBQ SI, DX
	CMPQ DX, $96
	JLT  done
	PREFETCHT0 0(R9)
	PREFETCHT0 64(R9)
	ADDQ $96, R9
	MOVOU 0(SI), X0
	MOVOU 16(SI), X1
	MOVOU 32(SI), X2
	MOVOU -48(DI), X3
	MOVOU -32(DI), X4
	MOVOU -16(DI), X5

	// The left block, reversed, goes to the right end.
	MOVO X1, X6
	PSHUFB X8, X6
	MOVO X2, X7
	PSHUFB X9, X7
	POR X7, X6
	MOVOU X6, -48(DI)
	MOVO X0, X6
	PSHUFB X10, X6
	MOVO X1, X7
	PSHUFB X11, X7
	POR X7, X6
	MOVO X2, X7
	PSHUFB X12, X7
	POR X7, X6
	MOVOU X6, -32(DI)
	MOVO X0, X6
	PSHUFB X13, X6
	MOVO X1, X7
	PSHUFB X14, X7
	POR X7, X6
	MOVOU X6, -16(DI)

	// The right block, reversed, goes to the left end.
	MOVO X4, X6
	PSHUFB X8, X6
	MOVO X5, X7
	PSHUFB X9, X7
	POR X7, X6
	MOVOU X6, 0(SI)
	MOVO X3, X6
	PSHUFB X10, X6
	MOVO X4, X7
	PSHUFB X11, X7
	POR X7, X6
	MOVO X5, X7
	PSHUFB X12, X7
	POR X7, X6
	MOVOU X6, 16(SI)
	MOVO X3, X6
	PSHUFB X13, X6
	MOVO X4, X7
	PSHUFB X14, X7
	POR X7, X6
	MOVOU X6, 32(SI)

	ADDQ $48, SI
	SUBQ $48, DI
	ADDQ $48, AX
	JMP  loop

done:
	MOVQ AX, ret+32(FP)
	RET
