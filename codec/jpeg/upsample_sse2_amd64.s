//go:build !purego

#include "textflag.h"

// Fancy h2v1 and h2v2 upsampling of upsample.go in SSE2, which every
// amd64 CPU has, 16 input samples (32 output samples) a step: the
// samples i-1, i and i+1 (for h2v2 the column sums 3*near + far) in
// 16-bit lanes, then the even output from 3*c[i] + c[i-1] and the odd one
// from 3*c[i] + c[i+1] with upsample.go's biases and shifts, the pair
// stored as one little-endian word.

DATA upS<>+0(SB)/8, $0x0008000800080008 // h2v2 bias, even outputs
DATA upS<>+8(SB)/8, $0x0008000800080008
DATA upS<>+16(SB)/8, $0x0007000700070007 // h2v2 bias, odd outputs
DATA upS<>+24(SB)/8, $0x0007000700070007
DATA upS<>+32(SB)/8, $0x0001000100010001 // h2v1 bias, even outputs
DATA upS<>+40(SB)/8, $0x0001000100010001
DATA upS<>+48(SB)/8, $0x0002000200020002 // h2v1 bias, odd outputs
DATA upS<>+56(SB)/8, $0x0002000200020002
// 64 bytes: the linker aligns it to 32, so every 16-byte constant is
// aligned for SSE2's memory operands.
GLOBL upS<>(SB), RODATA|NOPTR, $64

// WIDE puts the low or high 8 bytes of B (UNPCK = PUNPCKLBW or
// PUNPCKHBW) into R as words; X15 is zero.
#define WIDE(UNPCK, B, R) \
	MOVO B, R; \
	UNPCK X15, R

// CSUM puts 3*N + F, for the low or high 8 samples, into R; X12 is
// scratch.
#define CSUM(UNPCK, N, F, R) \
	WIDE(UNPCK, N, R); \
	MOVO R, X12; \
	PADDW R, R; \
	PADDW X12, R; \
	WIDE(UNPCK, F, X12); \
	PADDW X12, R

// PAIRS stores at OFF(DI) the 16 outputs (EVEN + 3*C + BE) >> SH and
// (ODD + 3*C + BO) >> SH, interleaved; EVEN and ODD are overwritten, X9
// is scratch.
#define PAIRS(C, EVEN, ODD, BE, BO, SH, OFF) \
	MOVO C, X9; \
	PADDW X9, X9; \
	PADDW C, X9; \
	PADDW X9, EVEN; \
	PADDW upS<>+BE(SB), EVEN; \
	PSRLW $SH, EVEN; \
	PADDW X9, ODD; \
	PADDW upS<>+BO(SB), ODD; \
	PSRLW $SH, ODD; \
	PSLLW $8, ODD; \
	POR ODD, EVEN; \
	MOVOU EVEN, OFF(DI)

// func upH2V2SSE2(dst, near, far *byte, n int)
// writes 2n outputs at dst for the n samples at near and far (n a
// multiple of 16); near[-1], far[-1], near[n] and far[n] must exist.
TEXT ·upH2V2SSE2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ near+8(FP), SI
	MOVQ far+16(FP), DX
	MOVQ n+24(FP), CX
	PXOR X15, X15
	SHRQ $4, CX
	JZ done2

loop2:
	MOVOU -1(SI), X0
	MOVOU 0(SI), X1
	MOVOU 1(SI), X2
	MOVOU -1(DX), X3
	MOVOU 0(DX), X4
	MOVOU 1(DX), X5
	CSUM(PUNPCKLBW, X1, X4, X6)
	CSUM(PUNPCKLBW, X0, X3, X7)
	CSUM(PUNPCKLBW, X2, X5, X8)
	PAIRS(X6, X7, X8, 0, 16, 4, 0)
	CSUM(PUNPCKHBW, X1, X4, X6)
	CSUM(PUNPCKHBW, X0, X3, X7)
	CSUM(PUNPCKHBW, X2, X5, X8)
	PAIRS(X6, X7, X8, 0, 16, 4, 16)
	ADDQ $16, SI
	ADDQ $16, DX
	ADDQ $32, DI
	DECQ CX
	JNZ loop2

done2:
	RET

// func upH2V1SSE2(dst, src *byte, n int)
// writes 2n outputs at dst for the n samples at src (n a multiple of
// 16); src[-1] and src[n] must exist.
TEXT ·upH2V1SSE2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	PXOR X15, X15
	SHRQ $4, CX
	JZ done1

loop1:
	MOVOU -1(SI), X0
	MOVOU 0(SI), X1
	MOVOU 1(SI), X2
	WIDE(PUNPCKLBW, X1, X6)
	WIDE(PUNPCKLBW, X0, X7)
	WIDE(PUNPCKLBW, X2, X8)
	PAIRS(X6, X7, X8, 32, 48, 2, 0)
	WIDE(PUNPCKHBW, X1, X6)
	WIDE(PUNPCKHBW, X0, X7)
	WIDE(PUNPCKHBW, X2, X8)
	PAIRS(X6, X7, X8, 32, 48, 2, 16)
	ADDQ $16, SI
	ADDQ $32, DI
	DECQ CX
	JNZ loop1

done1:
	RET
