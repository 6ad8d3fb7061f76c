package main

import (
	"fmt"
	"strings"
)

// avx2 returns transpose_avx2_amd64.s: 8 x 8 blocks in YMM registers.
func avx2() string {
	var b strings.Builder
	b.WriteString(header)
	b.WriteString(`
// The AVX2 transposes are the AVX-512 ones (transpose_avx512_amd64.s) in
// blocks of 8 x 8 pixels: each of the 8 source columns of a block (8
// pixels, one after another in memory) is spread to the 8 dwords of a YMM
// register, the 8 registers are transposed as an 8 x 8 matrix of dwords,
// and each register, now a destination row, is packed back and stored.
// Registers: DI the block's destination, R9 the row step, R10 three of
// them; SI the block's source, DX the column step, R11 three of them; R12
// and R13 walk the columns and rows of a block; CX counts blocks.

// func transposeStrip3AVX2(d *byte, dsy int, s *byte, ssx int, n int)
//
// 3-byte pixels: a column is 24 bytes, read as a 32-byte load (8 bytes
// past each column are read: the caller keeps them in the buffer), its
// pixels 4-7 moved to the high lane by VPERMD and spread to dwords by
// VPSHUFB; a row is packed back to 24 bytes and stored as 32 bytes that the
// next block overwrites, as 16 + 8 bytes in the strip's last block.
TEXT ·transposeStrip3AVX2(SB), NOSPLIT, $0-40
`)
	b.WriteString(setup)
	b.WriteString("\tTESTQ CX, CX\n\tJZ   done3\n\nloop3:\n")
	b.WriteString("\tVMOVDQU lanes3<>(SB), Y15\n")
	load(&b, 8, []string{"VMOVDQU {a}, {z}", "VPERMD {z}, Y15, {z}", "VPSHUFB spread3x2<>(SB), {z}, {z}"}, ymm(0))
	transpose256(&b)
	b.WriteString("\tVMOVDQU packlanes3<>(SB), Y0\n")
	for k := range 8 {
		fmt.Fprintf(&b, "\tVPSHUFB pack3x2<>(SB), Y%d, Y%d\n\tVPERMD Y%d, Y0, Y%d\n", 8+k, 8+k, 8+k, 8+k)
	}
	b.WriteString("\tCMPQ CX, $1\n\tJEQ  last3\n")
	rows.emit(&b, 8, []string{"VMOVDQU {z}, {a}"}, ymm(8))
	b.WriteString("\tADDQ $24, DI\n\tDECQ CX\n\tJMP  loop3\n\nlast3:\n")
	// The strip's last block stores exactly 24 bytes a row.
	rows.emit(&b, 8, []string{"VMOVDQU {x}, {a}", "VEXTRACTI128 $1, {z}, X1", "MOVQ X1, 16{a}"}, ymm(8))
	b.WriteString("\ndone3:\n\tVZEROUPPER\n\tRET\n")

	b.WriteString(`
// func transposeStrip4AVX2(d *byte, dsy int, s *byte, ssx int, n int)
//
// 4-byte pixels: a column and a row are 32 bytes and need neither
// spreading nor packing.
TEXT ·transposeStrip4AVX2(SB), NOSPLIT, $0-40
`)
	b.WriteString(setup)
	b.WriteString("\tTESTQ CX, CX\n\tJZ   done4\n\nloop4:\n")
	load(&b, 8, []string{"VMOVDQU {a}, {z}"}, ymm(0))
	transpose256(&b)
	rows.emit(&b, 8, []string{"VMOVDQU {z}, {a}"}, ymm(8))
	b.WriteString("\tADDQ $32, DI\n\tDECQ CX\n\tJNZ  loop4\n\ndone4:\n\tVZEROUPPER\n\tRET\n")

	b.WriteString("\n// lanes3 moves dwords 3-6 (bytes 12-27: pixels 4-7) to the high lane.\n")
	table(&b, "lanes3", dwords(0, 1, 2, 3, 3, 4, 5, 6))
	var spread, pack []byte
	for j := range byte(4) {
		spread = append(spread, 3*j, 3*j+1, 3*j+2, 0x80)
		pack = append(pack, 4*j, 4*j+1, 4*j+2)
	}
	pack = append(pack, 0x80, 0x80, 0x80, 0x80)
	b.WriteString("\n// spread3x2 spreads the four pixels of the low 12 bytes of each lane to\n// its four dwords.\n")
	table(&b, "spread3x2", append(spread, spread...))
	b.WriteString("\n// pack3x2 packs the low three bytes of each dword of a lane to the lane's\n// low 12 bytes; packlanes3 joins the two lanes' 12 bytes.\n")
	table(&b, "pack3x2", append(pack, pack...))
	table(&b, "packlanes3", dwords(0, 1, 2, 4, 5, 6, 7, 7))
	return b.String()
}

// transpose256 transposes Y0-Y7 as an 8 x 8 matrix of dwords into Y8-Y15:
// unpacks by dwords and qwords, then one round of lane permutes.
func transpose256(b *strings.Builder) {
	b.WriteString("\t// Pairs of rows, interleaved by dwords, then by qwords: lane L of\n\t// register 4i+m holds row 4L+m, columns 4i to 4i+3.\n")
	for i := range 4 {
		a, c := 2*i, 2*i+1
		fmt.Fprintf(b, "\tVPUNPCKLDQ Y%d, Y%d, Y%d\n\tVPUNPCKHDQ Y%d, Y%d, Y%d\n", c, a, 8+a, c, a, 8+c)
	}
	for i := range 2 {
		t := 8 + 4*i
		fmt.Fprintf(b, "\tVPUNPCKLQDQ Y%d, Y%d, Y%d\n\tVPUNPCKHQDQ Y%d, Y%d, Y%d\n", t+2, t, 4*i, t+2, t, 4*i+1)
		fmt.Fprintf(b, "\tVPUNPCKLQDQ Y%d, Y%d, Y%d\n\tVPUNPCKHQDQ Y%d, Y%d, Y%d\n", t+3, t+1, 4*i+2, t+3, t+1, 4*i+3)
	}
	b.WriteString("\t// Row m is the low lanes of registers m and 4+m, row 4+m their high\n\t// lanes; the rows land in Y8-Y15.\n")
	for m := range 4 {
		fmt.Fprintf(b, "\tVPERM2I128 $0x20, Y%d, Y%d, Y%d\n\tVPERM2I128 $0x31, Y%d, Y%d, Y%d\n", 4+m, m, 8+m, 4+m, m, 12+m)
	}
}
