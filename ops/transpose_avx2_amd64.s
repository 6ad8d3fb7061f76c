//go:build !purego

#include "textflag.h"

// The AVX2 transposes are the AVX-512 ones (transpose_avx512_amd64.s) in
// blocks of 8 x 8 pixels: each of the 8 source columns of a block (8
// pixels, one after another in memory) is spread to the 8 dwords of a YMM
// register, the 8 registers are transposed as an 8 x 8 matrix of dwords,
// and each register, now a destination row, is packed back and stored.
// Registers: DI the block's destination, R9 the row step, R10 three of
// them; SI the block's source, DX the column step, R11 three of them; R12
// and R13 walk the columns and rows of a block; CX counts blocks.

// func transposeStrip3AVX2(d *byte, dsy int, s *byte, ssx int, n int)
//
// 3-byte pixels: a column is 24 bytes, read as a 32-byte load (8 bytes
// past each column are read: the caller keeps them in the buffer), its
// pixels 4-7 moved to the high lane by VPERMD and spread to dwords by
// VPSHUFB; a row is packed back to 24 bytes and stored as 32 bytes that the
// next block overwrites, as 16 + 8 bytes in the strip's last block.
TEXT ·transposeStrip3AVX2(SB), NOSPLIT, $0-40
	MOVQ d+0(FP), DI
	MOVQ dsy+8(FP), R9
	MOVQ s+16(FP), SI
	MOVQ ssx+24(FP), DX
	MOVQ n+32(FP), CX
	LEAQ (R9)(R9*2), R10
	LEAQ (DX)(DX*2), R11
	TESTQ CX, CX
	JZ   done3

loop3:
	VMOVDQU lanes3<>(SB), Y15
	MOVQ SI, R12
	VMOVDQU (R12), Y0
	VPERMD Y0, Y15, Y0
	VPSHUFB spread3x2<>(SB), Y0, Y0
	VMOVDQU (R12)(DX*1), Y1
	VPERMD Y1, Y15, Y1
	VPSHUFB spread3x2<>(SB), Y1, Y1
	VMOVDQU (R12)(DX*2), Y2
	VPERMD Y2, Y15, Y2
	VPSHUFB spread3x2<>(SB), Y2, Y2
	VMOVDQU (R12)(R11*1), Y3
	VPERMD Y3, Y15, Y3
	VPSHUFB spread3x2<>(SB), Y3, Y3
	LEAQ (R12)(DX*4), R12
	VMOVDQU (R12), Y4
	VPERMD Y4, Y15, Y4
	VPSHUFB spread3x2<>(SB), Y4, Y4
	VMOVDQU (R12)(DX*1), Y5
	VPERMD Y5, Y15, Y5
	VPSHUFB spread3x2<>(SB), Y5, Y5
	VMOVDQU (R12)(DX*2), Y6
	VPERMD Y6, Y15, Y6
	VPSHUFB spread3x2<>(SB), Y6, Y6
	VMOVDQU (R12)(R11*1), Y7
	VPERMD Y7, Y15, Y7
	VPSHUFB spread3x2<>(SB), Y7, Y7
	LEAQ (R12)(DX*4), SI
	// Pairs of rows, interleaved by dwords, then by qwords: lane L of
	// register 4i+m holds row 4L+m, columns 4i to 4i+3.
	VPUNPCKLDQ Y1, Y0, Y8
	VPUNPCKHDQ Y1, Y0, Y9
	VPUNPCKLDQ Y3, Y2, Y10
	VPUNPCKHDQ Y3, Y2, Y11
	VPUNPCKLDQ Y5, Y4, Y12
	VPUNPCKHDQ Y5, Y4, Y13
	VPUNPCKLDQ Y7, Y6, Y14
	VPUNPCKHDQ Y7, Y6, Y15
	VPUNPCKLQDQ Y10, Y8, Y0
	VPUNPCKHQDQ Y10, Y8, Y1
	VPUNPCKLQDQ Y11, Y9, Y2
	VPUNPCKHQDQ Y11, Y9, Y3
	VPUNPCKLQDQ Y14, Y12, Y4
	VPUNPCKHQDQ Y14, Y12, Y5
	VPUNPCKLQDQ Y15, Y13, Y6
	VPUNPCKHQDQ Y15, Y13, Y7
	// Row m is the low lanes of registers m and 4+m, row 4+m their high
	// lanes; the rows land in Y8-Y15.
	VPERM2I128 $0x20, Y4, Y0, Y8
	VPERM2I128 $0x31, Y4, Y0, Y12
	VPERM2I128 $0x20, Y5, Y1, Y9
	VPERM2I128 $0x31, Y5, Y1, Y13
	VPERM2I128 $0x20, Y6, Y2, Y10
	VPERM2I128 $0x31, Y6, Y2, Y14
	VPERM2I128 $0x20, Y7, Y3, Y11
	VPERM2I128 $0x31, Y7, Y3, Y15
	VMOVDQU packlanes3<>(SB), Y0
	VPSHUFB pack3x2<>(SB), Y8, Y8
	VPERMD Y8, Y0, Y8
	VPSHUFB pack3x2<>(SB), Y9, Y9
	VPERMD Y9, Y0, Y9
	VPSHUFB pack3x2<>(SB), Y10, Y10
	VPERMD Y10, Y0, Y10
	VPSHUFB pack3x2<>(SB), Y11, Y11
	VPERMD Y11, Y0, Y11
	VPSHUFB pack3x2<>(SB), Y12, Y12
	VPERMD Y12, Y0, Y12
	VPSHUFB pack3x2<>(SB), Y13, Y13
	VPERMD Y13, Y0, Y13
	VPSHUFB pack3x2<>(SB), Y14, Y14
	VPERMD Y14, Y0, Y14
	VPSHUFB pack3x2<>(SB), Y15, Y15
	VPERMD Y15, Y0, Y15
	CMPQ CX, $1
	JEQ  last3
	MOVQ DI, R13
	VMOVDQU Y8, (R13)
	VMOVDQU Y9, (R13)(R9*1)
	VMOVDQU Y10, (R13)(R9*2)
	VMOVDQU Y11, (R13)(R10*1)
	LEAQ (R13)(R9*4), R13
	VMOVDQU Y12, (R13)
	VMOVDQU Y13, (R13)(R9*1)
	VMOVDQU Y14, (R13)(R9*2)
	VMOVDQU Y15, (R13)(R10*1)
	ADDQ $24, DI
	DECQ CX
	JMP  loop3

last3:
	MOVQ DI, R13
	VMOVDQU X8, (R13)
	VEXTRACTI128 $1, Y8, X1
	MOVQ X1, 16(R13)
	VMOVDQU X9, (R13)(R9*1)
	VEXTRACTI128 $1, Y9, X1
	MOVQ X1, 16(R13)(R9*1)
	VMOVDQU X10, (R13)(R9*2)
	VEXTRACTI128 $1, Y10, X1
	MOVQ X1, 16(R13)(R9*2)
	VMOVDQU X11, (R13)(R10*1)
	VEXTRACTI128 $1, Y11, X1
	MOVQ X1, 16(R13)(R10*1)
	LEAQ (R13)(R9*4), R13
	VMOVDQU X12, (R13)
	VEXTRACTI128 $1, Y12, X1
	MOVQ X1, 16(R13)
	VMOVDQU X13, (R13)(R9*1)
	VEXTRACTI128 $1, Y13, X1
	MOVQ X1, 16(R13)(R9*1)
	VMOVDQU X14, (R13)(R9*2)
	VEXTRACTI128 $1, Y14, X1
	MOVQ X1, 16(R13)(R9*2)
	VMOVDQU X15, (R13)(R10*1)
	VEXTRACTI128 $1, Y15, X1
	MOVQ X1, 16(R13)(R10*1)

done3:
	VZEROUPPER
	RET

// func transposeStrip4AVX2(d *byte, dsy int, s *byte, ssx int, n int)
//
// 4-byte pixels: a column and a row are 32 bytes and need neither
// spreading nor packing.
TEXT ·transposeStrip4AVX2(SB), NOSPLIT, $0-40
	MOVQ d+0(FP), DI
	MOVQ dsy+8(FP), R9
	MOVQ s+16(FP), SI
	MOVQ ssx+24(FP), DX
	MOVQ n+32(FP), CX
	LEAQ (R9)(R9*2), R10
	LEAQ (DX)(DX*2), R11
	TESTQ CX, CX
	JZ   done4

loop4:
	MOVQ SI, R12
	VMOVDQU (R12), Y0
	VMOVDQU (R12)(DX*1), Y1
	VMOVDQU (R12)(DX*2), Y2
	VMOVDQU (R12)(R11*1), Y3
	LEAQ (R12)(DX*4), R12
	VMOVDQU (R12), Y4
	VMOVDQU (R12)(DX*1), Y5
	VMOVDQU (R12)(DX*2), Y6
	VMOVDQU (R12)(R11*1), Y7
	LEAQ (R12)(DX*4), SI
	// Pairs of rows, interleaved by dwords, then by qwords: lane L of
	// register 4i+m holds row 4L+m, columns 4i to 4i+3.
	VPUNPCKLDQ Y1, Y0, Y8
	VPUNPCKHDQ Y1, Y0, Y9
	VPUNPCKLDQ Y3, Y2, Y10
	VPUNPCKHDQ Y3, Y2, Y11
	VPUNPCKLDQ Y5, Y4, Y12
	VPUNPCKHDQ Y5, Y4, Y13
	VPUNPCKLDQ Y7, Y6, Y14
	VPUNPCKHDQ Y7, Y6, Y15
	VPUNPCKLQDQ Y10, Y8, Y0
	VPUNPCKHQDQ Y10, Y8, Y1
	VPUNPCKLQDQ Y11, Y9, Y2
	VPUNPCKHQDQ Y11, Y9, Y3
	VPUNPCKLQDQ Y14, Y12, Y4
	VPUNPCKHQDQ Y14, Y12, Y5
	VPUNPCKLQDQ Y15, Y13, Y6
	VPUNPCKHQDQ Y15, Y13, Y7
	// Row m is the low lanes of registers m and 4+m, row 4+m their high
	// lanes; the rows land in Y8-Y15.
	VPERM2I128 $0x20, Y4, Y0, Y8
	VPERM2I128 $0x31, Y4, Y0, Y12
	VPERM2I128 $0x20, Y5, Y1, Y9
	VPERM2I128 $0x31, Y5, Y1, Y13
	VPERM2I128 $0x20, Y6, Y2, Y10
	VPERM2I128 $0x31, Y6, Y2, Y14
	VPERM2I128 $0x20, Y7, Y3, Y11
	VPERM2I128 $0x31, Y7, Y3, Y15
	MOVQ DI, R13
	VMOVDQU Y8, (R13)
	VMOVDQU Y9, (R13)(R9*1)
	VMOVDQU Y10, (R13)(R9*2)
	VMOVDQU Y11, (R13)(R10*1)
	LEAQ (R13)(R9*4), R13
	VMOVDQU Y12, (R13)
	VMOVDQU Y13, (R13)(R9*1)
	VMOVDQU Y14, (R13)(R9*2)
	VMOVDQU Y15, (R13)(R10*1)
	ADDQ $32, DI
	DECQ CX
	JNZ  loop4

done4:
	VZEROUPPER
	RET

// lanes3 moves dwords 3-6 (bytes 12-27: pixels 4-7) to the high lane.
DATA lanes3<>+0x00(SB)/8, $0x0000000100000000
DATA lanes3<>+0x08(SB)/8, $0x0000000300000002
DATA lanes3<>+0x10(SB)/8, $0x0000000400000003
DATA lanes3<>+0x18(SB)/8, $0x0000000600000005
GLOBL lanes3<>(SB), RODATA|NOPTR, $32

// spread3x2 spreads the four pixels of the low 12 bytes of each lane to
// its four dwords.
DATA spread3x2<>+0x00(SB)/8, $0x8005040380020100
DATA spread3x2<>+0x08(SB)/8, $0x800b0a0980080706
DATA spread3x2<>+0x10(SB)/8, $0x8005040380020100
DATA spread3x2<>+0x18(SB)/8, $0x800b0a0980080706
GLOBL spread3x2<>(SB), RODATA|NOPTR, $32

// pack3x2 packs the low three bytes of each dword of a lane to the lane's
// low 12 bytes; packlanes3 joins the two lanes' 12 bytes.
DATA pack3x2<>+0x00(SB)/8, $0x0908060504020100
DATA pack3x2<>+0x08(SB)/8, $0x808080800e0d0c0a
DATA pack3x2<>+0x10(SB)/8, $0x0908060504020100
DATA pack3x2<>+0x18(SB)/8, $0x808080800e0d0c0a
GLOBL pack3x2<>(SB), RODATA|NOPTR, $32
DATA packlanes3<>+0x00(SB)/8, $0x0000000100000000
DATA packlanes3<>+0x08(SB)/8, $0x0000000400000002
DATA packlanes3<>+0x10(SB)/8, $0x0000000600000005
DATA packlanes3<>+0x18(SB)/8, $0x0000000700000007
GLOBL packlanes3<>(SB), RODATA|NOPTR, $32
