//go:build !purego

#include "textflag.h"

// The 2:1 downsamplers of downsample.go on 16 output samples a step with
// AVX2: VPMADDUBSW by ones sums each pair of bytes into a word, the
// alternating bias is a constant vector (outputs start at an even
// index), and the shifted words are packed back to bytes.

DATA dsOnes<>+0(SB)/8, $0x0101010101010101
DATA dsOnes<>+8(SB)/8, $0x0101010101010101
DATA dsOnes<>+16(SB)/8, $0x0101010101010101
DATA dsOnes<>+24(SB)/8, $0x0101010101010101
GLOBL dsOnes<>(SB), RODATA|NOPTR, $32
DATA dsBias01<>+0(SB)/8, $0x0001000000010000
DATA dsBias01<>+8(SB)/8, $0x0001000000010000
DATA dsBias01<>+16(SB)/8, $0x0001000000010000
DATA dsBias01<>+24(SB)/8, $0x0001000000010000
GLOBL dsBias01<>(SB), RODATA|NOPTR, $32
DATA dsBias12<>+0(SB)/8, $0x0002000100020001
DATA dsBias12<>+8(SB)/8, $0x0002000100020001
DATA dsBias12<>+16(SB)/8, $0x0002000100020001
DATA dsBias12<>+24(SB)/8, $0x0002000100020001
GLOBL dsBias12<>(SB), RODATA|NOPTR, $32

// func downH2V1AVX2(dst, src *byte, n int)
// n, the outputs, is a multiple of 16 above 0.
TEXT ·downH2V1AVX2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	VMOVDQU dsOnes<>(SB), Y15
	VMOVDQU dsBias01<>(SB), Y14
loop:
	VMOVDQU (SI), Y0
	VPMADDUBSW Y15, Y0, Y0
	VPADDW Y14, Y0, Y0
	VPSRLW $1, Y0, Y0
	VPACKUSWB Y0, Y0, Y0
	VPERMQ $0x08, Y0, Y0
	VMOVDQU X0, (DI)
	ADDQ $32, SI
	ADDQ $16, DI
	SUBQ $16, CX
	JNZ  loop
	VZEROUPPER
	RET

// func downH2V2AVX2(dst, src0, src1 *byte, n int)
TEXT ·downH2V2AVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ src0+8(FP), SI
	MOVQ src1+16(FP), DX
	MOVQ n+24(FP), CX
	VMOVDQU dsOnes<>(SB), Y15
	VMOVDQU dsBias12<>(SB), Y14
loop2:
	VMOVDQU (SI), Y0
	VMOVDQU (DX), Y1
	VPMADDUBSW Y15, Y0, Y0
	VPMADDUBSW Y15, Y1, Y1
	VPADDW Y1, Y0, Y0
	VPADDW Y14, Y0, Y0
	VPSRLW $2, Y0, Y0
	VPACKUSWB Y0, Y0, Y0
	VPERMQ $0x08, Y0, Y0
	VMOVDQU X0, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $16, DI
	SUBQ $16, CX
	JNZ  loop2
	VZEROUPPER
	RET

// The same with SSE2 alone, 8 outputs a step, for CPUs without AVX2:
// the even and odd bytes of each pair are split into words by a mask
// and a shift.
DATA dsLow<>+0(SB)/8, $0x00FF00FF00FF00FF
DATA dsLow<>+8(SB)/8, $0x00FF00FF00FF00FF
GLOBL dsLow<>(SB), RODATA|NOPTR, $16

// func downH2V1SSE2(dst, src *byte, n int)
// n, the outputs, is a multiple of 8 above 0.
TEXT ·downH2V1SSE2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	MOVOU dsLow<>(SB), X15
	MOVOU dsBias01<>(SB), X14
sloop:
	MOVOU (SI), X0
	MOVO X0, X1
	PAND X15, X0
	PSRLW $8, X1
	PADDW X1, X0
	PADDW X14, X0
	PSRLW $1, X0
	PACKUSWB X0, X0
	MOVQ X0, (DI)
	ADDQ $16, SI
	ADDQ $8, DI
	SUBQ $8, CX
	JNZ  sloop
	RET

// func downH2V2SSE2(dst, src0, src1 *byte, n int)
TEXT ·downH2V2SSE2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ src0+8(FP), SI
	MOVQ src1+16(FP), DX
	MOVQ n+24(FP), CX
	MOVOU dsLow<>(SB), X15
	MOVOU dsBias12<>(SB), X14
sloop2:
	MOVOU (SI), X0
	MOVOU (DX), X2
	MOVO X0, X1
	MOVO X2, X3
	PAND X15, X0
	PSRLW $8, X1
	PAND X15, X2
	PSRLW $8, X3
	PADDW X1, X0
	PADDW X3, X2
	PADDW X2, X0
	PADDW X14, X0
	PSRLW $2, X0
	PACKUSWB X0, X0
	MOVQ X0, (DI)
	ADDQ $16, SI
	ADDQ $16, DX
	ADDQ $8, DI
	SUBQ $8, CX
	JNZ  sloop2
	RET
