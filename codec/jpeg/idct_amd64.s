//go:build !purego

#include "textflag.h"

// The 8x8 accurate integer IDCT of idct.go (the IJG's LL&M algorithm) in
// AVX2, eight columns (then eight rows) at a time in 32-bit lanes. It is
// bit-exact with idct8 as long as no intermediate value leaves int32,
// which holds when every dequantized coefficient is at most 1173 in
// magnitude (see idctAVX2Limit in idct_amd64.go); it checks that first
// and stops, writing nothing, at a block beyond it.

DATA idctK<>+0(SB)/4, $4433
DATA idctK<>+4(SB)/4, $-15137
DATA idctK<>+8(SB)/4, $6270
DATA idctK<>+12(SB)/4, $9633
DATA idctK<>+16(SB)/4, $2446
DATA idctK<>+20(SB)/4, $16819
DATA idctK<>+24(SB)/4, $25172
DATA idctK<>+28(SB)/4, $12299
DATA idctK<>+32(SB)/4, $-7373
DATA idctK<>+36(SB)/4, $-20995
DATA idctK<>+40(SB)/4, $-16069
DATA idctK<>+44(SB)/4, $-3196
DATA idctK<>+48(SB)/4, $1024     // pass 1 rounding
DATA idctK<>+52(SB)/4, $131072   // pass 2 rounding
DATA idctK<>+56(SB)/4, $512
DATA idctK<>+60(SB)/4, $1023
DATA idctK<>+64(SB)/4, $384
DATA idctK<>+68(SB)/4, $255
DATA idctK<>+72(SB)/4, $1173     // the int32-safe limit of a coefficient
GLOBL idctK<>(SB), RODATA|NOPTR, $76

#define K(i) idctK<>+(4*i)(SB)

// idctACMask keeps the AC coefficients of a block's first 16 (all but
// the DC word).
DATA idctACMask<>+0(SB)/8, $0xFFFFFFFFFFFF0000
DATA idctACMask<>+8(SB)/8, $-1
DATA idctACMask<>+16(SB)/8, $-1
DATA idctACMask<>+24(SB)/8, $-1
GLOBL idctACMask<>(SB), RODATA|NOPTR, $32

// PASS reads 8 rows of 8 int32 at IN (a register), transforms the columns
// and leaves the 8 outputs in Y0..Y7 before the descale, with rounding
// RND added, shifted right by SH.
#define PASS(IN, RND, SH) \
	VMOVDQU 64(IN), Y2; \
	VMOVDQU 192(IN), Y6; \
	VPADDD Y6, Y2, Y8; \
	VPBROADCASTD K(0), Y14; \
	VPMULLD Y14, Y8, Y8; \
	VPBROADCASTD K(1), Y14; \
	VPMULLD Y14, Y6, Y9; \
	VPADDD Y9, Y8, Y9; \
	VPBROADCASTD K(2), Y14; \
	VPMULLD Y14, Y2, Y10; \
	VPADDD Y10, Y8, Y10; \
	VMOVDQU 0(IN), Y0; \
	VMOVDQU 128(IN), Y4; \
	VPADDD Y4, Y0, Y11; \
	VPSLLD $13, Y11, Y11; \
	VPSUBD Y4, Y0, Y12; \
	VPSLLD $13, Y12, Y12; \
	VPADDD Y10, Y11, Y0; \
	VPSUBD Y10, Y11, Y4; \
	VPADDD Y9, Y12, Y2; \
	VPSUBD Y9, Y12, Y6; \
	VMOVDQU 224(IN), Y7; \
	VMOVDQU 160(IN), Y5; \
	VMOVDQU 96(IN), Y3; \
	VMOVDQU 32(IN), Y1; \
	VPADDD Y1, Y7, Y8; \
	VPADDD Y3, Y5, Y9; \
	VPADDD Y3, Y7, Y10; \
	VPADDD Y1, Y5, Y11; \
	VPADDD Y11, Y10, Y12; \
	VPBROADCASTD K(3), Y14; \
	VPMULLD Y14, Y12, Y12; \
	VPBROADCASTD K(4), Y14; \
	VPMULLD Y14, Y7, Y7; \
	VPBROADCASTD K(5), Y14; \
	VPMULLD Y14, Y5, Y5; \
	VPBROADCASTD K(6), Y14; \
	VPMULLD Y14, Y3, Y3; \
	VPBROADCASTD K(7), Y14; \
	VPMULLD Y14, Y1, Y1; \
	VPBROADCASTD K(8), Y14; \
	VPMULLD Y14, Y8, Y8; \
	VPBROADCASTD K(9), Y14; \
	VPMULLD Y14, Y9, Y9; \
	VPBROADCASTD K(10), Y14; \
	VPMULLD Y14, Y10, Y10; \
	VPADDD Y12, Y10, Y10; \
	VPBROADCASTD K(11), Y14; \
	VPMULLD Y14, Y11, Y11; \
	VPADDD Y12, Y11, Y11; \
	VPADDD Y8, Y7, Y7; \
	VPADDD Y10, Y7, Y7; \
	VPADDD Y9, Y5, Y5; \
	VPADDD Y11, Y5, Y5; \
	VPADDD Y9, Y3, Y3; \
	VPADDD Y10, Y3, Y3; \
	VPADDD Y8, Y1, Y1; \
	VPADDD Y11, Y1, Y1; \
	VPBROADCASTD RND, Y15; \
	VPADDD Y15, Y0, Y0; \
	VPADDD Y15, Y2, Y2; \
	VPADDD Y15, Y6, Y6; \
	VPADDD Y15, Y4, Y4; \
	VPSUBD Y1, Y0, Y8; \
	VPADDD Y1, Y0, Y0; \
	VPSUBD Y3, Y2, Y9; \
	VPADDD Y3, Y2, Y1; \
	VPSUBD Y5, Y6, Y10; \
	VPADDD Y5, Y6, Y2; \
	VPSUBD Y7, Y4, Y11; \
	VPADDD Y7, Y4, Y3; \
	VPSRAD $SH, Y0, Y0; \
	VPSRAD $SH, Y1, Y1; \
	VPSRAD $SH, Y2, Y2; \
	VPSRAD $SH, Y3, Y3; \
	VPSRAD $SH, Y11, Y4; \
	VPSRAD $SH, Y10, Y5; \
	VPSRAD $SH, Y9, Y6; \
	VPSRAD $SH, Y8, Y7

// TRANSPOSE transposes the 8x8 int32 matrix in Y0..Y7 (a row a register),
// using Y8..Y15.
#define TRANSPOSE \
	VPUNPCKLDQ Y1, Y0, Y8; \
	VPUNPCKHDQ Y1, Y0, Y9; \
	VPUNPCKLDQ Y3, Y2, Y10; \
	VPUNPCKHDQ Y3, Y2, Y11; \
	VPUNPCKLDQ Y5, Y4, Y12; \
	VPUNPCKHDQ Y5, Y4, Y13; \
	VPUNPCKLDQ Y7, Y6, Y14; \
	VPUNPCKHDQ Y7, Y6, Y15; \
	VPUNPCKLQDQ Y10, Y8, Y0; \
	VPUNPCKHQDQ Y10, Y8, Y1; \
	VPUNPCKLQDQ Y11, Y9, Y2; \
	VPUNPCKHQDQ Y11, Y9, Y3; \
	VPUNPCKLQDQ Y14, Y12, Y4; \
	VPUNPCKHQDQ Y14, Y12, Y5; \
	VPUNPCKLQDQ Y15, Y13, Y6; \
	VPUNPCKHQDQ Y15, Y13, Y7; \
	VPERM2I128 $0x20, Y4, Y0, Y8; \
	VPERM2I128 $0x31, Y4, Y0, Y12; \
	VPERM2I128 $0x20, Y5, Y1, Y9; \
	VPERM2I128 $0x31, Y5, Y1, Y13; \
	VPERM2I128 $0x20, Y6, Y2, Y10; \
	VPERM2I128 $0x31, Y6, Y2, Y14; \
	VPERM2I128 $0x20, Y7, Y3, Y11; \
	VPERM2I128 $0x31, Y7, Y3, Y15; \
	VMOVDQA Y8, Y0; \
	VMOVDQA Y9, Y1; \
	VMOVDQA Y10, Y2; \
	VMOVDQA Y11, Y3; \
	VMOVDQA Y12, Y4; \
	VMOVDQA Y13, Y5; \
	VMOVDQA Y14, Y6; \
	VMOVDQA Y15, Y7

#define STORE8(BASE) \
	VMOVDQU Y0, 0(BASE); \
	VMOVDQU Y1, 32(BASE); \
	VMOVDQU Y2, 64(BASE); \
	VMOVDQU Y3, 96(BASE); \
	VMOVDQU Y4, 128(BASE); \
	VMOVDQU Y5, 160(BASE); \
	VMOVDQU Y6, 192(BASE); \
	VMOVDQU Y7, 224(BASE)

#define LIMIT(R) \
	VPADDD Y12, R, R; \
	VPAND Y13, R, R; \
	VPSUBD Y14, R, R; \
	VPMAXSD Y11, R, R; \
	VPMINSD Y15, R, R

// func idct8RowAVX2(b *Block, n int, q *dequant, dst *byte, stride int) int
//
// Block i of the n from b goes to dst+8*i; it stops before the first
// block beyond the limit, writing nothing for it, and returns the number
// of blocks done. One call a row of blocks saves the per-block call.
TEXT ·idct8RowAVX2(SB), NOSPLIT, $256-48
	MOVQ b+0(FP), SI
	MOVQ q+16(FP), DX
	MOVQ dst+24(FP), R8
	MOVQ stride+32(FP), CX
	MOVQ n+8(FP), R10
	XORQ R9, R9

loop:
	CMPQ R9, R10
	JGE done
	LEAQ ws-256(SP), DI

	// A block whose AC coefficients are all zero (most chroma blocks of
	// a photo at q90) gives 64 equal samples: see dconly.
	VMOVDQU 32(SI), Y1
	VPOR 64(SI), Y1, Y1
	VPOR 96(SI), Y1, Y1
	VMOVDQU 0(SI), Y0
	VPAND idctACMask<>(SB), Y0, Y0
	VPOR Y0, Y1, Y1
	VPTEST Y1, Y1
	JZ dconly

general:
	// Dequantize into the workspace, tracking the largest magnitude.
	VPXOR Y9, Y9, Y9
	VPMOVSXWD 0(SI), Y0
	VPMULLD 0(DX), Y0, Y0
	VPABSD Y0, Y8
	VPMAXSD Y8, Y9, Y9
	VPMOVSXWD 16(SI), Y1
	VPMULLD 32(DX), Y1, Y1
	VPABSD Y1, Y8
	VPMAXSD Y8, Y9, Y9
	VPMOVSXWD 32(SI), Y2
	VPMULLD 64(DX), Y2, Y2
	VPABSD Y2, Y8
	VPMAXSD Y8, Y9, Y9
	VPMOVSXWD 48(SI), Y3
	VPMULLD 96(DX), Y3, Y3
	VPABSD Y3, Y8
	VPMAXSD Y8, Y9, Y9
	VPMOVSXWD 64(SI), Y4
	VPMULLD 128(DX), Y4, Y4
	VPABSD Y4, Y8
	VPMAXSD Y8, Y9, Y9
	VPMOVSXWD 80(SI), Y5
	VPMULLD 160(DX), Y5, Y5
	VPABSD Y5, Y8
	VPMAXSD Y8, Y9, Y9
	VPMOVSXWD 96(SI), Y6
	VPMULLD 192(DX), Y6, Y6
	VPABSD Y6, Y8
	VPMAXSD Y8, Y9, Y9
	VPMOVSXWD 112(SI), Y7
	VPMULLD 224(DX), Y7, Y7
	VPABSD Y7, Y8
	VPMAXSD Y8, Y9, Y9
	// VPABSD of -2^31 stays negative: treat a negative maximum as too big.
	VPBROADCASTD K(18), Y10
	VPCMPGTD Y10, Y9, Y11
	VPXOR Y8, Y8, Y8
	VPCMPGTD Y9, Y8, Y12
	VPOR Y12, Y11, Y11
	VPTEST Y11, Y11
	JNZ fail
	STORE8(DI)

	PASS(DI, K(12), 11)
	TRANSPOSE
	STORE8(DI)
	PASS(DI, K(13), 18)

	// Range limit as libjpeg's table does: wrap modulo 1024, clamp.
	VPBROADCASTD K(14), Y12
	VPBROADCASTD K(15), Y13
	VPBROADCASTD K(16), Y14
	VPBROADCASTD K(17), Y15
	VPXOR Y11, Y11, Y11
	LIMIT(Y0)
	LIMIT(Y1)
	LIMIT(Y2)
	LIMIT(Y3)
	LIMIT(Y4)
	LIMIT(Y5)
	LIMIT(Y6)
	LIMIT(Y7)
	TRANSPOSE

	// Rows as bytes: pairs of rows to words, then to bytes.
	VPACKSSDW Y1, Y0, Y8
	VPERMQ $0xD8, Y8, Y8
	VPACKSSDW Y3, Y2, Y9
	VPERMQ $0xD8, Y9, Y9
	VPACKSSDW Y5, Y4, Y10
	VPERMQ $0xD8, Y10, Y10
	VPACKSSDW Y7, Y6, Y11
	VPERMQ $0xD8, Y11, Y11
	VPACKUSWB Y9, Y8, Y8   // rows 0, 2 | 1, 3
	VPACKUSWB Y11, Y10, Y10 // rows 4, 6 | 5, 7

	MOVQ R8, DI
	VMOVQ X8, 0(DI)
	VPEXTRQ $1, X8, 0(DI)(CX*2)
	VEXTRACTI128 $1, Y8, X9
	VMOVQ X9, 0(DI)(CX*1)
	LEAQ (DI)(CX*2), DI
	VPEXTRQ $1, X9, 0(DI)(CX*1)
	LEAQ (DI)(CX*2), DI
	VMOVQ X10, 0(DI)
	VPEXTRQ $1, X10, 0(DI)(CX*2)
	VEXTRACTI128 $1, Y10, X11
	VMOVQ X11, 0(DI)(CX*1)
	LEAQ (DI)(CX*2), DI
	VPEXTRQ $1, X11, 0(DI)(CX*1)

next:
	ADDQ $128, SI
	ADDQ $8, R8
	INCQ R9
	JMP loop

fail:
done:
	VZEROUPPER
	MOVQ R9, ret+40(FP)
	RET

	// DC only: with the AC terms zero, pass 1 gives dc<<2 down every
	// column (its rounding 1024 is lost in the shift by 11) and pass 2
	// gives (dc<<2 + 16) >> 5 = (dc + 4) >> 3 along every row, then the
	// range limit, which for |dc| <= 1173 is a plain clamp of that plus
	// 128 (no wrap). A DC beyond the limit takes the general path, which
	// refuses it as it refuses any other coefficient.
dconly:
	MOVWQSX 0(SI), AX
	MOVLQSX 0(DX), BX
	IMULQ BX, AX
	LEAQ 1173(AX), BX
	CMPQ BX, $2346
	JA general
	ADDQ $4, AX
	SARQ $3, AX
	ADDQ $128, AX
	XORL BX, BX
	CMPQ AX, BX
	CMOVQLT BX, AX
	MOVL $255, BX
	CMPQ AX, BX
	CMOVQGT BX, AX
	MOVQ $0x0101010101010101, BX
	IMULQ BX, AX
	MOVQ R8, DI
	MOVQ AX, 0(DI)
	MOVQ AX, 0(DI)(CX*1)
	LEAQ (DI)(CX*2), DI
	MOVQ AX, 0(DI)
	MOVQ AX, 0(DI)(CX*1)
	LEAQ (DI)(CX*2), DI
	MOVQ AX, 0(DI)
	MOVQ AX, 0(DI)(CX*1)
	LEAQ (DI)(CX*2), DI
	MOVQ AX, 0(DI)
	MOVQ AX, 0(DI)(CX*1)
	JMP next
