package ops

import (
	"encoding/binary"
	"unsafe"
)

// tileSide is the side, in pixels, of the square tiles in which in-place
// transposes exchange pixels: a tile and its mirror stay in the first-level
// cache together.
const tileSide = 32

// tileRows and tileCols are the sides of the tiles in which copying
// transposes move pixels: tileRows destination rows by tileCols destination
// columns, which are tileCols source rows. Measured on 12 MP RGB24 (from
// 8x128 to 512x8), the shape matters little as long as a tile is a few
// kilobytes: the time goes to misses on the source rows, and a wide tile
// keeps many of them in flight at once.
const (
	tileRows = 32
	tileCols = 64
)

// copyPixelsTiled copies rows [y0, y1) of s into d, pixel by pixel in
// tiles, whatever the strides of either; pixels are p.b bytes.
func copyPixelsTiled(d []byte, dp pixGeom, s []byte, sp pixGeom, y0, y1 int) {
	switch dp.b {
	case 1:
		copyTiled[[1]byte](d, dp, s, sp, y0, y1)
	case 2:
		copyTiled[[2]byte](d, dp, s, sp, y0, y1)
	case 3:
		if dp.sx == 3 && srcSlack(s, sp) >= 1 {
			copyTiled3(d, dp, s, sp, y0, y1)
			return
		}
		copyTiled[[3]byte](d, dp, s, sp, y0, y1)
	case 4:
		copyTiled[[4]byte](d, dp, s, sp, y0, y1)
	case 6:
		copyTiled[[6]byte](d, dp, s, sp, y0, y1)
	case 8:
		copyTiled[[8]byte](d, dp, s, sp, y0, y1)
	case 12:
		copyTiled[[12]byte](d, dp, s, sp, y0, y1)
	case 16:
		copyTiled[[16]byte](d, dp, s, sp, y0, y1)
	default:
		for y := y0; y < y1; y++ {
			for x := 0; x < dp.w; x++ {
				i, j := dp.off+y*dp.sy+x*dp.sx, sp.off+y*sp.sy+x*sp.sx
				copy(d[i:i+dp.b], s[j:j+dp.b])
			}
		}
	}
}

// copyTiled copies rows [y0, y1) of s into d in tiles of E-sized pixels.
// Every index it forms is a pixel of a view, proven inside its buffer when
// the view was made.
func copyTiled[E any](d []byte, dp pixGeom, s []byte, sp pixGeom, y0, y1 int) {
	dbase := unsafe.Pointer(unsafe.SliceData(d))
	sbase := unsafe.Pointer(unsafe.SliceData(s))
	for by := y0; by < y1; by += tileRows {
		ey := min(by+tileRows, y1)
		for bx := 0; bx < dp.w; bx += tileCols {
			ex := min(bx+tileCols, dp.w)
			for y := by; y < ey; y++ {
				di := dp.off + y*dp.sy + bx*dp.sx
				si := sp.off + y*sp.sy + bx*sp.sx
				for x := bx; x < ex; x++ {
					*(*E)(unsafe.Add(dbase, di)) = *(*E)(unsafe.Add(sbase, si))
					di += dp.sx
					si += sp.sx
				}
			}
		}
	}
}

// transposePixelsTiled exchanges pixel (y, x) with (x, y), x > y, in the
// tile rows [t0, t1) of a square layout.
func transposePixelsTiled(b []byte, p pixGeom, t0, t1 int) {
	switch p.b {
	case 1:
		transposeTiled[[1]byte](b, p, t0, t1)
	case 2:
		transposeTiled[[2]byte](b, p, t0, t1)
	case 3:
		transposeTiled[[3]byte](b, p, t0, t1)
	case 4:
		transposeTiled[[4]byte](b, p, t0, t1)
	case 6:
		transposeTiled[[6]byte](b, p, t0, t1)
	case 8:
		transposeTiled[[8]byte](b, p, t0, t1)
	case 12:
		transposeTiled[[12]byte](b, p, t0, t1)
	case 16:
		transposeTiled[[16]byte](b, p, t0, t1)
	default:
		for y := t0 * tileSide; y < min(t1*tileSide, p.h); y++ {
			for x := y + 1; x < p.w; x++ {
				swapPix(b, p.off+y*p.sy+x*p.sx, p.off+x*p.sy+y*p.sx, p.b)
			}
		}
	}
}

// transposeTiled exchanges E-sized pixels (y, x) and (x, y), x > y, tile
// by tile, for the tile rows [t0, t1).
func transposeTiled[E any](b []byte, p pixGeom, t0, t1 int) {
	base := unsafe.Pointer(unsafe.SliceData(b))
	for by := t0 * tileSide; by < min(t1*tileSide, p.h); by += tileSide {
		ey := min(by+tileSide, p.h)
		for bx := by; bx < p.w; bx += tileSide {
			ex := min(bx+tileSide, p.w)
			for y := by; y < ey; y++ {
				x := bx
				if bx == by {
					x = y + 1
				}
				i := p.off + y*p.sy + x*p.sx
				j := p.off + x*p.sy + y*p.sx
				for ; x < ex; x++ {
					a, c := (*E)(unsafe.Add(base, i)), (*E)(unsafe.Add(base, j))
					*a, *c = *c, *a
					i += p.sx
					j += p.sy
				}
			}
		}
	}
}

// srcSlack returns how many bytes of s follow the end of the last pixel of
// the layout p, which is not empty.
func srcSlack(s []byte, p pixGeom) int {
	hi := p.off
	if p.h > 1 && p.sy > 0 {
		hi += (p.h - 1) * p.sy
	}
	if p.w > 1 && p.sx > 0 {
		hi += (p.w - 1) * p.sx
	}
	return len(s) - (hi + p.b)
}

// copyTiled3 is copyTiled for 3-byte pixels when the destination rows are
// contiguous and at least one byte of s follows the source's last pixel, so
// that each pixel can be read as 4 bytes.
func copyTiled3(d []byte, dp pixGeom, s []byte, sp pixGeom, y0, y1 int) {
	dbase := unsafe.Pointer(unsafe.SliceData(d))
	sbase := unsafe.Pointer(unsafe.SliceData(s))
	for by := y0; by < y1; by += tileRows {
		ey := min(by+tileRows, y1)
		for bx := 0; bx < dp.w; bx += tileCols {
			ex := min(bx+tileCols, dp.w)
			for y := by; y < ey; y++ {
				di := dp.off + y*dp.sy + bx*3
				si := sp.off + y*sp.sy + bx*sp.sx
				copyRow3(unsafe.Add(dbase, di), unsafe.Add(sbase, si), sp.sx, ex-bx)
			}
		}
	}
}

// copyRow3 copies n 3-byte pixels, ssx bytes apart from s, to consecutive
// pixels at d. It reads each pixel as 4 bytes and writes four pixels as one
// 8- and one 4-byte store; it reads one byte past each pixel and writes
// exactly the n pixels.
func copyRow3(d, s unsafe.Pointer, ssx, n int) {
	i := 0
	for ; i+4 <= n; i += 4 {
		si := i * ssx
		p0 := uint64(le32(unsafe.Add(s, si)))
		p1 := uint64(le32(unsafe.Add(s, si+ssx)))
		p2 := uint64(le32(unsafe.Add(s, si+2*ssx)))
		p3 := le32(unsafe.Add(s, si+3*ssx))
		q := unsafe.Add(d, 3*i)
		binary.LittleEndian.PutUint64((*[8]byte)(q)[:], p0&0xffffff|(p1&0xffffff)<<24|p2<<48)
		binary.LittleEndian.PutUint32((*[4]byte)(unsafe.Add(q, 8))[:], uint32(p2>>16)&0xff|p3<<8)
	}
	for ; i < n; i++ {
		*(*[3]byte)(unsafe.Add(d, 3*i)) = *(*[3]byte)(unsafe.Add(s, i*ssx))
	}
}

// le32 loads the 4 bytes at p as a little-endian number.
func le32(p unsafe.Pointer) uint32 { return binary.LittleEndian.Uint32((*[4]byte)(p)[:]) }
