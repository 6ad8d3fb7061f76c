//go:build !purego

#include "textflag.h"

// The accurate integer FDCT of fdct.go (IJG's islow) on eight int32
// lanes: each 1-D pass runs on the eight registers Y0-Y7 at once, one
// lane per row or column, with AVX2's VPMULLD for the 13-bit constant
// products; an 8x8 transpose goes before each pass. Products and sums
// stay within int32 as in the Go code (see fdct.go).

// Broadcast constants: the FIX values, then the rounding terms.
DATA fdctK<>+0(SB)/4, $4433     // FIX(0.541196100)
DATA fdctK<>+4(SB)/4, $6270     // FIX(0.765366865)
DATA fdctK<>+8(SB)/4, $15137    // FIX(1.847759065)
DATA fdctK<>+12(SB)/4, $9633    // FIX(1.175875602)
DATA fdctK<>+16(SB)/4, $2446    // FIX(0.298631336)
DATA fdctK<>+20(SB)/4, $16819   // FIX(2.053119869)
DATA fdctK<>+24(SB)/4, $25172   // FIX(3.072711026)
DATA fdctK<>+28(SB)/4, $12299   // FIX(1.501321110)
DATA fdctK<>+32(SB)/4, $-7373   // -FIX(0.899976223)
DATA fdctK<>+36(SB)/4, $-20995  // -FIX(2.562915447)
DATA fdctK<>+40(SB)/4, $-16069  // -FIX(1.961570560)
DATA fdctK<>+44(SB)/4, $-3196   // -FIX(0.390180644)
DATA fdctK<>+48(SB)/4, $1024    // 1 << (CONST_BITS-PASS1_BITS-1)
DATA fdctK<>+52(SB)/4, $16384   // 1 << (CONST_BITS+PASS1_BITS-1)
DATA fdctK<>+56(SB)/4, $2       // 1 << (PASS1_BITS-1)
GLOBL fdctK<>(SB), RODATA|NOPTR, $60

// TRANSPOSE transposes the 8x8 int32 matrix in Y0-Y7 (row i in Yi),
// using Y8-Y15.
#define TRANSPOSE \
	VPUNPCKLDQ Y1, Y0, Y8 \
	VPUNPCKHDQ Y1, Y0, Y9 \
	VPUNPCKLDQ Y3, Y2, Y10 \
	VPUNPCKHDQ Y3, Y2, Y11 \
	VPUNPCKLDQ Y5, Y4, Y12 \
	VPUNPCKHDQ Y5, Y4, Y13 \
	VPUNPCKLDQ Y7, Y6, Y14 \
	VPUNPCKHDQ Y7, Y6, Y15 \
	VPUNPCKLQDQ Y10, Y8, Y0 \
	VPUNPCKHQDQ Y10, Y8, Y1 \
	VPUNPCKLQDQ Y11, Y9, Y2 \
	VPUNPCKHQDQ Y11, Y9, Y3 \
	VPUNPCKLQDQ Y14, Y12, Y4 \
	VPUNPCKHQDQ Y14, Y12, Y5 \
	VPUNPCKLQDQ Y15, Y13, Y6 \
	VPUNPCKHQDQ Y15, Y13, Y7 \
	VPERM2I128 $0x20, Y4, Y0, Y8 \
	VPERM2I128 $0x31, Y4, Y0, Y12 \
	VPERM2I128 $0x20, Y5, Y1, Y9 \
	VPERM2I128 $0x31, Y5, Y1, Y13 \
	VPERM2I128 $0x20, Y6, Y2, Y10 \
	VPERM2I128 $0x31, Y6, Y2, Y14 \
	VPERM2I128 $0x20, Y7, Y3, Y11 \
	VPERM2I128 $0x31, Y7, Y3, Y15 \
	VMOVDQA Y8, Y0 \
	VMOVDQA Y9, Y1 \
	VMOVDQA Y10, Y2 \
	VMOVDQA Y11, Y3 \
	VMOVDQA Y12, Y4 \
	VMOVDQA Y13, Y5 \
	VMOVDQA Y14, Y6 \
	VMOVDQA Y15, Y7

// EVENODD is the part of a pass common to both: from d0-d7 in Y0-Y7 it
// leaves t10+t11 in Y0, t10-t11 in Y4, out2 and out6 unrounded in Y3 and
// Y2, and out7, out5, out3, out1 unrounded in Y12, Y13, Y14, Y15.
#define EVENODD \
	VPADDD Y7, Y0, Y8 \
	VPSUBD Y7, Y0, Y15 \
	VPADDD Y6, Y1, Y9 \
	VPSUBD Y6, Y1, Y14 \
	VPADDD Y5, Y2, Y10 \
	VPSUBD Y5, Y2, Y13 \
	VPADDD Y4, Y3, Y11 \
	VPSUBD Y4, Y3, Y12 \
	VPADDD Y11, Y8, Y0 \
	VPSUBD Y11, Y8, Y3 \
	VPADDD Y10, Y9, Y1 \
	VPSUBD Y10, Y9, Y2 \
	VPSUBD Y1, Y0, Y4 \
	VPADDD Y1, Y0, Y0 \
	VPADDD Y3, Y2, Y8 \
	VPBROADCASTD fdctK<>+0(SB), Y9 \
	VPMULLD Y9, Y8, Y8 \
	VPBROADCASTD fdctK<>+4(SB), Y9 \
	VPMULLD Y9, Y3, Y3 \
	VPADDD Y8, Y3, Y3 \
	VPBROADCASTD fdctK<>+8(SB), Y9 \
	VPMULLD Y9, Y2, Y2 \
	VPSUBD Y2, Y8, Y2 \
	VPADDD Y15, Y12, Y5 \
	VPADDD Y14, Y13, Y6 \
	VPADDD Y14, Y12, Y7 \
	VPADDD Y15, Y13, Y9 \
	VPADDD Y9, Y7, Y10 \
	VPBROADCASTD fdctK<>+12(SB), Y11 \
	VPMULLD Y11, Y10, Y10 \
	VPBROADCASTD fdctK<>+16(SB), Y11 \
	VPMULLD Y11, Y12, Y12 \
	VPBROADCASTD fdctK<>+20(SB), Y11 \
	VPMULLD Y11, Y13, Y13 \
	VPBROADCASTD fdctK<>+24(SB), Y11 \
	VPMULLD Y11, Y14, Y14 \
	VPBROADCASTD fdctK<>+28(SB), Y11 \
	VPMULLD Y11, Y15, Y15 \
	VPBROADCASTD fdctK<>+32(SB), Y11 \
	VPMULLD Y11, Y5, Y5 \
	VPBROADCASTD fdctK<>+36(SB), Y11 \
	VPMULLD Y11, Y6, Y6 \
	VPBROADCASTD fdctK<>+40(SB), Y11 \
	VPMULLD Y11, Y7, Y7 \
	VPADDD Y10, Y7, Y7 \
	VPBROADCASTD fdctK<>+44(SB), Y11 \
	VPMULLD Y11, Y9, Y9 \
	VPADDD Y10, Y9, Y9 \
	VPADDD Y5, Y12, Y12 \
	VPADDD Y7, Y12, Y12 \
	VPADDD Y6, Y13, Y13 \
	VPADDD Y9, Y13, Y13 \
	VPADDD Y6, Y14, Y14 \
	VPADDD Y7, Y14, Y14 \
	VPADDD Y5, Y15, Y15 \
	VPADDD Y9, Y15, Y15

// ROUND adds the rounding term in Y11 to the six rotated outputs and
// shifts them right by s.
#define ROUND(s) \
	VPADDD Y11, Y3, Y3 \
	VPADDD Y11, Y2, Y2 \
	VPADDD Y11, Y12, Y12 \
	VPADDD Y11, Y13, Y13 \
	VPADDD Y11, Y14, Y14 \
	VPADDD Y11, Y15, Y15 \
	VPSRAD $s, Y3, Y3 \
	VPSRAD $s, Y2, Y2 \
	VPSRAD $s, Y12, Y12 \
	VPSRAD $s, Y13, Y13 \
	VPSRAD $s, Y14, Y14 \
	VPSRAD $s, Y15, Y15

// FDCTCORE transforms the rows in Y0-Y7 and stores the result at AX.
#define FDCTCORE \
	TRANSPOSE \
	EVENODD \
	VPSLLD $2, Y0, Y0 \
	VPSLLD $2, Y4, Y4 \
	VPBROADCASTD fdctK<>+48(SB), Y11 \
	ROUND(11) \
	VMOVDQA Y15, Y1 \
	VMOVDQA Y3, Y8 \
	VMOVDQA Y2, Y6 \
	VMOVDQA Y14, Y3 \
	VMOVDQA Y13, Y5 \
	VMOVDQA Y12, Y7 \
	VMOVDQA Y8, Y2 \
	TRANSPOSE \
	EVENODD \
	VPBROADCASTD fdctK<>+56(SB), Y11 \
	VPADDD Y11, Y0, Y0 \
	VPADDD Y11, Y4, Y4 \
	VPSRAD $2, Y0, Y0 \
	VPSRAD $2, Y4, Y4 \
	VPBROADCASTD fdctK<>+52(SB), Y11 \
	ROUND(15) \
	VMOVDQU Y0, 0(AX) \
	VMOVDQU Y15, 32(AX) \
	VMOVDQU Y3, 64(AX) \
	VMOVDQU Y14, 96(AX) \
	VMOVDQU Y4, 128(AX) \
	VMOVDQU Y13, 160(AX) \
	VMOVDQU Y2, 192(AX) \
	VMOVDQU Y12, 224(AX)

// func fdctAVX2(d *[64]int32)
TEXT ·fdctAVX2(SB), NOSPLIT, $0-8
	MOVQ d+0(FP), AX
	VMOVDQU 0(AX), Y0
	VMOVDQU 32(AX), Y1
	VMOVDQU 64(AX), Y2
	VMOVDQU 96(AX), Y3
	VMOVDQU 128(AX), Y4
	VMOVDQU 160(AX), Y5
	VMOVDQU 192(AX), Y6
	VMOVDQU 224(AX), Y7
	FDCTCORE
	VZEROUPPER
	RET

DATA fdct128<>+0(SB)/4, $128
GLOBL fdct128<>(SB), RODATA|NOPTR, $4

// func fdctSamplesAVX2(d *[64]int32, src *byte, stride int)
// The 8x8 samples at src, rows stride bytes apart, level-shifted.
TEXT ·fdctSamplesAVX2(SB), NOSPLIT, $0-24
	MOVQ d+0(FP), AX
	MOVQ src+8(FP), SI
	MOVQ stride+16(FP), DX
	VPBROADCASTD fdct128<>(SB), Y8
	VPMOVZXBD (SI), Y0
	ADDQ DX, SI
	VPMOVZXBD (SI), Y1
	ADDQ DX, SI
	VPMOVZXBD (SI), Y2
	ADDQ DX, SI
	VPMOVZXBD (SI), Y3
	ADDQ DX, SI
	VPMOVZXBD (SI), Y4
	ADDQ DX, SI
	VPMOVZXBD (SI), Y5
	ADDQ DX, SI
	VPMOVZXBD (SI), Y6
	ADDQ DX, SI
	VPMOVZXBD (SI), Y7
	VPSUBD Y8, Y0, Y0
	VPSUBD Y8, Y1, Y1
	VPSUBD Y8, Y2, Y2
	VPSUBD Y8, Y3, Y3
	VPSUBD Y8, Y4, Y4
	VPSUBD Y8, Y5, Y5
	VPSUBD Y8, Y6, Y6
	VPSUBD Y8, Y7, Y7
	FDCTCORE
	VZEROUPPER
	RET

// QROW quantizes the row of eight coefficients at off(AX) into Y0:
// |x| + half, times the reciprocal in 64-bit products of the even and
// the odd lanes, each shifted by its own count, merged and given x's
// sign back. It uses Y1-Y5.
#define QROW(off, soff) \
	VMOVDQU off(AX), Y0 \
	VPABSD Y0, Y1 \
	VPADDD off(CX), Y1, Y1 \
	VMOVDQU 256+off(CX), Y2 \
	VPSRLQ $32, Y1, Y3 \
	VPSRLQ $32, Y2, Y4 \
	VPMULUDQ Y2, Y1, Y1 \
	VPMULUDQ Y4, Y3, Y3 \
	VPSRLVQ 1024+soff(CX), Y1, Y1 \
	VPSRLVQ 1280+soff(CX), Y3, Y3 \
	VPSLLQ $32, Y3, Y3 \
	VPBLENDD $0xAA, Y3, Y1, Y1 \
	VPSIGND Y0, Y1, Y0

// func quantAVX2(b *Block, d *[64]int32, t *quantDivisors)
TEXT ·quantAVX2(SB), NOSPLIT, $0-24
	MOVQ b+0(FP), DI
	MOVQ d+8(FP), AX
	MOVQ t+16(FP), CX
	QROW(0, 0)
	VMOVDQA Y0, Y6
	QROW(32, 32)
	VPACKSSDW Y0, Y6, Y6
	VPERMQ $0xD8, Y6, Y6
	VMOVDQU Y6, 0(DI)
	QROW(64, 64)
	VMOVDQA Y0, Y6
	QROW(96, 96)
	VPACKSSDW Y0, Y6, Y6
	VPERMQ $0xD8, Y6, Y6
	VMOVDQU Y6, 32(DI)
	QROW(128, 128)
	VMOVDQA Y0, Y6
	QROW(160, 160)
	VPACKSSDW Y0, Y6, Y6
	VPERMQ $0xD8, Y6, Y6
	VMOVDQU Y6, 64(DI)
	QROW(192, 192)
	VMOVDQA Y0, Y6
	QROW(224, 224)
	VPACKSSDW Y0, Y6, Y6
	VPERMQ $0xD8, Y6, Y6
	VMOVDQU Y6, 96(DI)
	VZEROUPPER
	RET
