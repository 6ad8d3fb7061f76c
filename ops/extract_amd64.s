//go:build !purego

#include "textflag.h"

// PSHUFB masks that gather channel i of sixteen 3-byte pixels held in three
// registers (48 bytes) into one: the three masks for channel i start at
// 48*i, one per input register. A mask byte 0x80 gives 0.
DATA extract3<>+0x000(SB)/8, $0x80800f0c09060300
DATA extract3<>+0x008(SB)/8, $0x8080808080808080
DATA extract3<>+0x010(SB)/8, $0x0502808080808080
DATA extract3<>+0x018(SB)/8, $0x80808080800e0b08
DATA extract3<>+0x020(SB)/8, $0x8080808080808080
DATA extract3<>+0x028(SB)/8, $0x0d0a070401808080
DATA extract3<>+0x030(SB)/8, $0x8080800d0a070401
DATA extract3<>+0x038(SB)/8, $0x8080808080808080
DATA extract3<>+0x040(SB)/8, $0x0603008080808080
DATA extract3<>+0x048(SB)/8, $0x80808080800f0c09
DATA extract3<>+0x050(SB)/8, $0x8080808080808080
DATA extract3<>+0x058(SB)/8, $0x0e0b080502808080
DATA extract3<>+0x060(SB)/8, $0x8080800e0b080502
DATA extract3<>+0x068(SB)/8, $0x8080808080808080
DATA extract3<>+0x070(SB)/8, $0x0704018080808080
DATA extract3<>+0x078(SB)/8, $0x8080808080800d0a
DATA extract3<>+0x080(SB)/8, $0x8080808080808080
DATA extract3<>+0x088(SB)/8, $0x0f0c090603008080
GLOBL extract3<>(SB), RODATA|NOPTR, $144

// The same for sixteen 4-byte pixels in four registers: the four masks for
// channel i start at 64*i.
DATA extract4<>+0x000(SB)/8, $0x808080800c080400
DATA extract4<>+0x008(SB)/8, $0x8080808080808080
DATA extract4<>+0x010(SB)/8, $0x0c08040080808080
DATA extract4<>+0x018(SB)/8, $0x8080808080808080
DATA extract4<>+0x020(SB)/8, $0x8080808080808080
DATA extract4<>+0x028(SB)/8, $0x808080800c080400
DATA extract4<>+0x030(SB)/8, $0x8080808080808080
DATA extract4<>+0x038(SB)/8, $0x0c08040080808080
DATA extract4<>+0x040(SB)/8, $0x808080800d090501
DATA extract4<>+0x048(SB)/8, $0x8080808080808080
DATA extract4<>+0x050(SB)/8, $0x0d09050180808080
DATA extract4<>+0x058(SB)/8, $0x8080808080808080
DATA extract4<>+0x060(SB)/8, $0x8080808080808080
DATA extract4<>+0x068(SB)/8, $0x808080800d090501
DATA extract4<>+0x070(SB)/8, $0x8080808080808080
DATA extract4<>+0x078(SB)/8, $0x0d09050180808080
DATA extract4<>+0x080(SB)/8, $0x808080800e0a0602
DATA extract4<>+0x088(SB)/8, $0x8080808080808080
DATA extract4<>+0x090(SB)/8, $0x0e0a060280808080
DATA extract4<>+0x098(SB)/8, $0x8080808080808080
DATA extract4<>+0x0a0(SB)/8, $0x8080808080808080
DATA extract4<>+0x0a8(SB)/8, $0x808080800e0a0602
DATA extract4<>+0x0b0(SB)/8, $0x8080808080808080
DATA extract4<>+0x0b8(SB)/8, $0x0e0a060280808080
DATA extract4<>+0x0c0(SB)/8, $0x808080800f0b0703
DATA extract4<>+0x0c8(SB)/8, $0x8080808080808080
DATA extract4<>+0x0d0(SB)/8, $0x0f0b070380808080
DATA extract4<>+0x0d8(SB)/8, $0x8080808080808080
DATA extract4<>+0x0e0(SB)/8, $0x8080808080808080
DATA extract4<>+0x0e8(SB)/8, $0x808080800f0b0703
DATA extract4<>+0x0f0(SB)/8, $0x8080808080808080
DATA extract4<>+0x0f8(SB)/8, $0x0f0b070380808080
GLOBL extract4<>(SB), RODATA|NOPTR, $256

// func extract3SSSE3(dst, src *byte, n, i int) int
TEXT ·extract3SSSE3(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ i+24(FP), AX
	IMULQ $48, AX
	LEAQ extract3<>(SB), R8
	ADDQ AX, R8
	MOVOU 0(R8), X8
	MOVOU 16(R8), X9
	MOVOU 32(R8), X10
	SHRQ $4, CX
	MOVQ CX, R9
	SHLQ $4, R9
	TESTQ CX, CX
	JZ   done3

loop3:
	MOVOU 0(SI), X0
	MOVOU 16(SI), X1
	MOVOU 32(SI), X2
	PSHUFB X8, X0
	PSHUFB X9, X1
	PSHUFB X10, X2
	POR X1, X0
	POR X2, X0
	MOVOU X0, 0(DI)
	ADDQ $48, SI
	ADDQ $16, DI
	DECQ CX
	JNZ  loop3

done3:
	MOVQ R9, ret+32(FP)
	RET

// func extract4SSSE3(dst, src *byte, n, i int) int
TEXT ·extract4SSSE3(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ i+24(FP), AX
	SHLQ $6, AX
	LEAQ extract4<>(SB), R8
	ADDQ AX, R8
	MOVOU 0(R8), X8
	MOVOU 16(R8), X9
	MOVOU 32(R8), X10
	MOVOU 48(R8), X11
	SHRQ $4, CX
	MOVQ CX, R9
	SHLQ $4, R9
	TESTQ CX, CX
	JZ   done4

loop4:
	MOVOU 0(SI), X0
	MOVOU 16(SI), X1
	MOVOU 32(SI), X2
	MOVOU 48(SI), X3
	PSHUFB X8, X0
	PSHUFB X9, X1
	PSHUFB X10, X2
	PSHUFB X11, X3
	POR X1, X0
	POR X3, X2
	POR X2, X0
	MOVOU X0, 0(DI)
	ADDQ $64, SI
	ADDQ $16, DI
	DECQ CX
	JNZ  loop4

done4:
	MOVQ R9, ret+32(FP)
	RET

// extract3SSSE3NT is extract3SSSE3 with non-temporal stores: dst must be
// 16-byte aligned.
//
// func extract3SSSE3NT(dst, src *byte, n, i int) int
TEXT ·extract3SSSE3NT(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ i+24(FP), AX
	IMULQ $48, AX
	LEAQ extract3<>(SB), R8
	ADDQ AX, R8
	MOVOU 0(R8), X8
	MOVOU 16(R8), X9
	MOVOU 32(R8), X10
	SHRQ $4, CX
	MOVQ CX, R9
	SHLQ $4, R9
	TESTQ CX, CX
	JZ   done3nt

loop3nt:
	MOVOU 0(SI), X0
	MOVOU 16(SI), X1
	MOVOU 32(SI), X2
	PSHUFB X8, X0
	PSHUFB X9, X1
	PSHUFB X10, X2
	POR X1, X0
	POR X2, X0
	MOVNTO X0, 0(DI)
	ADDQ $48, SI
	ADDQ $16, DI
	DECQ CX
	JNZ  loop3nt

done3nt:
	SFENCE
	MOVQ R9, ret+32(FP)
	RET

// extract4SSSE3NT is extract4SSSE3 with non-temporal stores: dst must be
// 16-byte aligned.
//
// func extract4SSSE3NT(dst, src *byte, n, i int) int
TEXT ·extract4SSSE3NT(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ i+24(FP), AX
	SHLQ $6, AX
	LEAQ extract4<>(SB), R8
	ADDQ AX, R8
	MOVOU 0(R8), X8
	MOVOU 16(R8), X9
	MOVOU 32(R8), X10
	MOVOU 48(R8), X11
	SHRQ $4, CX
	MOVQ CX, R9
	SHLQ $4, R9
	TESTQ CX, CX
	JZ   done4nt

loop4nt:
	MOVOU 0(SI), X0
	MOVOU 16(SI), X1
	MOVOU 32(SI), X2
	MOVOU 48(SI), X3
	PSHUFB X8, X0
	PSHUFB X9, X1
	PSHUFB X10, X2
	PSHUFB X11, X3
	POR X1, X0
	POR X3, X2
	POR X2, X0
	MOVNTO X0, 0(DI)
	ADDQ $64, SI
	ADDQ $16, DI
	DECQ CX
	JNZ  loop4nt

done4nt:
	SFENCE
	MOVQ R9, ret+32(FP)
	RET
