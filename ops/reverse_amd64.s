//go:build !purego

#include "textflag.h"

// PSHUFB masks that reverse sixteen 3-byte pixels held in three registers
// in0, in1, in2 (48 bytes): output register o takes bytes from input
// register i through the mask at 16*index, in the order (o, i) = (0, 1),
// (0, 2), (1, 0), (1, 1), (1, 2), (2, 0), (2, 1). A mask byte 0x80 gives 0.
DATA revRGB24<>+0x00(SB)/8, $0x8080808080808080
DATA revRGB24<>+0x08(SB)/8, $0x0e80808080808080
DATA revRGB24<>+0x10(SB)/8, $0x08070c0b0a0f0e0d
DATA revRGB24<>+0x18(SB)/8, $0x8003020106050409
DATA revRGB24<>+0x20(SB)/8, $0x8080808080808080
DATA revRGB24<>+0x28(SB)/8, $0x800f808080808080
DATA revRGB24<>+0x30(SB)/8, $0x0a09080d0c0b800f
DATA revRGB24<>+0x38(SB)/8, $0x0080040302070605
DATA revRGB24<>+0x40(SB)/8, $0x8080808080800080
DATA revRGB24<>+0x48(SB)/8, $0x8080808080808080
DATA revRGB24<>+0x50(SB)/8, $0x060b0a090e0d0c80
DATA revRGB24<>+0x58(SB)/8, $0x0201000504030807
DATA revRGB24<>+0x60(SB)/8, $0x8080808080808001
DATA revRGB24<>+0x68(SB)/8, $0x8080808080808080
GLOBL revRGB24<>(SB), RODATA|NOPTR, $112

// func reverseRGB24SSSE3(p *byte, n int) int
TEXT ·reverseRGB24SSSE3(SB), NOSPLIT, $0-24
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), CX
	LEAQ (SI)(CX*1), DI // DI is one past the right end.
	XORQ AX, AX         // AX counts the bytes done at each end.
	MOVOU revRGB24<>+0x00(SB), X8
	MOVOU revRGB24<>+0x10(SB), X9
	MOVOU revRGB24<>+0x20(SB), X10
	MOVOU revRGB24<>+0x30(SB), X11
	MOVOU revRGB24<>+0x40(SB), X12
	MOVOU revRGB24<>+0x50(SB), X13
	MOVOU revRGB24<>+0x60(SB), X14

loop:
	MOVQ DI, DX
	SUBQ SI, DX
	CMPQ DX, $96
	JLT  done
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
	MOVQ AX, ret+16(FP)
	RET
