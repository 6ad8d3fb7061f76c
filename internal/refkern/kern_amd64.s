//go:build !purego

#include "textflag.h"

// The read-modify-write kernels XOR every byte of two runs of n bytes, at
// p and at q, with 1, in lockstep: a whole number of unrolled steps (the
// caller passes n a multiple of the step: 256 bytes for AVX-512, 128 for
// AVX2, 64 for SSE2). Two streams keep more lines in flight than one, and
// on the project's VMs a one-stream pass ran 15-25% slower than a
// two-stream one, slower than ops' FlipV, which walks two rows at once.
// Each step first prefetches the lines pf bytes ahead in both runs (pf 0
// touches the lines being worked on, which costs nothing), then loads,
// XORs and stores with the widest registers of its kind. The XOR takes its
// operand from memory where the instruction set allows, so a step is one
// load and one store per register: the least an in-place pass can issue.

#define ONES_TO_GPR MOVQ $0x0101010101010101, AX

// func rmwAVX512(p, q *byte, n, pf int)
TEXT ·rmwAVX512(SB), NOSPLIT, $0-32
	MOVQ p+0(FP), DI
	MOVQ q+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ pf+24(FP), R8
	ONES_TO_GPR
	VPBROADCASTQ AX, Z0
	ADDQ DI, CX // CX is one past the end of the first run.

loop512:
	CMPQ DI, CX
	JAE  done512
	PREFETCHT0 (DI)(R8*1)
	PREFETCHT0 128(DI)(R8*1)
	PREFETCHT0 (SI)(R8*1)
	PREFETCHT0 128(SI)(R8*1)
	VPXORQ 0(DI), Z0, Z1
	VPXORQ 64(DI), Z0, Z2
	VPXORQ 128(DI), Z0, Z3
	VPXORQ 192(DI), Z0, Z4
	VPXORQ 0(SI), Z0, Z5
	VPXORQ 64(SI), Z0, Z6
	VPXORQ 128(SI), Z0, Z7
	VPXORQ 192(SI), Z0, Z8
	VMOVDQU64 Z1, 0(DI)
	VMOVDQU64 Z2, 64(DI)
	VMOVDQU64 Z3, 128(DI)
	VMOVDQU64 Z4, 192(DI)
	VMOVDQU64 Z5, 0(SI)
	VMOVDQU64 Z6, 64(SI)
	VMOVDQU64 Z7, 128(SI)
	VMOVDQU64 Z8, 192(SI)
	ADDQ $256, DI
	ADDQ $256, SI
	JMP  loop512

done512:
	VZEROUPPER
	RET

// func rmwAVX2(p, q *byte, n, pf int)
TEXT ·rmwAVX2(SB), NOSPLIT, $0-32
	MOVQ p+0(FP), DI
	MOVQ q+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ pf+24(FP), R8
	ONES_TO_GPR
	MOVQ AX, X0
	VPBROADCASTQ X0, Y0
	ADDQ DI, CX

loop256:
	CMPQ DI, CX
	JAE  done256
	PREFETCHT0 (DI)(R8*1)
	PREFETCHT0 64(DI)(R8*1)
	PREFETCHT0 (SI)(R8*1)
	PREFETCHT0 64(SI)(R8*1)
	VPXOR 0(DI), Y0, Y1
	VPXOR 32(DI), Y0, Y2
	VPXOR 64(DI), Y0, Y3
	VPXOR 96(DI), Y0, Y4
	VPXOR 0(SI), Y0, Y5
	VPXOR 32(SI), Y0, Y6
	VPXOR 64(SI), Y0, Y7
	VPXOR 96(SI), Y0, Y8
	VMOVDQU Y1, 0(DI)
	VMOVDQU Y2, 32(DI)
	VMOVDQU Y3, 64(DI)
	VMOVDQU Y4, 96(DI)
	VMOVDQU Y5, 0(SI)
	VMOVDQU Y6, 32(SI)
	VMOVDQU Y7, 64(SI)
	VMOVDQU Y8, 96(SI)
	ADDQ $128, DI
	ADDQ $128, SI
	JMP  loop256

done256:
	VZEROUPPER
	RET

// func rmwSSE2(p, q *byte, n, pf int)
//
// SSE2's PXOR needs an aligned memory operand, so the bytes are loaded
// with MOVOU first (the caller aligns p and q to 64 bytes anyway).
TEXT ·rmwSSE2(SB), NOSPLIT, $0-32
	MOVQ p+0(FP), DI
	MOVQ q+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ pf+24(FP), R8
	ONES_TO_GPR
	MOVQ AX, X0
	PUNPCKLQDQ X0, X0
	ADDQ DI, CX

loop128:
	CMPQ DI, CX
	JAE  done128
	PREFETCHT0 (DI)(R8*1)
	PREFETCHT0 (SI)(R8*1)
	MOVOU 0(DI), X1
	MOVOU 16(DI), X2
	MOVOU 32(DI), X3
	MOVOU 48(DI), X4
	MOVOU 0(SI), X5
	MOVOU 16(SI), X6
	MOVOU 32(SI), X7
	MOVOU 48(SI), X8
	PXOR X0, X1
	PXOR X0, X2
	PXOR X0, X3
	PXOR X0, X4
	PXOR X0, X5
	PXOR X0, X6
	PXOR X0, X7
	PXOR X0, X8
	MOVOU X1, 0(DI)
	MOVOU X2, 16(DI)
	MOVOU X3, 32(DI)
	MOVOU X4, 48(DI)
	MOVOU X5, 0(SI)
	MOVOU X6, 16(SI)
	MOVOU X7, 32(SI)
	MOVOU X8, 48(SI)
	ADDQ $64, DI
	ADDQ $64, SI
	JMP  loop128

done128:
	RET

// The copy kernels copy n bytes (a multiple of the step, as above) from src
// to dst with ordinary, temporal stores: the written lines stay in the
// cache, where the runtime's memmove streams large copies past it
// (VMOVNTDQ on AMD CPUs). They prefetch the source pf bytes ahead. A copy
// already walks two streams, the source and the destination.

// func copyAVX512(dst, src *byte, n, pf int)
TEXT ·copyAVX512(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ pf+24(FP), R8
	ADDQ SI, CX

copy512:
	CMPQ SI, CX
	JAE  copied512
	PREFETCHT0 (SI)(R8*1)
	PREFETCHT0 128(SI)(R8*1)
	VMOVDQU64 0(SI), Z1
	VMOVDQU64 64(SI), Z2
	VMOVDQU64 128(SI), Z3
	VMOVDQU64 192(SI), Z4
	VMOVDQU64 Z1, 0(DI)
	VMOVDQU64 Z2, 64(DI)
	VMOVDQU64 Z3, 128(DI)
	VMOVDQU64 Z4, 192(DI)
	ADDQ $256, SI
	ADDQ $256, DI
	JMP  copy512

copied512:
	VZEROUPPER
	RET

// func copyAVX2(dst, src *byte, n, pf int)
TEXT ·copyAVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ pf+24(FP), R8
	ADDQ SI, CX

copy256:
	CMPQ SI, CX
	JAE  copied256
	PREFETCHT0 (SI)(R8*1)
	PREFETCHT0 64(SI)(R8*1)
	VMOVDQU 0(SI), Y1
	VMOVDQU 32(SI), Y2
	VMOVDQU 64(SI), Y3
	VMOVDQU 96(SI), Y4
	VMOVDQU Y1, 0(DI)
	VMOVDQU Y2, 32(DI)
	VMOVDQU Y3, 64(DI)
	VMOVDQU Y4, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DI
	JMP  copy256

copied256:
	VZEROUPPER
	RET

// func copySSE2(dst, src *byte, n, pf int)
TEXT ·copySSE2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ pf+24(FP), R8
	ADDQ SI, CX

copy128:
	CMPQ SI, CX
	JAE  copied128
	PREFETCHT0 (SI)(R8*1)
	MOVOU 0(SI), X1
	MOVOU 16(SI), X2
	MOVOU 32(SI), X3
	MOVOU 48(SI), X4
	MOVOU X1, 0(DI)
	MOVOU X2, 16(DI)
	MOVOU X3, 32(DI)
	MOVOU X4, 48(DI)
	ADDQ $64, SI
	ADDQ $64, DI
	JMP  copy128

copied128:
	RET

// func cpuid(leaf, sub uint32) (a, b, c, d uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL leaf+0(FP), AX
	MOVL sub+4(FP), CX
	CPUID
	MOVL AX, a+8(FP)
	MOVL BX, b+12(FP)
	MOVL CX, c+16(FP)
	MOVL DX, d+20(FP)
	RET
