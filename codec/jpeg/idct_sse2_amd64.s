//go:build !purego

#include "textflag.h"

// The 8x8 accurate integer IDCT of idct.go (the IJG's LL&M algorithm) in
// SSE2, which every amd64 CPU has: eight columns (then eight rows) at a
// time in 16-bit lanes. SSE2 has no 32-bit multiply, so every product
// goes through PMADDWD: each output of a pass is written as a sum of
// constant multiples of its eight inputs (the algorithm's linear forms
// multiplied out, exact in integers: e.g. the odd part's output 3 is
// -11363*x7 + 9633*x5 - 6436*x3 + 2260*x1), taken two inputs at a time
// from interleaved words into 32-bit sums. It is bit-exact with idct8 as
// long as the dequantized coefficients fit in 16 bits and pass 1's
// outputs do too, which holds when every dequantized coefficient is at
// most 1096 in magnitude (see idctSSE2Limit in idct_amd64.go); it checks
// that first and returns false, writing nothing, for a block beyond it.

DATA idctS<>+0(SB)/8, $0x2000200020002000 // tmp0: 8192*(x0+x4)
DATA idctS<>+8(SB)/8, $0x2000200020002000
DATA idctS<>+16(SB)/8, $0xe0002000e0002000 // tmp1: 8192*(x0-x4)
DATA idctS<>+24(SB)/8, $0xe0002000e0002000
DATA idctS<>+32(SB)/8, $0x115129cf115129cf // tmp3: 10703*x2 + 4433*x6
DATA idctS<>+40(SB)/8, $0x115129cf115129cf
DATA idctS<>+48(SB)/8, $0xd6301151d6301151 // tmp2: 4433*x2 - 10704*x6
DATA idctS<>+56(SB)/8, $0xd6301151d6301151
DATA idctS<>+64(SB)/8, $0x192508d4192508d4 // odd 3: 2260*x7 + 6437*x5
DATA idctS<>+72(SB)/8, $0x192508d4192508d4
DATA idctS<>+80(SB)/8, $0x2c6325a12c6325a1 // odd 3: 9633*x3 + 11363*x1
DATA idctS<>+88(SB)/8, $0x2c6325a12c6325a1
DATA idctS<>+96(SB)/8, $0xd39ee6dcd39ee6dc // odd 2: -6436*x7 - 11362*x5
DATA idctS<>+104(SB)/8, $0xd39ee6dcd39ee6dc
DATA idctS<>+112(SB)/8, $0x25a1f72d25a1f72d // odd 2: -2259*x3 + 9633*x1
DATA idctS<>+120(SB)/8, $0x25a1f72d25a1f72d
DATA idctS<>+128(SB)/8, $0x08d525a108d525a1 // odd 1: 9633*x7 + 2261*x5
DATA idctS<>+136(SB)/8, $0x08d525a108d525a1
DATA idctS<>+144(SB)/8, $0x1925d39e1925d39e // odd 1: -11362*x3 + 6437*x1
DATA idctS<>+152(SB)/8, $0x1925d39e1925d39e
DATA idctS<>+160(SB)/8, $0x25a1d39d25a1d39d // odd 0: -11363*x7 + 9633*x5
DATA idctS<>+168(SB)/8, $0x25a1d39d25a1d39d
DATA idctS<>+176(SB)/8, $0x08d4e6dc08d4e6dc // odd 0: -6436*x3 + 2260*x1
DATA idctS<>+184(SB)/8, $0x08d4e6dc08d4e6dc
DATA idctS<>+192(SB)/8, $0x0000040000000400 // pass 1 rounding, 2^10
DATA idctS<>+200(SB)/8, $0x0000040000000400
DATA idctS<>+208(SB)/8, $0x0002000000020000 // pass 2 rounding, 2^17
DATA idctS<>+216(SB)/8, $0x0002000000020000
DATA idctS<>+224(SB)/8, $0x0200020002000200 // range limit: +512
DATA idctS<>+232(SB)/8, $0x0200020002000200
DATA idctS<>+240(SB)/8, $0x03ff03ff03ff03ff // range limit: modulo 1024
DATA idctS<>+248(SB)/8, $0x03ff03ff03ff03ff
DATA idctS<>+256(SB)/8, $0x0180018001800180 // range limit: -384
DATA idctS<>+264(SB)/8, $0x0180018001800180
DATA idctS<>+272(SB)/8, $0x0448044804480448 // 1096, the coefficient limit
DATA idctS<>+280(SB)/8, $0x0448044804480448
DATA idctS<>+288(SB)/8, $0xfbb8fbb8fbb8fbb8 // -1096
DATA idctS<>+296(SB)/8, $0xfbb8fbb8fbb8fbb8
// 304 bytes: the linker aligns it to 32, so every 16-byte constant is
// aligned for SSE2's memory operands.
GLOBL idctS<>(SB), RODATA|NOPTR, $304

#define S(off) idctS<>+off(SB)

// DEQ dequantizes row R of the block (8 int16 at SI) by the table (8
// int32 at DX) into the workspace at DI: the 32-bit products saturated to
// 16 bits, whose largest and smallest values go into X14 and X15.
#define DEQ(R) \
	MOVOU (16*R)(SI), X0; \
	MOVOU (32*R)(DX), X1; \
	MOVOU (32*R+16)(DX), X2; \
	PACKSSLW X2, X1; \
	MOVO X0, X2; \
	PMULHW X1, X2; \
	PMULLW X1, X0; \
	MOVO X0, X1; \
	PUNPCKLWL X2, X0; \
	PUNPCKHWL X2, X1; \
	PACKSSLW X1, X0; \
	PMAXSW X0, X14; \
	PMINSW X0, X15; \
	MOVO X0, (16*R)(DI)

// ODD leaves in OA and OB the even value E plus and minus the odd
// output whose constants are at KA (x7, x5) and KB (x3, x1); the pairs are
// in X11 (x7, x5) and X13 (x3, x1).
#define ODD(E, KA, KB, OA, OB) \
	MOVO X11, X14; \
	PMADDWL S(KA), X14; \
	MOVO X13, X15; \
	PMADDWL S(KB), X15; \
	PADDL X15, X14; \
	MOVO E, OA; \
	PADDL X14, OA; \
	MOVO E, OB; \
	PSUBL X14, OB

// HALF transforms four of the eight lanes (the low four with UNPCK =
// PUNPCKLWL, the high four with PUNPCKHWL) of the 8 rows of int16 at DI
// along the rows: outputs 0..7 in X0..X7 as int32, with RND added and
// shifted right by SH.
#define HALF(UNPCK, RND, SH) \
	MOVO 0(DI), X8; \
	UNPCK 64(DI), X8; \
	MOVO X8, X9; \
	PMADDWL S(0), X8; \
	PMADDWL S(16), X9; \
	PADDL S(RND), X8; \
	PADDL S(RND), X9; \
	MOVO 32(DI), X10; \
	UNPCK 96(DI), X10; \
	MOVO X10, X11; \
	PMADDWL S(32), X10; \
	PMADDWL S(48), X11; \
	MOVO X8, X12; \
	PSUBL X10, X12; \
	PADDL X10, X8; \
	MOVO X9, X10; \
	PSUBL X11, X10; \
	PADDL X11, X9; \
	MOVO 112(DI), X11; \
	UNPCK 80(DI), X11; \
	MOVO 48(DI), X13; \
	UNPCK 16(DI), X13; \
	ODD(X8, 64, 80, X0, X7); \
	ODD(X9, 96, 112, X1, X6); \
	ODD(X10, 128, 144, X2, X5); \
	ODD(X12, 160, 176, X3, X4); \
	PSRAL $SH, X0; \
	PSRAL $SH, X1; \
	PSRAL $SH, X2; \
	PSRAL $SH, X3; \
	PSRAL $SH, X4; \
	PSRAL $SH, X5; \
	PSRAL $SH, X6; \
	PSRAL $SH, X7

// PASS transforms the 8 rows of int16 at DI along the rows into X0..X7
// (output k in Xk, eight int16 lanes), through the 128 bytes at BX.
#define PASS(RND, SH) \
	HALF(PUNPCKLWL, RND, SH); \
	MOVO X0, 0(BX); \
	MOVO X1, 16(BX); \
	MOVO X2, 32(BX); \
	MOVO X3, 48(BX); \
	MOVO X4, 64(BX); \
	MOVO X5, 80(BX); \
	MOVO X6, 96(BX); \
	MOVO X7, 112(BX); \
	HALF(PUNPCKHWL, RND, SH); \
	MOVO 0(BX), X8; \
	PACKSSLW X0, X8; \
	MOVO X8, X0; \
	MOVO 16(BX), X8; \
	PACKSSLW X1, X8; \
	MOVO X8, X1; \
	MOVO 32(BX), X8; \
	PACKSSLW X2, X8; \
	MOVO X8, X2; \
	MOVO 48(BX), X8; \
	PACKSSLW X3, X8; \
	MOVO X8, X3; \
	MOVO 64(BX), X8; \
	PACKSSLW X4, X8; \
	MOVO X8, X4; \
	MOVO 80(BX), X8; \
	PACKSSLW X5, X8; \
	MOVO X8, X5; \
	MOVO 96(BX), X8; \
	PACKSSLW X6, X8; \
	MOVO X8, X6; \
	MOVO 112(BX), X8; \
	PACKSSLW X7, X8; \
	MOVO X8, X7

// TRANSPOSE transposes the 8x8 int16 matrix in X0..X7 (a row a register)
// by words and double words, leaving rows 0..7 of the result in the
// quadword pairs (X0 low, X4 low), (X0 high, X4 high), (X1, X5) low and
// high, (X2, X6), (X3, X7); X8..X15 are scratch.
#define TRANSPOSE \
	MOVO X0, X8; \
	PUNPCKLWL X1, X8; \
	MOVO X0, X9; \
	PUNPCKHWL X1, X9; \
	MOVO X2, X10; \
	PUNPCKLWL X3, X10; \
	MOVO X2, X11; \
	PUNPCKHWL X3, X11; \
	MOVO X4, X12; \
	PUNPCKLWL X5, X12; \
	MOVO X4, X13; \
	PUNPCKHWL X5, X13; \
	MOVO X6, X14; \
	PUNPCKLWL X7, X14; \
	MOVO X6, X15; \
	PUNPCKHWL X7, X15; \
	MOVO X8, X0; \
	PUNPCKLLQ X10, X0; \
	MOVO X8, X1; \
	PUNPCKHLQ X10, X1; \
	MOVO X9, X2; \
	PUNPCKLLQ X11, X2; \
	MOVO X9, X3; \
	PUNPCKHLQ X11, X3; \
	MOVO X12, X4; \
	PUNPCKLLQ X14, X4; \
	MOVO X12, X5; \
	PUNPCKHLQ X14, X5; \
	MOVO X13, X6; \
	PUNPCKLLQ X15, X6; \
	MOVO X13, X7; \
	PUNPCKHLQ X15, X7

// ROWS stores the transposed rows of A and B (see TRANSPOSE) at OFF and
// OFF+16 of DI.
#define ROWS(A, B, OFF) \
	MOVO A, X8; \
	PUNPCKLQDQ B, X8; \
	MOVO X8, OFF(DI); \
	PUNPCKHQDQ B, A; \
	MOVO A, (OFF+16)(DI)

// LIMIT applies libjpeg's range limit to 8 int16 outputs before the level
// shift: wrap modulo 1024 around -512..511, then +128; the byte pack
// clamps the -384..639 that gives to 0..255.
#define LIMIT(R) \
	PADDW X12, R; \
	PAND X13, R; \
	PSUBW X14, R

// OUT packs the transposed rows of A and B (see TRANSPOSE) to bytes and
// stores them at the rows at DI and DI+CX.
#define OUT(A, B) \
	MOVO A, X8; \
	PUNPCKLQDQ B, X8; \
	PUNPCKHQDQ B, A; \
	PACKUSWB A, X8; \
	MOVQ X8, (DI); \
	PSRLDQ $8, X8; \
	MOVQ X8, (DI)(CX*1); \
	LEAQ (DI)(CX*2), DI

// func idct8SSE2(b *Block, q *dequant, dst *byte, stride int) bool
TEXT ·idct8SSE2(SB), NOSPLIT, $272-33
	MOVQ b+0(FP), SI
	MOVQ q+8(FP), DX
	// Two 128-byte workspaces, 16-byte aligned: the rows at DI, pass
	// halves at BX.
	LEAQ ws-272(SP), DI
	ADDQ $15, DI
	ANDQ $-16, DI
	LEAQ 128(DI), BX

	PXOR X14, X14
	PXOR X15, X15
	DEQ(0)
	DEQ(1)
	DEQ(2)
	DEQ(3)
	DEQ(4)
	DEQ(5)
	DEQ(6)
	DEQ(7)
	PCMPGTW S(272), X14
	MOVOU S(288), X0
	PCMPGTW X15, X0
	POR X0, X14
	PMOVMSKB X14, AX
	TESTL AX, AX
	JNZ fail

	// Pass 1 down the columns (the rows of the block are the registers'
	// inputs), transposed back into the workspace; pass 2 along the rows.
	PASS(192, 11)
	TRANSPOSE
	ROWS(X0, X4, 0)
	ROWS(X1, X5, 32)
	ROWS(X2, X6, 64)
	ROWS(X3, X7, 96)
	PASS(208, 18)

	MOVOU S(224), X12
	MOVOU S(240), X13
	MOVOU S(256), X14
	LIMIT(X0)
	LIMIT(X1)
	LIMIT(X2)
	LIMIT(X3)
	LIMIT(X4)
	LIMIT(X5)
	LIMIT(X6)
	LIMIT(X7)
	TRANSPOSE
	MOVQ dst+16(FP), DI
	MOVQ stride+24(FP), CX
	OUT(X0, X4)
	OUT(X1, X5)
	OUT(X2, X6)
	OUT(X3, X7)
	MOVB $1, ret+32(FP)
	RET

fail:
	MOVB $0, ret+32(FP)
	RET
