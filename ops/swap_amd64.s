//go:build !purego

#include "textflag.h"

// func swap64Ahead(a, b *byte, n int, pa, pb *byte) int
//
// Exchanges the first n&^63 bytes at a and b, which do not overlap, 64
// bytes an iteration in four 16-byte loads and stores on each side (SSE2,
// in every amd64), and returns that count. Each iteration prefetches the
// next 64 bytes at pa and at pb, the rows to be exchanged next: the lower
// row of FlipV's pairs walks backwards through memory from row to row,
// which the hardware prefetcher does not follow.
TEXT ·swap64Ahead(SB), NOSPLIT, $0-48
	MOVQ a+0(FP), SI
	MOVQ b+8(FP), DI
	MOVQ n+16(FP), CX
	MOVQ pa+24(FP), R8
	MOVQ pb+32(FP), R9
	ANDQ $-64, CX
	XORQ AX, AX

loop:
	CMPQ AX, CX
	JGE  done
	PREFETCHT0 (R8)(AX*1)
	PREFETCHT0 (R9)(AX*1)
	MOVOU 0(SI)(AX*1), X0
	MOVOU 16(SI)(AX*1), X1
	MOVOU 32(SI)(AX*1), X2
	MOVOU 48(SI)(AX*1), X3
	MOVOU 0(DI)(AX*1), X4
	MOVOU 16(DI)(AX*1), X5
	MOVOU 32(DI)(AX*1), X6
	MOVOU 48(DI)(AX*1), X7
	MOVOU X4, 0(SI)(AX*1)
	MOVOU X5, 16(SI)(AX*1)
	MOVOU X6, 32(SI)(AX*1)
	MOVOU X7, 48(SI)(AX*1)
	MOVOU X0, 0(DI)(AX*1)
	MOVOU X1, 16(DI)(AX*1)
	MOVOU X2, 32(DI)(AX*1)
	MOVOU X3, 48(DI)(AX*1)
	ADDQ $64, AX
	JMP  loop

done:
	MOVQ CX, ret+40(FP)
	RET

// func swap256AVX512(a, b *byte, n int, pa, pb *byte) int
//
// swap64Ahead with AVX-512F: 256 bytes of each row an iteration, in four
// 64-byte loads and stores on each side, the floor's own step
// (internal/refkern's rmwAVX512 walks two streams the same way). It
// exchanges the first n&^255 bytes and returns that count.
TEXT ·swap256AVX512(SB), NOSPLIT, $0-48
	MOVQ a+0(FP), SI
	MOVQ b+8(FP), DI
	MOVQ n+16(FP), CX
	MOVQ pa+24(FP), R8
	MOVQ pb+32(FP), R9
	ANDQ $-256, CX
	XORQ AX, AX

loop512:
	CMPQ AX, CX
	JGE  done512
	PREFETCHT0 (R8)(AX*1)
	PREFETCHT0 64(R8)(AX*1)
	PREFETCHT0 128(R8)(AX*1)
	PREFETCHT0 192(R8)(AX*1)
	PREFETCHT0 (R9)(AX*1)
	PREFETCHT0 64(R9)(AX*1)
	PREFETCHT0 128(R9)(AX*1)
	PREFETCHT0 192(R9)(AX*1)
	VMOVDQU64 0(SI)(AX*1), Z0
	VMOVDQU64 64(SI)(AX*1), Z1
	VMOVDQU64 128(SI)(AX*1), Z2
	VMOVDQU64 192(SI)(AX*1), Z3
	VMOVDQU64 0(DI)(AX*1), Z4
	VMOVDQU64 64(DI)(AX*1), Z5
	VMOVDQU64 128(DI)(AX*1), Z6
	VMOVDQU64 192(DI)(AX*1), Z7
	VMOVDQU64 Z4, 0(SI)(AX*1)
	VMOVDQU64 Z5, 64(SI)(AX*1)
	VMOVDQU64 Z6, 128(SI)(AX*1)
	VMOVDQU64 Z7, 192(SI)(AX*1)
	VMOVDQU64 Z0, 0(DI)(AX*1)
	VMOVDQU64 Z1, 64(DI)(AX*1)
	VMOVDQU64 Z2, 128(DI)(AX*1)
	VMOVDQU64 Z3, 192(DI)(AX*1)
	ADDQ $256, AX
	JMP  loop512

done512:
	VZEROUPPER
	MOVQ CX, ret+40(FP)
	RET

// func swap128AVX2(a, b *byte, n int, pa, pb *byte) int
//
// swap256AVX512 with AVX2: 128 bytes of each row an iteration, in four
// 32-byte loads and stores on each side; it exchanges the first n&^127
// bytes and returns that count.
TEXT ·swap128AVX2(SB), NOSPLIT, $0-48
	MOVQ a+0(FP), SI
	MOVQ b+8(FP), DI
	MOVQ n+16(FP), CX
	MOVQ pa+24(FP), R8
	MOVQ pb+32(FP), R9
	ANDQ $-128, CX
	XORQ AX, AX

loop256:
	CMPQ AX, CX
	JGE  done256
	PREFETCHT0 (R8)(AX*1)
	PREFETCHT0 64(R8)(AX*1)
	PREFETCHT0 (R9)(AX*1)
	PREFETCHT0 64(R9)(AX*1)
	VMOVDQU 0(SI)(AX*1), Y0
	VMOVDQU 32(SI)(AX*1), Y1
	VMOVDQU 64(SI)(AX*1), Y2
	VMOVDQU 96(SI)(AX*1), Y3
	VMOVDQU 0(DI)(AX*1), Y4
	VMOVDQU 32(DI)(AX*1), Y5
	VMOVDQU 64(DI)(AX*1), Y6
	VMOVDQU 96(DI)(AX*1), Y7
	VMOVDQU Y4, 0(SI)(AX*1)
	VMOVDQU Y5, 32(SI)(AX*1)
	VMOVDQU Y6, 64(SI)(AX*1)
	VMOVDQU Y7, 96(SI)(AX*1)
	VMOVDQU Y0, 0(DI)(AX*1)
	VMOVDQU Y1, 32(DI)(AX*1)
	VMOVDQU Y2, 64(DI)(AX*1)
	VMOVDQU Y3, 96(DI)(AX*1)
	ADDQ $128, AX
	JMP  loop256

done256:
	VZEROUPPER
	MOVQ CX, ret+40(FP)
	RET
