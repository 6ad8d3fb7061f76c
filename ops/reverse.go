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

// rev24x4 reverses the order of the four 3-byte pixels held little endian
// in the 12 bytes lo (bytes 0-7) and hi (bytes 8-11).
func rev24x4(lo uint64, hi uint32) (uint64, uint32) {
	p0 := lo & 0xffffff
	p1 := lo >> 24 & 0xffffff
	p2 := lo>>48 | uint64(hi&0xff)<<16
	p3 := uint64(hi >> 8)
	return p3 | p2<<24 | p1<<48, uint32(p1>>16 | p0<<8)
}

// reverse3 reverses the order of the 3-byte pixels of s, four from each
// end at a time.
func reverse3(s []byte) {
	i, j := 0, len(s)
	for ; j-i >= 24; i, j = i+12, j-12 {
		a := s[i : i+12 : i+12]
		b := s[j-12 : j : j]
		alo, ahi := rev24x4(binary.LittleEndian.Uint64(a), binary.LittleEndian.Uint32(a[8:]))
		blo, bhi := rev24x4(binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint32(b[8:]))
		binary.LittleEndian.PutUint64(a, blo)
		binary.LittleEndian.PutUint32(a[8:], bhi)
		binary.LittleEndian.PutUint64(b, alo)
		binary.LittleEndian.PutUint32(b[8:], ahi)
	}
	for j -= 3; i < j; i, j = i+3, j-3 {
		swapE[[3]byte](s, i, j)
	}
}
