//go:build !purego

#include "textflag.h"

// rowsSSE2 is rowsAVX2 (rgb_amd64.s, where the arithmetic is derived) in
// SSE2, which every amd64 CPU has, 8 pixels a step. SSE2 has neither
// byte shuffles nor PACKUSDW: the low word of G's 32-bit sum is the sum
// of two 16-bit low products, sign extension is an unpack and a shift,
// and RGB is interleaved by unpacking to 4-byte pixels and squeezing the
// fourth byte out with shifts and masks.

DATA yccS<>+0(SB)/8, $0x8080808080808080 // 128: x ^ 0x80 is x - 128 as a signed byte
DATA yccS<>+8(SB)/8, $0x8080808080808080
DATA yccS<>+16(SB)/8, $0x8000800080008000 // bias of Y*257
DATA yccS<>+24(SB)/8, $0x8000800080008000
DATA yccS<>+32(SB)/8, $0x7fff7fff7fff7fff // ~rem ^ 0x8000 = rem ^ 0x7fff
DATA yccS<>+40(SB)/8, $0x7fff7fff7fff7fff
DATA yccS<>+48(SB)/8, $0x66e966e966e966e9 // 26345 = 91881 - 2^16
DATA yccS<>+56(SB)/8, $0x66e966e966e966e9
DATA yccS<>+64(SB)/8, $0xc5a2c5a2c5a2c5a2 // -14942 = 116130 - 2^17
DATA yccS<>+72(SB)/8, $0xc5a2c5a2c5a2c5a2
DATA yccS<>+80(SB)/8, $0x492ea7e6492ea7e6 // G: -22554 for Cb, 18734 = 2^16 - 46802 for Cr
DATA yccS<>+88(SB)/8, $0x492ea7e6492ea7e6
DATA yccS<>+96(SB)/8, $0xa7e6a7e6a7e6a7e6 // -22554
DATA yccS<>+104(SB)/8, $0xa7e6a7e6a7e6a7e6
DATA yccS<>+112(SB)/8, $0x492e492e492e492e // 18734
DATA yccS<>+120(SB)/8, $0x492e492e492e492e
DATA yccS<>+128(SB)/8, $0x0000000000ffffff // bytes 0-2 of each quadword
DATA yccS<>+136(SB)/8, $0x0000000000ffffff
DATA yccS<>+144(SB)/8, $0x0000ffffff000000 // bytes 3-5 of each quadword
DATA yccS<>+152(SB)/8, $0x0000ffffff000000
DATA yccS<>+160(SB)/8, $0x0000ffffffffffff // bytes 0-5
DATA yccS<>+168(SB)/8, $0x0000000000000000
DATA yccS<>+176(SB)/8, $0xffff000000000000 // bytes 6-11
DATA yccS<>+184(SB)/8, $0x00000000ffffffff
// 192 bytes: the linker aligns a symbol this large to 32, so every
// 16-byte constant is aligned for SSE2's memory operands.
GLOBL yccS<>(SB), RODATA|NOPTR, $192

#define S(off) yccS<>+off(SB)

// SCHAN computes one channel of 8 pixels into OUT: Y (words in X8) plus
// q, plus the carry (Y*257 ^ 0x8000 in X9 against N).
#define SCHAN(Q, N, OUT) \
	MOVO X9, X10; \
	PCMPGTW N, X10; \
	MOVO X8, OUT; \
	PADDW Q, OUT; \
	PSUBW X10, OUT

// SQUEEZE packs the four 4-byte pixels of X into its first 12 bytes.
#define SQUEEZE(X) \
	MOVO X, X14; \
	PSRLQ $8, X14; \
	PAND S(128), X; \
	PAND S(144), X14; \
	POR X14, X; \
	MOVO X, X14; \
	PSRLDQ $2, X14; \
	PAND S(160), X; \
	PAND S(176), X14; \
	POR X14, X

// SPIXELS converts the 8 luma bytes at YP with the chroma terms in X2-X7
// and writes 24 bytes of RGB at OP. X15 is zero.
#define SPIXELS(YP, OP) \
	MOVQ (YP), X8; \
	PUNPCKLBW X15, X8; \
	MOVO X8, X9; \
	PSLLW $8, X9; \
	POR X8, X9; \
	PXOR S(16), X9; \
	SCHAN(X2, X3, X11); \
	SCHAN(X6, X7, X12); \
	SCHAN(X4, X5, X13); \
	PACKUSWB X12, X11; \
	PACKUSWB X13, X13; \
	MOVO X11, X12; \
	PSRLDQ $8, X12; \
	PUNPCKLBW X12, X11; \
	PUNPCKLBW X15, X13; \
	MOVO X11, X12; \
	PUNPCKLWL X13, X11; \
	PUNPCKHWL X13, X12; \
	SQUEEZE(X11); \
	SQUEEZE(X12); \
	MOVO X12, X14; \
	PSLLDQ $12, X14; \
	POR X14, X11; \
	MOVOU X11, 0(OP); \
	PSRLDQ $4, X12; \
	MOVQ X12, 16(OP)

// func rowsSSE2(o0, o1, y0, y1, cb, cr *byte, n, flags int)
//
// is rowsAVX2 with n a multiple of 8.
TEXT ·rowsSSE2(SB), NOSPLIT, $0-64
	MOVQ o0+0(FP), DI
	MOVQ o1+8(FP), R8
	MOVQ y0+16(FP), SI
	MOVQ y1+24(FP), R9
	MOVQ cb+32(FP), BX
	MOVQ cr+40(FP), DX
	MOVQ n+48(FP), CX
	MOVQ flags+56(FP), R10
	PXOR X15, X15
	SHRQ $3, CX
	JZ done

loop:
	TESTQ $2, R10
	JZ full
	// 4 chroma samples, each twice.
	MOVL (BX), X0
	MOVL (DX), X1
	PUNPCKLBW X0, X0
	PUNPCKLBW X1, X1
	ADDQ $4, BX
	ADDQ $4, DX
	JMP chroma

full:
	MOVQ (BX), X0
	MOVQ (DX), X1
	ADDQ $8, BX
	ADDQ $8, DX

chroma:
	// Cb - 128 in X0, Cr - 128 in X1, 8 words each.
	PXOR S(0), X0
	PXOR S(0), X1
	PUNPCKLBW X0, X0
	PUNPCKLBW X1, X1
	PSRAW $8, X0
	PSRAW $8, X1

	// R: q in X2, rem ^ 0x7fff in X3.
	MOVO X1, X2
	PMULHW S(48), X2
	PADDW X1, X2
	MOVO X1, X3
	PMULLW S(48), X3
	PXOR S(32), X3

	// B: q in X4, rem ^ 0x7fff in X5.
	MOVO X0, X4
	PMULHW S(64), X4
	PADDW X0, X4
	PADDW X0, X4
	MOVO X0, X5
	PMULLW S(64), X5
	PXOR S(32), X5

	// G: q from the 32-bit sums in X8 (words 0-3) and X9 (4-7), in X6;
	// rem, the sum of the two low products, ^ 0x7fff in X7.
	MOVO X0, X8
	PUNPCKLWL X1, X8
	MOVO X0, X9
	PUNPCKHWL X1, X9
	PMADDWL S(80), X8
	PMADDWL S(80), X9
	PSRAL $16, X8
	PSRAL $16, X9
	PACKSSLW X9, X8
	PSUBW X1, X8
	MOVO X8, X6
	MOVO X0, X7
	PMULLW S(96), X7
	MOVO X1, X10
	PMULLW S(112), X10
	PADDW X10, X7
	PXOR S(32), X7

	SPIXELS(SI, DI)
	ADDQ $8, SI
	ADDQ $24, DI
	TESTQ $1, R10
	JZ next
	SPIXELS(R9, R8)
	ADDQ $8, R9
	ADDQ $24, R8

next:
	DECQ CX
	JNZ loop

done:
	RET
