//go:build !purego

#include "textflag.h"

// YCbCr to RGB as ycc.go's yccToRGB does it, 16 pixels a step in SSE2,
// which every amd64 CPU has. SSE2 has no 32-bit multiply and its 16-bit
// ones keep only half of a product, so each product is split so that its
// rounding stays exact (x = Cb - 128 or Cr - 128):
//
//	(91881*x + 2^15) >> 16  = x + (26345*x + 2^15) >> 16
//	(116130*x + 2^15) >> 16 = 2*x + (-14942*x + 2^15) >> 16
//	(-22554*cb - 46802*cr + 2^15) >> 16 = -cr + (-22554*cb + 18734*cr + 2^15) >> 16
//
// (k*x + 2^15) >> 16 for 16-bit k is ((PMULHW(2*x, k) + 1) >> 1), since
// PMULHW(2*x, k) is floor(k*x / 2^15); the G sum is one PMADDWD. The
// saturating byte pack clamps; RGB is interleaved by unpacking to 4-byte
// pixels and squeezing out the fourth byte with shifts and masks.

DATA yccS<>+0(SB)/8, $0x0080008000800080 // 128 (centre of Cb, Cr)
DATA yccS<>+8(SB)/8, $0x0080008000800080
DATA yccS<>+16(SB)/8, $0x0001000100010001 // 1
DATA yccS<>+24(SB)/8, $0x0001000100010001
DATA yccS<>+32(SB)/8, $0x66e966e966e966e9 // FIX(1.402) - 2^16 = 26345
DATA yccS<>+40(SB)/8, $0x66e966e966e966e9
DATA yccS<>+48(SB)/8, $0xc5a2c5a2c5a2c5a2 // FIX(1.772) - 2^17 = -14942
DATA yccS<>+56(SB)/8, $0xc5a2c5a2c5a2c5a2
DATA yccS<>+64(SB)/8, $0x492ea7e6492ea7e6 // G: -FIX(0.34414) for Cb, 2^16 - FIX(0.71414) for Cr
DATA yccS<>+72(SB)/8, $0x492ea7e6492ea7e6
DATA yccS<>+80(SB)/8, $0x0000800000008000 // 2^15, G's rounding
DATA yccS<>+88(SB)/8, $0x0000800000008000
DATA yccS<>+96(SB)/8, $0x0000000000ffffff // bytes 0..2 of each quadword
DATA yccS<>+104(SB)/8, $0x0000000000ffffff
DATA yccS<>+112(SB)/8, $0x0000ffffff000000 // bytes 3..5 of each quadword
DATA yccS<>+120(SB)/8, $0x0000ffffff000000
DATA yccS<>+128(SB)/8, $0x0000ffffffffffff // bytes 0..5
DATA yccS<>+136(SB)/8, $0x0000000000000000
DATA yccS<>+144(SB)/8, $0xffff000000000000 // bytes 6..11
DATA yccS<>+152(SB)/8, $0x00000000ffffffff
// 160 bytes: the linker aligns it to 32, so every 16-byte constant is
// aligned for SSE2's memory operands.
GLOBL yccS<>(SB), RODATA|NOPTR, $160

#define S(off) yccS<>+off(SB)

// CONV converts 8 pixels, Y in YW and Cb - 128, Cr - 128 in CB, CR (int16
// lanes), into R, G, B (int16 lanes, not yet clamped); X9 and X10 are
// scratch.
#define CONV(YW, CB, CR, R, G, B) \
	MOVO CR, R; \
	PADDW R, R; \
	PMULHW S(32), R; \
	PADDW S(16), R; \
	PSRAW $1, R; \
	PADDW CR, R; \
	PADDW YW, R; \
	MOVO CB, B; \
	PADDW B, B; \
	PMULHW S(48), B; \
	PADDW S(16), B; \
	PSRAW $1, B; \
	PADDW CB, B; \
	PADDW CB, B; \
	PADDW YW, B; \
	MOVO CB, X9; \
	PUNPCKLWL CR, X9; \
	PMADDWL S(64), X9; \
	PADDL S(80), X9; \
	PSRAL $16, X9; \
	MOVO CB, X10; \
	PUNPCKHWL CR, X10; \
	PMADDWL S(64), X10; \
	PADDL S(80), X10; \
	PSRAL $16, X10; \
	PACKSSLW X10, X9; \
	PSUBW CR, X9; \
	PADDW YW, X9; \
	MOVO X9, G

// WIDEN puts the low (UNPCK = PUNPCKLBW) or high (PUNPCKHBW) 8 pixels of
// X0..X2 into X3 (Y) and X4, X5 (Cb, Cr centred on 0) as int16.
#define WIDEN(UNPCK) \
	MOVO X0, X3; \
	UNPCK X15, X3; \
	MOVO X1, X4; \
	UNPCK X15, X4; \
	PSUBW S(0), X4; \
	MOVO X2, X5; \
	UNPCK X15, X5; \
	PSUBW S(0), X5

// SQUEEZE turns 4 pixels of 4 bytes (R, G, B, 0) in P into 12 bytes of
// RGB at its bottom (the top 4 bytes zero); X4 is scratch.
#define SQUEEZE(P) \
	MOVO P, X4; \
	PSRLQ $8, X4; \
	PAND S(112), X4; \
	PAND S(96), P; \
	POR X4, P; \
	MOVO P, X4; \
	PSRLDQ $2, X4; \
	PAND S(144), X4; \
	PAND S(128), P; \
	POR X4, P

// func yccToRGBSSE2(dst, y, cb, cr *byte, n int) converts n pixels, n a
// multiple of 16.
TEXT ·yccToRGBSSE2(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ y+8(FP), SI
	MOVQ cb+16(FP), BX
	MOVQ cr+24(FP), DX
	MOVQ n+32(FP), CX
	PXOR X15, X15
	SHRQ $4, CX
	JZ done

loop:
	MOVOU (SI), X0
	MOVOU (BX), X1
	MOVOU (DX), X2
	WIDEN(PUNPCKLBW)
	CONV(X3, X4, X5, X11, X12, X13)
	WIDEN(PUNPCKHBW)
	CONV(X3, X4, X5, X6, X7, X8)
	PACKUSWB X6, X11 // R
	PACKUSWB X7, X12 // G
	PACKUSWB X8, X13 // B

	// Pixels as (R, G, B, 0): 0-3 in X2, 4-7 in X0, 8-11 in X3,
	// 12-15 in X11.
	MOVO X11, X0
	PUNPCKLBW X12, X0
	PUNPCKHBW X12, X11
	MOVO X13, X1
	PUNPCKLBW X15, X1
	PUNPCKHBW X15, X13
	MOVO X0, X2
	PUNPCKLWL X1, X2
	PUNPCKHWL X1, X0
	MOVO X11, X3
	PUNPCKLWL X13, X3
	PUNPCKHWL X13, X11
	SQUEEZE(X2)
	SQUEEZE(X0)
	SQUEEZE(X3)
	SQUEEZE(X11)

	// Four runs of 12 bytes into three stores of 16.
	MOVO X0, X4
	PSLLDQ $12, X4
	POR X4, X2
	MOVOU X2, 0(DI)
	PSRLDQ $4, X0
	MOVO X3, X4
	PSLLDQ $8, X4
	POR X4, X0
	MOVOU X0, 16(DI)
	PSRLDQ $8, X3
	PSLLDQ $4, X11
	POR X11, X3
	MOVOU X3, 32(DI)

	ADDQ $16, SI
	ADDQ $16, BX
	ADDQ $16, DX
	ADDQ $48, DI
	DECQ CX
	JNZ loop

done:
	RET
