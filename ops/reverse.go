package ops

import (
	"encoding/binary"
	"math/bits"
)

// reverseRow reverses the order of the n-byte pixels of row in place, in
// portable Go.
func reverseRow(row []byte, n int) {
	switch n {
	case 1:
		reverse1(row)
	case 2:
		reverse2(row)
	case 3:
		reverse3(row)
	case 4:
		reverse4(row)
	case 8:
		reverse8(row)
	default:
		for i, j := 0, len(row)-n; i < j; i, j = i+n, j-n {
			swapPix(row, i, j, n)
		}
	}
}

// reverse1 reverses a slice of bytes, eight from each end at a time.
func reverse1(s []byte) {
	i, j := 0, len(s)
	for ; j-i >= 16; i, j = i+8, j-8 {
		a := binary.LittleEndian.Uint64(s[i:])
		b := binary.LittleEndian.Uint64(s[j-8:])
		binary.LittleEndian.PutUint64(s[i:], bits.ReverseBytes64(b))
		binary.LittleEndian.PutUint64(s[j-8:], bits.ReverseBytes64(a))
	}
	for j--; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// rev16x4 reverses the order of the four 16-bit lanes of x.
func rev16x4(x uint64) uint64 {
	x = bits.RotateLeft64(x, 32)
	return (x>>16)&0x0000ffff0000ffff | (x&0x0000ffff0000ffff)<<16
}

// reverse2 reverses the order of the 2-byte pixels of s.
func reverse2(s []byte) {
	i, j := 0, len(s)
	for ; j-i >= 16; i, j = i+8, j-8 {
		a := binary.LittleEndian.Uint64(s[i:])
		b := binary.LittleEndian.Uint64(s[j-8:])
		binary.LittleEndian.PutUint64(s[i:], rev16x4(b))
		binary.LittleEndian.PutUint64(s[j-8:], rev16x4(a))
	}
	for j -= 2; i < j; i, j = i+2, j-2 {
		s[i], s[j] = s[j], s[i]
		s[i+1], s[j+1] = s[j+1], s[i+1]
	}
}

// reverse4 reverses the order of the 4-byte pixels of s.
func reverse4(s []byte) {
	i, j := 0, len(s)
	for ; j-i >= 16; i, j = i+8, j-8 {
		a := binary.LittleEndian.Uint64(s[i:])
		b := binary.LittleEndian.Uint64(s[j-8:])
		binary.LittleEndian.PutUint64(s[i:], bits.RotateLeft64(b, 32))
		binary.LittleEndian.PutUint64(s[j-8:], bits.RotateLeft64(a, 32))
	}
	for j -= 4; i < j; i, j = i+4, j-4 {
		swapE[[4]byte](s, i, j)
	}
}

// reverse8 reverses the order of the 8-byte pixels of s.
func reverse8(s []byte) {
	for i, j := 0, len(s)-8; i < j; i, j = i+8, j-8 {
		a := binary.LittleEndian.Uint64(s[i:])
		b := binary.LittleEndian.Uint64(s[j:])
		binary.LittleEndian.PutUint64(s[i:], b)
		binary.LittleEndian.PutUint64(s[j:], a)
	}
}

// rev24x8 reverses the order of the eight 3-byte pixels of a 24-byte
// block held little endian in a0 (bytes 0-7), a1 (8-15) and a2 (16-23).
// Output byte 3k+j is input byte 21-3k+j; each output word gathers its
// bytes from at most two input words with one shift and one mask apiece,
// which takes half the instructions a byte of the 12-byte version needed
// (29 operations for 24 bytes against 15 for 12, before loop overhead).
func rev24x8(a0, a1, a2 uint64) (o0, o1, o2 uint64) {
	o0 = a2>>40 | a2<<8&0x0000ffffff000000 | a1>>8&0x00ff000000000000 | a2<<56
	o1 = a2>>8&0xff | a1>>24&0x00000000ffffff00 | a1<<24&0x00ffffff00000000 | a0<<8&0xff00000000000000
	o2 = a0>>56 | a1<<8&0xff00 | a0>>8&0x000000ffffff0000 | a0<<40
	return o0, o1, o2
}

// reverse3 reverses the order of the 3-byte pixels of s, eight from each
// end at a time.
func reverse3(s []byte) {
	le := binary.LittleEndian
	i, j := 0, len(s)
	for ; j-i >= 48; i, j = i+24, j-24 {
		a := s[i : i+24 : i+24]
		b := s[j-24 : j : j]
		a0, a1, a2 := rev24x8(le.Uint64(a), le.Uint64(a[8:]), le.Uint64(a[16:]))
		b0, b1, b2 := rev24x8(le.Uint64(b), le.Uint64(b[8:]), le.Uint64(b[16:]))
		le.PutUint64(a, b0)
		le.PutUint64(a[8:], b1)
		le.PutUint64(a[16:], b2)
		le.PutUint64(b, a0)
		le.PutUint64(b[8:], a1)
		le.PutUint64(b[16:], a2)
	}
	for j -= 3; i < j; i, j = i+3, j-3 {
		swapE[[3]byte](s, i, j)
	}
}
