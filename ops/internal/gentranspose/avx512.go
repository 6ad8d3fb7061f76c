package main

import (
	"fmt"
	"strings"
)

// avx512 returns transpose_avx512_amd64.s: 16 x 16 blocks in ZMM registers.
func avx512() string {
	var b strings.Builder
	b.WriteString(header)
	b.WriteString(`
// The AVX-512 transposes move blocks of 16 x 16 pixels along a strip of 16
// destination rows: block b reads, for k = 0 to 15, the 16 pixels that
// follow one another in memory from s + (16b+k)*ssx (a source column of the
// block), spreads them to the 16 dwords of register k, transposes the 16
// registers as a 16 x 16 matrix of dwords, and packs and stores register j
// (now row j) at d + j*dsy + 16*b*size. A pixel never crosses a dword, so
// 1-, 3- and 4-byte pixels differ only in how they are spread and packed.
// Registers: DI the block's destination, R9 the row step, R10 three of
// them; SI the block's source, DX the column step, R11 three of them; R12
// and R13 walk the columns and rows of a block; CX counts blocks.
`)
	kernels := []struct {
		size, step int
		doc        string
		load       []string // per column, into {z}
		spread     bool     // VPERMB by spread3 in the load, by pack3 before the store
		store      []string // per row, of the strip's last block
	}{
		{3, 48, `3-byte pixels: a column is 48 bytes, spread by spread3 from a 64-byte
// load (so 16 bytes past each column are read: the caller keeps them in
// the buffer); pack3 packs a row back to 48 bytes, stored as 64 bytes
// that the next block overwrites, and through a byte mask (K1) in the
// strip's last block. On the project's AMD EPYC, byte-masked loads made
// the kernel 2x slower, and loads folded into VPERMB 1.3x. Needs AVX-512
// BW and VBMI.`,
			[]string{"VMOVDQU64 {a}, {z}", "VPERMB {z}, Z31, {z}"}, true, []string{"VMOVDQU8 {z}, K1, {a}"}},
		{4, 64, `4-byte pixels: a column and a row are 64 bytes and need neither
// spreading nor packing. Needs AVX-512F.`,
			[]string{"VMOVDQU32 {a}, {z}"}, false, []string{"VMOVDQU32 {z}, {a}"}},
		{1, 16, `1-byte pixels: a column of 16 bytes is widened to dwords on the way
// in, and a row narrowed back on the way out. Needs AVX-512F.`,
			[]string{"VPMOVZXBD {a}, {z}"}, false, []string{"VPMOVDB {z}, {a}"}},
	}
	for _, k := range kernels {
		n := k.size
		fmt.Fprintf(&b, "\n// func transposeStrip%dAVX512(d *byte, dsy int, s *byte, ssx int, n int)\n//\n// %s\nTEXT ·transposeStrip%dAVX512(SB), NOSPLIT, $0-40\n", n, k.doc, n)
		b.WriteString(setup)
		if k.spread {
			b.WriteString("\tMOVQ $0xffffffffffff, AX\n\tKMOVQ AX, K1\n")
		}
		fmt.Fprintf(&b, "\tTESTQ CX, CX\n\tJZ   done%d\n\nloop%d:\n", n, n)
		if k.spread {
			b.WriteString("\tVMOVDQU64 spread3<>(SB), Z31\n")
		}
		load(&b, 16, k.load, zmm(0))
		transpose512(&b)
		if k.spread {
			b.WriteString("\tVMOVDQU64 pack3<>(SB), Z31\n")
			for r := range 16 {
				fmt.Fprintf(&b, "\tVPERMB Z%d, Z31, Z%d\n", r, r)
			}
			// Full 64-byte stores but in the strip's last block, whose
			// 16 bytes past a row may be outside the destination.
			fmt.Fprintf(&b, "\tCMPQ CX, $1\n\tJEQ  last%d\n", n)
			rows.emit(&b, 16, []string{"VMOVDQU64 {z}, {a}"}, zmm(0))
			fmt.Fprintf(&b, "\tADDQ $%d, DI\n\tDECQ CX\n\tJMP  loop%d\n\nlast%d:\n", k.step, n, n)
			rows.emit(&b, 16, k.store, zmm(0))
			fmt.Fprintf(&b, "\ndone%d:\n\tVZEROUPPER\n\tRET\n", n)
			continue
		}
		rows.emit(&b, 16, k.store, zmm(0))
		fmt.Fprintf(&b, "\tADDQ $%d, DI\n\tDECQ CX\n\tJNZ  loop%d\n\ndone%d:\n\tVZEROUPPER\n\tRET\n", k.step, n, n)
	}

	var spread, pack []byte
	for j := range byte(16) {
		spread = append(spread, 3*j, 3*j+1, 3*j+2, 3*j+2)
		pack = append(pack, 4*j, 4*j+1, 4*j+2)
	}
	pack = append(pack, make([]byte, 16)...)
	b.WriteString("\n// spread3 takes pixel j (bytes 3j to 3j+2) to dword j; the fourth byte\n// repeats the third and is dropped by pack3.\n")
	table(&b, "spread3", spread)
	b.WriteString("\n// pack3 takes the low three bytes of dword j to bytes 3j to 3j+2.\n")
	table(&b, "pack3", pack)
	return b.String()
}

// transpose512 transposes Z0-Z15 as a 16 x 16 matrix of dwords, through
// Z16-Z31: unpacks by dwords and qwords, then two rounds of 128-bit lane
// shuffles.
func transpose512(b *strings.Builder) {
	b.WriteString("\t// Pairs of rows, interleaved by dwords.\n")
	for i := range 8 {
		a, c := 2*i, 2*i+1
		fmt.Fprintf(b, "\tVPUNPCKLDQ Z%d, Z%d, Z%d\n\tVPUNPCKHDQ Z%d, Z%d, Z%d\n", c, a, 16+a, c, a, 16+c)
	}
	b.WriteString("\t// By qwords: lane L of register 4i+m now holds row 4L+m, columns\n\t// 4i to 4i+3.\n")
	for i := range 4 {
		t := 16 + 4*i
		fmt.Fprintf(b, "\tVPUNPCKLQDQ Z%d, Z%d, Z%d\n\tVPUNPCKHQDQ Z%d, Z%d, Z%d\n", t+2, t, 4*i, t+2, t, 4*i+1)
		fmt.Fprintf(b, "\tVPUNPCKLQDQ Z%d, Z%d, Z%d\n\tVPUNPCKHQDQ Z%d, Z%d, Z%d\n", t+3, t+1, 4*i+2, t+3, t+1, 4*i+3)
	}
	b.WriteString("\t// Row 4L+m is lane L of registers m, 4+m, 8+m and 12+m: pair the\n\t// lanes, then pick them.\n")
	for m := range 4 {
		t := 16 + 4*m
		fmt.Fprintf(b, "\tVSHUFI32X4 $0x44, Z%d, Z%d, Z%d\n\tVSHUFI32X4 $0xEE, Z%d, Z%d, Z%d\n", 4+m, m, t, 4+m, m, t+1)
		fmt.Fprintf(b, "\tVSHUFI32X4 $0x44, Z%d, Z%d, Z%d\n\tVSHUFI32X4 $0xEE, Z%d, Z%d, Z%d\n", 12+m, 8+m, t+2, 12+m, 8+m, t+3)
	}
	for m := range 4 {
		t := 16 + 4*m
		fmt.Fprintf(b, "\tVSHUFI32X4 $0x88, Z%d, Z%d, Z%d\n\tVSHUFI32X4 $0xDD, Z%d, Z%d, Z%d\n", t+2, t, m, t+2, t, 4+m)
		fmt.Fprintf(b, "\tVSHUFI32X4 $0x88, Z%d, Z%d, Z%d\n\tVSHUFI32X4 $0xDD, Z%d, Z%d, Z%d\n", t+3, t+1, 8+m, t+3, t+1, 12+m)
	}
}
