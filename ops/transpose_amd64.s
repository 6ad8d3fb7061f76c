//go:build !purego

#include "textflag.h"

// func transposeStrip3SSSE3(d *byte, dsy int, s *byte, ssx int, n int, masks *[2][16]byte)
//
// Transposes n blocks of 4 x 4 3-byte pixels along a strip of four
// destination rows: block b reads, for k = 0 to 3, the 12 bytes of four
// consecutive pixels at s + (4b+k)*ssx (as a 16-byte load) and writes them
// as column k of the block, rows d + i*dsy + 12b. masks[0] spreads four
// pixels to four dwords, masks[1] packs them back.
TEXT ·transposeStrip3SSSE3(SB), NOSPLIT, $0-48
	MOVQ d+0(FP), DI
	MOVQ dsy+8(FP), R9
	MOVQ s+16(FP), SI
	MOVQ ssx+24(FP), DX
	MOVQ n+32(FP), CX
	MOVQ masks+40(FP), R8
	MOVOU 0(R8), X14
	MOVOU 16(R8), X13
	LEAQ (R9)(R9*2), R10 // three destination rows
	LEAQ (DX)(DX*2), R11 // three source rows
	TESTQ CX, CX
	JZ   done

loop:
	MOVOU (SI), X0
	MOVOU (SI)(DX*1), X1
	MOVOU (SI)(DX*2), X2
	MOVOU (SI)(R11*1), X3
	PSHUFB X14, X0
	PSHUFB X14, X1
	PSHUFB X14, X2
	PSHUFB X14, X3

	// Transpose the 4 x 4 dwords: X0..X3 hold columns, rows come out.
	MOVO X0, X4
	PUNPCKLLQ X1, X4
	PUNPCKHLQ X1, X0
	MOVO X2, X5
	PUNPCKLLQ X3, X5
	PUNPCKHLQ X3, X2
	MOVO X4, X6
	PUNPCKLQDQ X5, X6
	PUNPCKHQDQ X5, X4
	MOVO X0, X7
	PUNPCKLQDQ X2, X7
	PUNPCKHQDQ X2, X0
	PSHUFB X13, X6
	PSHUFB X13, X4
	PSHUFB X13, X7
	PSHUFB X13, X0

	// Store 12 bytes per row.
	MOVQ X6, (DI)
	PSRLDQ $8, X6
	MOVL X6, 8(DI)
	MOVQ X4, (DI)(R9*1)
	PSRLDQ $8, X4
	MOVL X4, 8(DI)(R9*1)
	MOVQ X7, (DI)(R9*2)
	PSRLDQ $8, X7
	MOVL X7, 8(DI)(R9*2)
	MOVQ X0, (DI)(R10*1)
	PSRLDQ $8, X0
	MOVL X0, 8(DI)(R10*1)

	LEAQ (SI)(DX*4), SI
	ADDQ $12, DI
	DECQ CX
	JNZ  loop

done:
	RET

// func transposeStrip4SSSE3(d *byte, dsy int, s *byte, ssx int, n int, mask *[16]byte)
//
// transposeStrip3SSSE3 for 4-byte pixels: each column load is exactly four
// pixels, put in order by mask, and each row store is 16 bytes.
TEXT ·transposeStrip4SSSE3(SB), NOSPLIT, $0-48
	MOVQ d+0(FP), DI
	MOVQ dsy+8(FP), R9
	MOVQ s+16(FP), SI
	MOVQ ssx+24(FP), DX
	MOVQ n+32(FP), CX
	MOVQ mask+40(FP), R8
	MOVOU 0(R8), X14
	LEAQ (R9)(R9*2), R10
	LEAQ (DX)(DX*2), R11
	TESTQ CX, CX
	JZ   done4

loop4:
	MOVOU (SI), X0
	MOVOU (SI)(DX*1), X1
	MOVOU (SI)(DX*2), X2
	MOVOU (SI)(R11*1), X3
	PSHUFB X14, X0
	PSHUFB X14, X1
	PSHUFB X14, X2
	PSHUFB X14, X3
	MOVO X0, X4
	PUNPCKLLQ X1, X4
	PUNPCKHLQ X1, X0
	MOVO X2, X5
	PUNPCKLLQ X3, X5
	PUNPCKHLQ X3, X2
	MOVO X4, X6
	PUNPCKLQDQ X5, X6
	PUNPCKHQDQ X5, X4
	MOVO X0, X7
	PUNPCKLQDQ X2, X7
	PUNPCKHQDQ X2, X0
	MOVOU X6, (DI)
	MOVOU X4, (DI)(R9*1)
	MOVOU X7, (DI)(R9*2)
	MOVOU X0, (DI)(R10*1)
	LEAQ (SI)(DX*4), SI
	ADDQ $16, DI
	DECQ CX
	JNZ  loop4

done4:
	RET
