//go:build !purego

#include "textflag.h"

// RGB to YCbCr (and to gray) of rgb2ycc.go on eight pixels at a time
// with AVX2: each pixel's R, G and B become one int32 lane, the fixed-
// point products are VPMULLDs by the same FIX constants (multiplying by
// FIX(0.5) is a shift left by 15), and the sums are shifted right by 16,
// exactly as the Go code computes them.

DATA yccK<>+0(SB)/4, $19595
DATA yccK<>+4(SB)/4, $19595
DATA yccK<>+8(SB)/4, $19595
DATA yccK<>+12(SB)/4, $19595
DATA yccK<>+16(SB)/4, $19595
DATA yccK<>+20(SB)/4, $19595
DATA yccK<>+24(SB)/4, $19595
DATA yccK<>+28(SB)/4, $19595
#define cc29900 0
DATA yccK<>+32(SB)/4, $38470
DATA yccK<>+36(SB)/4, $38470
DATA yccK<>+40(SB)/4, $38470
DATA yccK<>+44(SB)/4, $38470
DATA yccK<>+48(SB)/4, $38470
DATA yccK<>+52(SB)/4, $38470
DATA yccK<>+56(SB)/4, $38470
DATA yccK<>+60(SB)/4, $38470
#define cc58700 32
DATA yccK<>+64(SB)/4, $7471
DATA yccK<>+68(SB)/4, $7471
DATA yccK<>+72(SB)/4, $7471
DATA yccK<>+76(SB)/4, $7471
DATA yccK<>+80(SB)/4, $7471
DATA yccK<>+84(SB)/4, $7471
DATA yccK<>+88(SB)/4, $7471
DATA yccK<>+92(SB)/4, $7471
#define cc11400 64
DATA yccK<>+96(SB)/4, $11059
DATA yccK<>+100(SB)/4, $11059
DATA yccK<>+104(SB)/4, $11059
DATA yccK<>+108(SB)/4, $11059
DATA yccK<>+112(SB)/4, $11059
DATA yccK<>+116(SB)/4, $11059
DATA yccK<>+120(SB)/4, $11059
DATA yccK<>+124(SB)/4, $11059
#define cc16874 96
DATA yccK<>+128(SB)/4, $21709
DATA yccK<>+132(SB)/4, $21709
DATA yccK<>+136(SB)/4, $21709
DATA yccK<>+140(SB)/4, $21709
DATA yccK<>+144(SB)/4, $21709
DATA yccK<>+148(SB)/4, $21709
DATA yccK<>+152(SB)/4, $21709
DATA yccK<>+156(SB)/4, $21709
#define cc33126 128
DATA yccK<>+160(SB)/4, $27439
DATA yccK<>+164(SB)/4, $27439
DATA yccK<>+168(SB)/4, $27439
DATA yccK<>+172(SB)/4, $27439
DATA yccK<>+176(SB)/4, $27439
DATA yccK<>+180(SB)/4, $27439
DATA yccK<>+184(SB)/4, $27439
DATA yccK<>+188(SB)/4, $27439
#define cc41869 160
DATA yccK<>+192(SB)/4, $5329
DATA yccK<>+196(SB)/4, $5329
DATA yccK<>+200(SB)/4, $5329
DATA yccK<>+204(SB)/4, $5329
DATA yccK<>+208(SB)/4, $5329
DATA yccK<>+212(SB)/4, $5329
DATA yccK<>+216(SB)/4, $5329
DATA yccK<>+220(SB)/4, $5329
#define cc08131 192
DATA yccK<>+224(SB)/4, $32768
DATA yccK<>+228(SB)/4, $32768
DATA yccK<>+232(SB)/4, $32768
DATA yccK<>+236(SB)/4, $32768
DATA yccK<>+240(SB)/4, $32768
DATA yccK<>+244(SB)/4, $32768
DATA yccK<>+248(SB)/4, $32768
DATA yccK<>+252(SB)/4, $32768
#define ccHalf 224
DATA yccK<>+256(SB)/4, $8421375
DATA yccK<>+260(SB)/4, $8421375
DATA yccK<>+264(SB)/4, $8421375
DATA yccK<>+268(SB)/4, $8421375
DATA yccK<>+272(SB)/4, $8421375
DATA yccK<>+276(SB)/4, $8421375
DATA yccK<>+280(SB)/4, $8421375
DATA yccK<>+284(SB)/4, $8421375
#define ccOff 256
GLOBL yccK<>(SB), RODATA|NOPTR, $288

// yccIn spreads the 12 bytes of four packed RGB pixels of each 128-bit
// lane into four dwords; yccOut gathers byte 0 of each dword into the
// lane's first four bytes; yccPerm puts the two lanes' four bytes side by
// side.
DATA yccIn<>+0(SB)/8, $0xFF050403FF020100
DATA yccIn<>+8(SB)/8, $0xFF0B0A09FF080706
DATA yccIn<>+16(SB)/8, $0xFF050403FF020100
DATA yccIn<>+24(SB)/8, $0xFF0B0A09FF080706
GLOBL yccIn<>(SB), RODATA|NOPTR, $32
DATA yccOut<>+0(SB)/8, $0xFFFFFFFF0C080400
DATA yccOut<>+8(SB)/8, $0xFFFFFFFFFFFFFFFF
DATA yccOut<>+16(SB)/8, $0xFFFFFFFF0C080400
DATA yccOut<>+24(SB)/8, $0xFFFFFFFFFFFFFFFF
GLOBL yccOut<>(SB), RODATA|NOPTR, $32
DATA yccPerm<>+0(SB)/8, $0x0000000400000000
DATA yccPerm<>+8(SB)/8, $0x0000000000000000
DATA yccPerm<>+16(SB)/8, $0x0000000000000000
DATA yccPerm<>+24(SB)/8, $0x0000000000000000
GLOBL yccPerm<>(SB), RODATA|NOPTR, $32
DATA yccFF<>+0(SB)/8, $0x000000FF000000FF
DATA yccFF<>+8(SB)/8, $0x000000FF000000FF
DATA yccFF<>+16(SB)/8, $0x000000FF000000FF
DATA yccFF<>+24(SB)/8, $0x000000FF000000FF
GLOBL yccFF<>(SB), RODATA|NOPTR, $32

// SETUP loads the masks: Y15 yccIn, Y14 yccFF, Y13 yccOut, Y12 yccPerm,
// and the constant base into DX.
#define SETUP \
	VMOVDQU yccIn<>(SB), Y15 \
	VMOVDQU yccFF<>(SB), Y14 \
	VMOVDQU yccOut<>(SB), Y13 \
	VMOVDQU yccPerm<>(SB), Y12 \
	LEAQ yccK<>(SB), DX

// LOAD3 reads eight packed RGB pixels at SI (28 bytes) into Y0 as dwords.
#define LOAD3 \
	VMOVDQU (SI), X0 \
	VINSERTI128 $1, 12(SI), Y0, Y0 \
	VPSHUFB Y15, Y0, Y0

// LOAD4 reads eight RGBx pixels at SI into Y0.
#define LOAD4 \
	VMOVDQU (SI), Y0

// SPLIT puts R, G, B of the dwords of Y0 into Y1, Y2, Y3.
#define SPLIT \
	VPAND Y14, Y0, Y1 \
	VPSRLD $8, Y0, Y2 \
	VPAND Y14, Y2, Y2 \
	VPSRLD $16, Y0, Y3 \
	VPAND Y14, Y3, Y3

// STORE8 writes the low bytes of the eight dwords of Y4 to (dst).
#define STORE8(dst) \
	VPSHUFB Y13, Y4, Y4 \
	VPERMD Y4, Y12, Y4 \
	VMOVQ X4, dst

// LUMA computes Y into Y4 from Y1-Y3.
#define LUMA \
	VPMULLD cc29900(DX), Y1, Y4 \
	VPMULLD cc58700(DX), Y2, Y0 \
	VPADDD Y0, Y4, Y4 \
	VPMULLD cc11400(DX), Y3, Y0 \
	VPADDD Y0, Y4, Y4 \
	VPADDD ccHalf(DX), Y4, Y4 \
	VPSRLD $16, Y4, Y4

// CB and CR compute Cb and Cr into Y4 from Y1-Y3.
#define CB \
	VPSLLD $15, Y3, Y4 \
	VPADDD ccOff(DX), Y4, Y4 \
	VPMULLD cc16874(DX), Y1, Y0 \
	VPSUBD Y0, Y4, Y4 \
	VPMULLD cc33126(DX), Y2, Y0 \
	VPSUBD Y0, Y4, Y4 \
	VPSRLD $16, Y4, Y4

#define CR \
	VPSLLD $15, Y1, Y4 \
	VPADDD ccOff(DX), Y4, Y4 \
	VPMULLD cc41869(DX), Y2, Y0 \
	VPSUBD Y0, Y4, Y4 \
	VPMULLD cc08131(DX), Y3, Y0 \
	VPSUBD Y0, Y4, Y4 \
	VPSRLD $16, Y4, Y4

// YCCLOOP converts CX pixels (a multiple of 8, above 0) from SI into DI,
// R8, R9, reading them with LOAD and stepping SI by step.
#define YCCLOOP(LOAD, step) \
	LOAD \
	SPLIT \
	LUMA \
	STORE8((DI)) \
	CB \
	STORE8((R8)) \
	CR \
	STORE8((R9)) \
	ADDQ $step, SI \
	ADDQ $8, DI \
	ADDQ $8, R8 \
	ADDQ $8, R9 \
	SUBQ $8, CX

#define GRAYLOOP(LOAD, step) \
	LOAD \
	SPLIT \
	LUMA \
	STORE8((DI)) \
	ADDQ $step, SI \
	ADDQ $8, DI \
	SUBQ $8, CX

// func yccAVX2(y, cb, cr, src *byte, n, step int)
TEXT ·yccAVX2(SB), NOSPLIT, $0-48
	MOVQ y+0(FP), DI
	MOVQ cb+8(FP), R8
	MOVQ cr+16(FP), R9
	MOVQ src+24(FP), SI
	MOVQ n+32(FP), CX
	MOVQ step+40(FP), AX
	SETUP
	CMPQ AX, $4
	JEQ  four
three:
	YCCLOOP(LOAD3, 24)
	JNZ  three
	VZEROUPPER
	RET
four:
	YCCLOOP(LOAD4, 32)
	JNZ  four
	VZEROUPPER
	RET

// func grayAVX2(y, src *byte, n, step int)
TEXT ·grayAVX2(SB), NOSPLIT, $0-32
	MOVQ y+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ step+24(FP), AX
	SETUP
	CMPQ AX, $4
	JEQ  gfour
gthree:
	GRAYLOOP(LOAD3, 24)
	JNZ  gthree
	VZEROUPPER
	RET
gfour:
	GRAYLOOP(LOAD4, 32)
	JNZ  gfour
	VZEROUPPER
	RET
