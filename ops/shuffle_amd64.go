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

// bytePermuter permutes the channels of rows of 3- or 4-byte pixels in
// place in assembly: whole 192-byte blocks with AVX-512 VBMI, then what
// SSSE3 can take of the rest, where the CPU has them. Its tables are built
// once for a band of rows.
type bytePermuter struct {
	c      int // bytes per pixel; 0 when no kernel takes the pixels
	perm   [4]int
	vbmi   bool
	built  bool // table holds the VBMI permutation
	masks3 [7][16]byte
	mask4  [16]byte
	table  vbmiTable
}

// newBytePermuter returns a permuter of c-byte pixels, new channel k being
// old channel perm[k].
func newBytePermuter(c int, perm [4]int) bytePermuter {
	var p bytePermuter
	if !hasSSSE3 || (c != 3 && c != 4) {
		return p
	}
	p.c, p.vbmi, p.perm = c, hasVBMI, perm
	if c == 3 {
		p.masks3 = permuteMasks3(perm)
	} else {
		for j := range p.mask4 {
			p.mask4[j] = byte(4*(j/4) + perm[j%4]&3)
		}
	}
	return p
}

// permute permutes the leading pixels of row and returns the bytes done;
// the caller does the rest.
func (p *bytePermuter) permute(row []byte) int {
	done := 0
	if p.vbmi && len(row) >= 192 {
		p.buildTable()
		done = permute192VBMI(&row[0], len(row), &p.table)
	}
	rest := row[done:]
	if len(rest) < 64 {
		return done
	}
	switch p.c {
	case 3:
		done += shuffle3SSSE3(&rest[0], len(rest), &p.masks3)
	case 4:
		done += shuffle4SSSE3(&rest[0], len(rest), &p.mask4)
	}
	return done
}

// permuteRun permutes the pixels of run, which holds whole pixels, and
// returns the bytes done; the caller does the rest. With AVX-512 VBMI it
// walks the two halves of run at once, as the floor does, then what is
// left as permute does.
func (p *bytePermuter) permuteRun(run []byte) int {
	done := 0
	if half := len(run) / 2 / 192 * 192; p.vbmi && half > 0 {
		p.buildTable()
		done = 2 * permute192x2VBMI(&run[0], &run[half], half, &p.table)
	}
	return done + p.permute(run[done:])
}

// buildTable builds the VBMI table on first use: a microsecond that rows
// too short for the kernel should not pay.
func (p *bytePermuter) buildTable() {
	if !p.built {
		p.table, p.built = permuteTable(p.c, p.perm), true
	}
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
