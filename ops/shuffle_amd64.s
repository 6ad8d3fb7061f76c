//go:build !purego

#include "textflag.h"

// func shuffle3SSSE3(p *byte, n int, masks *[7][16]byte) int
//
// Rearranges the bytes of each 48-byte block at p in place: output register
// o of a block ORs input registers i shuffled by the masks for (o, i) =
// (0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 1), (2, 2). It does n/48
// blocks and returns the bytes done.
TEXT ·shuffle3SSSE3(SB), NOSPLIT, $0-32
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), CX
	MOVQ masks+16(FP), R8
	MOVOU 0(R8), X8
	MOVOU 16(R8), X9
	MOVOU 32(R8), X10
	MOVOU 48(R8), X11
	MOVOU 64(R8), X12
	MOVOU 80(R8), X13
	MOVOU 96(R8), X14
	XORQ AX, AX
	MOVQ CX, DX
	SUBQ $48, DX

loop3:
	CMPQ AX, DX
	JGT  done3
	MOVOU 0(SI)(AX*1), X0
	MOVOU 16(SI)(AX*1), X1
	MOVOU 32(SI)(AX*1), X2
	MOVO X0, X3
	PSHUFB X8, X3
	MOVO X1, X4
	PSHUFB X9, X4
	POR X4, X3
	MOVO X0, X4
	PSHUFB X10, X4
	MOVO X1, X5
	PSHUFB X11, X5
	POR X5, X4
	MOVO X2, X5
	PSHUFB X12, X5
	POR X5, X4
	PSHUFB X13, X1
	PSHUFB X14, X2
	POR X1, X2
	MOVOU X3, 0(SI)(AX*1)
	MOVOU X4, 16(SI)(AX*1)
	MOVOU X2, 32(SI)(AX*1)
	ADDQ $48, AX
	JMP  loop3

done3:
	MOVQ AX, ret+24(FP)
	RET

// func shuffle4SSSE3(p *byte, n int, mask *[16]byte) int
//
// Shuffles each 16-byte block at p in place by mask, 64 bytes at a time. It
// does n/64 such groups and returns the bytes done.
TEXT ·shuffle4SSSE3(SB), NOSPLIT, $0-32
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), CX
	MOVQ mask+16(FP), R8
	MOVOU 0(R8), X8
	XORQ AX, AX
	MOVQ CX, DX
	SUBQ $64, DX

loop4:
	CMPQ AX, DX
	JGT  done4
	MOVOU 0(SI)(AX*1), X0
	MOVOU 16(SI)(AX*1), X1
	MOVOU 32(SI)(AX*1), X2
	MOVOU 48(SI)(AX*1), X3
	PSHUFB X8, X0
	PSHUFB X8, X1
	PSHUFB X8, X2
	PSHUFB X8, X3
	MOVOU X0, 0(SI)(AX*1)
	MOVOU X1, 16(SI)(AX*1)
	MOVOU X2, 32(SI)(AX*1)
	MOVOU X3, 48(SI)(AX*1)
	ADDQ $64, AX
	JMP  loop4

done4:
	MOVQ AX, ret+24(FP)
	RET
