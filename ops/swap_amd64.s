//go:build !purego

#include "textflag.h"

// func swap64Ahead(a, b *byte, n int, pa, pb *byte) int
//
// Exchanges the first n&^63 bytes at a and b, which do not overlap, 64
// bytes an iteration in four 16-byte loads and stores on each side (SSE2,
// in every amd64), and returns that count. Each iteration prefetches the
// next 64 bytes at pa and at pb, the rows to be exchanged next: the lower
// row of FlipV's pairs walks backwards through memory from row to row,
// which the hardware prefetcher does not follow.
TEXT ·swap64Ahead(SB), NOSPLIT, $0-48
	MOVQ a+0(FP), SI
	MOVQ b+8(FP), DI
	MOVQ n+16(FP), CX
	MOVQ pa+24(FP), R8
	MOVQ pb+32(FP), R9
	ANDQ $-64, CX
	XORQ AX, AX

loop:
	CMPQ AX, CX
	JGE  done
	PREFETCHT0 (R8)(AX*1)
	PREFETCHT0 (R9)(AX*1)
	MOVOU 0(SI)(AX*1), X0
	MOVOU 16(SI)(AX*1), X1
	MOVOU 32(SI)(AX*1), X2
	MOVOU 48(SI)(AX*1), X3
	MOVOU 0(DI)(AX*1), X4
	MOVOU 16(DI)(AX*1), X5
	MOVOU 32(DI)(AX*1), X6
	MOVOU 48(DI)(AX*1), X7
	MOVOU X4, 0(SI)(AX*1)
	MOVOU X5, 16(SI)(AX*1)
	MOVOU X6, 32(SI)(AX*1)
	MOVOU X7, 48(SI)(AX*1)
	MOVOU X0, 0(DI)(AX*1)
	MOVOU X1, 16(DI)(AX*1)
	MOVOU X2, 32(DI)(AX*1)
	MOVOU X3, 48(DI)(AX*1)
	ADDQ $64, AX
	JMP  loop

done:
	MOVQ CX, ret+40(FP)
	RET
