//go:build !purego

package ops

// shuffle3SSSE3 permutes the channels of the 3-byte pixels in the first
// n/48 48-byte blocks at p through masks (see permuteMasks3) and returns
// the bytes done.
//
//go:noescape
func shuffle3SSSE3(p *byte, n int, masks *[7][16]byte) int

// shuffle4SSSE3 permutes the channels of the 4-byte pixels in the first
// n/64 64-byte groups at p through mask and returns the bytes done.
//
//go:noescape
func shuffle4SSSE3(p *byte, n int, mask *[16]byte) int

// permuteBytesAsm permutes the channels of the c-byte pixels of row in
// place, new channel k being old channel perm[k], with SSSE3 when the CPU
// has it and c is 3 or 4, and returns the bytes done; the caller does the
// rest.
func permuteBytesAsm(row []byte, c int, perm [4]int) int {
	if !hasSSSE3 || len(row) < 64 {
		return 0
	}
	switch c {
	case 3:
		m := permuteMasks3(perm)
		return shuffle3SSSE3(&row[0], len(row), &m)
	case 4:
		var m [16]byte
		for j := range m {
			m[j] = byte(4*(j/4) + perm[j%4]&3)
		}
		return shuffle4SSSE3(&row[0], len(row), &m)
	}
	return 0
}

// permuteMasks3 returns the PSHUFB masks that permute the channels of the
// sixteen 3-byte pixels of a 48-byte block held in three registers: output
// register o takes from input register i through the mask for (o, i) in
// the order (0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 1), (2, 2). A
// channel moves at most two bytes, so no other pair is needed.
func permuteMasks3(perm [4]int) [7][16]byte {
	pairs := [7][2]int{{0, 0}, {0, 1}, {1, 0}, {1, 1}, {1, 2}, {2, 1}, {2, 2}}
	var m [7][16]byte
	for k, p := range pairs {
		for j := range m[k] {
			out := 16*p[0] + j
			in := 3*(out/3) + perm[out%3]
			if in/16 == p[1] {
				m[k][j] = byte(in % 16)
			} else {
				m[k][j] = 0x80
			}
		}
	}
	return m
}
