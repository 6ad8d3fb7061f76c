//go:build !purego

#include "textflag.h"

// YCbCr to RGB with color.YCbCrToRGB's arithmetic, bit for bit, 16 pixels
// a step in 16-bit AVX2 lanes. For a chroma term c (91881*(Cr-128) for R,
// and so on), Go computes clamp((Y*0x10101 + c) >> 16). With c = q*2^16 +
// rem, 0 <= rem < 2^16, and Y*0x10101 = Y*2^16 + Y*257, that is
//
//	clamp(Y + q + carry), carry = 1 if Y*257 + rem >= 2^16, else 0,
//
// and carry is the signed compare (Y*257 ^ 0x8000) > (rem ^ 0x7fff). q
// and rem come from 16-bit products, the constants split so that each
// fits (x = Cb - 128 or Cr - 128):
//
//	91881*x  = x*2^16 + 26345*x           (R)
//	116130*x = 2*x*2^16 - 14942*x         (B)
//	-22554*cb - 46802*cr = -cr*2^16 + (-22554*cb + 18734*cr)   (G, one VPMADDWD)
//
// where k*x for 16-bit k is VPMULHW (q) and VPMULLW (rem). The unsigned
// byte pack clamps. ycbcr_test.go checks all 2^24 inputs.

DATA yccK<>+0(SB)/8, $0x0a02800901800800 // VPSHUFB: R, G to output bytes 0-15 of 8 pixels
DATA yccK<>+8(SB)/8, $0x05800c04800b0380
DATA yccK<>+16(SB)/8, $0x0a02800901800800
DATA yccK<>+24(SB)/8, $0x05800c04800b0380
DATA yccK<>+32(SB)/8, $0x8080018080008080 // B to output bytes 0-15
DATA yccK<>+40(SB)/8, $0x8004808003808002
DATA yccK<>+48(SB)/8, $0x8080018080008080
DATA yccK<>+56(SB)/8, $0x8004808003808002
DATA yccK<>+64(SB)/8, $0x800f07800e06800d // R, G to output bytes 16-23
DATA yccK<>+72(SB)/8, $0x8080808080808080
DATA yccK<>+80(SB)/8, $0x800f07800e06800d
DATA yccK<>+88(SB)/8, $0x8080808080808080
DATA yccK<>+96(SB)/8, $0x0780800680800580 // B to output bytes 16-23
DATA yccK<>+104(SB)/8, $0x8080808080808080
DATA yccK<>+112(SB)/8, $0x0780800680800580
DATA yccK<>+120(SB)/8, $0x8080808080808080
DATA yccK<>+128(SB)/8, $0x8000800080008000 // bias of Y*257
DATA yccK<>+136(SB)/8, $0x8000800080008000
DATA yccK<>+144(SB)/8, $0x8000800080008000
DATA yccK<>+152(SB)/8, $0x8000800080008000
DATA yccK<>+160(SB)/8, $0x7fff7fff7fff7fff // ~rem ^ 0x8000 = rem ^ 0x7fff
DATA yccK<>+168(SB)/8, $0x7fff7fff7fff7fff
DATA yccK<>+176(SB)/8, $0x7fff7fff7fff7fff
DATA yccK<>+184(SB)/8, $0x7fff7fff7fff7fff
DATA yccK<>+192(SB)/8, $0x66e966e966e966e9 // 26345 = 91881 - 2^16
DATA yccK<>+200(SB)/8, $0x66e966e966e966e9
DATA yccK<>+208(SB)/8, $0x66e966e966e966e9
DATA yccK<>+216(SB)/8, $0x66e966e966e966e9
DATA yccK<>+224(SB)/8, $0xc5a2c5a2c5a2c5a2 // -14942 = 116130 - 2^17
DATA yccK<>+232(SB)/8, $0xc5a2c5a2c5a2c5a2
DATA yccK<>+240(SB)/8, $0xc5a2c5a2c5a2c5a2
DATA yccK<>+248(SB)/8, $0xc5a2c5a2c5a2c5a2
DATA yccK<>+256(SB)/8, $0x492ea7e6492ea7e6 // G: -22554 for Cb, 18734 = 2^16 - 46802 for Cr
DATA yccK<>+264(SB)/8, $0x492ea7e6492ea7e6
DATA yccK<>+272(SB)/8, $0x492ea7e6492ea7e6
DATA yccK<>+280(SB)/8, $0x492ea7e6492ea7e6
DATA yccK<>+288(SB)/8, $0x0000ffff0000ffff // low word of each dword
DATA yccK<>+296(SB)/8, $0x0000ffff0000ffff
DATA yccK<>+304(SB)/8, $0x0000ffff0000ffff
DATA yccK<>+312(SB)/8, $0x0000ffff0000ffff
DATA yccK<>+320(SB)/8, $0x8080808080808080 // 128: x ^ 0x80 is x - 128 as a signed byte
DATA yccK<>+328(SB)/8, $0x8080808080808080
DATA yccK<>+336(SB)/8, $0x0303020201010000 // VPSHUFB: each of 8 chroma bytes twice
DATA yccK<>+344(SB)/8, $0x0707060605050404
GLOBL yccK<>(SB), RODATA|NOPTR, $352

#define K(off) yccK<>+off(SB)

// CHAN computes one channel of 16 pixels into OUT: Y (words in Y8) plus
// the chroma sample's q, plus the carry (Y*257 ^ 0x8000 in Y9 against N).
#define CHAN(Q, N, OUT, T) \
	VPCMPGTW N, Y9, OUT; \
	VPADDW Q, Y8, T; \
	VPSUBW OUT, T, OUT

// PIXELS converts the 16 luma bytes at YP with the chroma terms in Y2-Y7
// and writes 48 bytes of RGB at OP. Y13 holds the bias 0x8000.
#define PIXELS(YP, OP) \
	VPMOVZXBW (YP), Y8; \
	VPSLLW $8, Y8, Y9; \
	VPOR Y8, Y9, Y9; \
	VPXOR Y13, Y9, Y9; \
	CHAN(Y2, Y3, Y10, Y11); \
	CHAN(Y6, Y7, Y11, Y12); \
	CHAN(Y4, Y5, Y12, Y0); \
	VPACKUSWB Y11, Y10, Y10; \
	VPACKUSWB Y12, Y12, Y12; \
	VPSHUFB K(0), Y10, Y0; \
	VPSHUFB K(32), Y12, Y1; \
	VPOR Y1, Y0, Y0; \
	VPSHUFB K(64), Y10, Y10; \
	VPSHUFB K(96), Y12, Y12; \
	VPOR Y12, Y10, Y10; \
	VMOVDQU X0, 0(OP); \
	VMOVQ X10, 16(OP); \
	VEXTRACTI128 $1, Y0, 24(OP); \
	VEXTRACTI128 $1, Y10, X10; \
	VMOVQ X10, 40(OP)

// func rowsAVX2(o0, o1, y0, y1, cb, cr *byte, n, flags int)
//
// converts n pixels (a multiple of 16) of the luma row y0 into RGB at o0
// and, with flags&rowsTwo, of y1 into o1, both with the chroma rows cb
// and cr: one chroma sample a pixel, or with flags&rowsHalve one for each
// two pixels.
TEXT ·rowsAVX2(SB), NOSPLIT, $0-64
	MOVQ o0+0(FP), DI
	MOVQ o1+8(FP), R8
	MOVQ y0+16(FP), SI
	MOVQ y1+24(FP), R9
	MOVQ cb+32(FP), BX
	MOVQ cr+40(FP), DX
	MOVQ n+48(FP), CX
	MOVQ flags+56(FP), R10
	VMOVDQU K(128), Y13
	VMOVDQU K(192), Y14
	VMOVDQU K(160), Y15
	SHRQ $4, CX
	JZ done

loop:
	TESTQ $2, R10
	JZ full
	VMOVQ (BX), X0
	VMOVQ (DX), X1
	VPSHUFB K(336), X0, X0
	VPSHUFB K(336), X1, X1
	ADDQ $8, BX
	ADDQ $8, DX
	JMP chroma

full:
	VMOVDQU (BX), X0
	VMOVDQU (DX), X1
	ADDQ $16, BX
	ADDQ $16, DX

chroma:
	// Cb - 128 in Y0, Cr - 128 in Y1, 16 words each.
	VPXOR K(320), X0, X0
	VPXOR K(320), X1, X1
	VPMOVSXBW X0, Y0
	VPMOVSXBW X1, Y1

	// R: q in Y2, rem ^ 0x7fff in Y3.
	VPMULHW Y14, Y1, Y2
	VPADDW Y1, Y2, Y2
	VPMULLW Y14, Y1, Y3
	VPXOR Y15, Y3, Y3

	// B: q in Y4, rem ^ 0x7fff in Y5.
	VPMULHW K(224), Y0, Y4
	VPADDW Y0, Y4, Y4
	VPADDW Y0, Y4, Y4
	VPMULLW K(224), Y0, Y5
	VPXOR Y15, Y5, Y5

	// G: the 32-bit sum -22554*cb + 18734*cr in Y8 (words 0-3 of each
	// lane) and Y9 (words 4-7); q in Y6, rem ^ 0x7fff in Y7.
	VPUNPCKLWD Y1, Y0, Y8
	VPUNPCKHWD Y1, Y0, Y9
	VPMADDWD K(256), Y8, Y8
	VPMADDWD K(256), Y9, Y9
	VPSRAD $16, Y8, Y6
	VPSRAD $16, Y9, Y7
	VPACKSSDW Y7, Y6, Y6
	VPSUBW Y1, Y6, Y6
	VPAND K(288), Y8, Y8
	VPAND K(288), Y9, Y9
	VPACKUSDW Y9, Y8, Y7
	VPXOR Y15, Y7, Y7

	PIXELS(SI, DI)
	ADDQ $16, SI
	ADDQ $48, DI
	TESTQ $1, R10
	JZ next
	PIXELS(R9, R8)
	ADDQ $16, R9
	ADDQ $48, R8

next:
	DECQ CX
	JNZ loop

done:
	VZEROUPPER
	RET
