//go:build !purego

#include "textflag.h"

// Fancy h2v2 upsampling of upsample.go in AVX2, 16 input samples (32
// output samples) a step: column sums 3*near + far in 16-bit lanes for
// samples i-1, i and i+1, then (3*c[i] + c[i-1] + 8) >> 4 and
// (3*c[i] + c[i+1] + 7) >> 4, the pair stored as one little-endian word.

DATA upK<>+0(SB)/2, $8
DATA upK<>+2(SB)/2, $7
GLOBL upK<>(SB), RODATA|NOPTR, $4

#define COLSUM(OFF, R) \
	VPMOVZXBW OFF(SI), R; \
	VPADDW R, R, Y7; \
	VPADDW Y7, R, R; \
	VPMOVZXBW OFF(DX), Y7; \
	VPADDW Y7, R, R

// func upH2V2AVX2(dst, near, far *byte, n int)
// writes 2n outputs at dst for the n samples at near and far (n a
// multiple of 16); near[-1], far[-1], near[n] and far[n] must exist.
TEXT ·upH2V2AVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ near+8(FP), SI
	MOVQ far+16(FP), DX
	MOVQ n+24(FP), CX
	VPBROADCASTW upK<>+0(SB), Y8
	VPBROADCASTW upK<>+2(SB), Y9
	SHRQ $4, CX
	JZ done

loop:
	COLSUM(-1, Y0)
	COLSUM(0, Y1)
	COLSUM(1, Y2)
	VPADDW Y1, Y1, Y3
	VPADDW Y1, Y3, Y3 // 3*c[i]
	VPADDW Y3, Y0, Y0
	VPADDW Y8, Y0, Y0
	VPSRLW $4, Y0, Y0 // even outputs
	VPADDW Y3, Y2, Y2
	VPADDW Y9, Y2, Y2
	VPSRLW $4, Y2, Y2 // odd outputs
	VPSLLW $8, Y2, Y2
	VPOR Y2, Y0, Y0
	VMOVDQU Y0, 0(DI)
	ADDQ $16, SI
	ADDQ $16, DX
	ADDQ $32, DI
	DECQ CX
	JNZ loop

done:
	VZEROUPPER
	RET
