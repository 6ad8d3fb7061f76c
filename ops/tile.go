package ops

import "unsafe"

// tileSide is the side, in pixels, of the square tiles in which in-place
// transposes exchange pixels: a tile and its mirror stay in the first-level
// cache together.
const tileSide = 32

// Copying transposes move pixels in tiles of rows x cols destination
// pixels (cols source rows), visited in groups of group x group. Every
// source and destination row is on its own memory page, and a large
// transpose costs per visit of a row (TLB and cache misses) far more than
// per pixel: measured on 12 MP RGB24, load-only and store-only versions of
// the inner loop take as long as the copy, and prefetching changes
// nothing. Tiles whose pages fit the first-level TLB, in groups whose
// pages fit the second-level one, cut the visits.
type tileShape struct{ rows, cols, group int }

// squareTiles suit the pixel-by-pixel kernels: shapes from 8x8 to 512x512
// differ by less than the noise of a shared machine once tiles are 32 or
// more on a side.
func squareTiles() tileShape { return tileShape{64, 64, 256} }

// wideTiles suit the SSSE3 kernels for 3- and 4-byte pixels, which write
// four destination rows at a time: each strip of a tile writes 3 KiB runs
// of four destination rows while the 1024 source rows it reads 12 or 16
// bytes of stay in the cache for the next strips. Measured on 12 MP RGB24
// Transpose, one goroutine, against 2048 x 16 tiles (the earlier choice),
// the two builds run in turns: 6.2 ms against 9.3, RGBA 5.0 against 9.0; in
// a sweep of shapes run one after another, 256 x 256 took 6.9 ms and 128 x
// 128 7.8 against this shape's 5.4. The pixel-by-pixel kernels are slower
// with these and keep squareTiles. On CPUs with AVX-512 the 16 x 16
// kernels (strip16Tiles) take their place.
func wideTiles() tileShape { return tileShape{128, 1024, 2048} }

// copyPixelsTiled copies rows [y0, y1) of s into d, pixel by pixel in
// tiles, whatever the strides of either; pixels are p.b bytes.
func copyPixelsTiled(d []byte, dp pixGeom, s []byte, sp pixGeom, y0, y1 int, simd bool) {
	if simd && dp.sx == dp.b && (sp.sy == dp.b || sp.sy == -dp.b) {
		if ks := blockKernels(dp.b); len(ks) > 0 {
			copyTiledBlocks(ks[0], d, dp, s, sp, y0, y1)
			return
		}
	}
	switch dp.b {
	case 1:
		copyTiled[[1]byte](d, dp, s, sp, y0, y1)
	case 2:
		copyTiled[[2]byte](d, dp, s, sp, y0, y1)
	case 3:
		if simd && dp.sx == 3 && (sp.sy == 3 || sp.sy == -3) {
			copyTiledStrips[[3]byte](d, dp, s, sp, y0, y1, transposeStrip3Asm)
			return
		}
		copyTiled[[3]byte](d, dp, s, sp, y0, y1)
	case 4:
		if simd && dp.sx == 4 && (sp.sy == 4 || sp.sy == -4) {
			copyTiledStrips[[4]byte](d, dp, s, sp, y0, y1, transposeStrip4Asm)
			return
		}
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
	forTiles(dp.w, y0, y1, squareTiles(), func(by, ey, bx, ex int) { copyTile[E](d, dp, s, sp, by, ey, bx, ex) })
}

// copyTile copies the tile of rows [by, ey) and columns [bx, ex) for
// copyTiled.
func copyTile[E any](d []byte, dp pixGeom, s []byte, sp pixGeom, by, ey, bx, ex int) {
	dbase := unsafe.Pointer(unsafe.SliceData(d))
	sbase := unsafe.Pointer(unsafe.SliceData(s))
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

// transposePixelsTiled exchanges pixel (y, x) with (x, y), x > y, in the
// tile rows [t0, t1) of a square layout.
func transposePixelsTiled(b []byte, p pixGeom, t0, t1 int, simd bool) {
	if simd && p.sx == p.b && p.sy > 0 {
		if ks := blockKernels(p.b); len(ks) > 0 && tileSide%ks[0].side == 0 {
			transposeBlocksInPlace(ks[0], b, p, t0, t1)
			return
		}
	}
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

// copyTiledStrips is copyTiled for 3- and 4-byte pixels when the
// destination rows are contiguous and the source's pixels run one pixel
// apart down its columns, as in the twins of Transpose, Rotate90 and
// Rotate270 of an RGB24 or RGBA image: strips of four rows go through the
// SSSE3 kernel strip, the rest pixel by pixel.
func copyTiledStrips[E any](d []byte, dp pixGeom, s []byte, sp pixGeom, y0, y1 int,
	strip func(d []byte, dp pixGeom, s []byte, sp pixGeom, y, x, n int) int) {
	forTiles(dp.w, y0, y1, wideTiles(), func(by, ey, bx, ex int) {
		for y := by; y < ey; y++ {
			if (y-by)%4 == 0 && y+4 <= ey {
				if k := strip(d, dp, s, sp, y, bx, ex-bx); k > 0 {
					copyTile[E](d, dp, s, sp, y, y+4, bx+k, ex)
					y += 3
					continue
				}
			}
			copyTile[E](d, dp, s, sp, y, y+1, bx, ex)
		}
	})
}

// blockKernel is an assembly kernel that transposes blocks of side x side
// pixels along a strip of side destination rows dsy bytes apart: block b
// reads, for k = 0 to side-1, the side pixels that follow one another in
// memory from s + (side*b+k)*ssx, and writes them as column k of the block,
// rows d + j*dsy + side*b*size. Each column load reads load bytes from the
// column's start, which may be more than the column holds; the kernel
// writes only the pixels it moves.
type blockKernel struct {
	name string
	side int
	load int
	id   blockKernelID // which kernel blockKernel.call calls
}

// copyTiledBlocks is copyTiledStrips for the block kernel k; what is left
// of a tile (rows below the last strip, columns past the last block) goes
// pixel by pixel.
func copyTiledBlocks(k blockKernel, d []byte, dp pixGeom, s []byte, sp pixGeom, y0, y1 int) {
	forTiles(dp.w, y0, y1, blockTiles(), func(by, ey, bx, ex int) {
		y := by
		for ; y+k.side <= ey; y += k.side {
			if n := transposeBlocks(k, d, dp, s, sp, y, bx, ex-bx); n < ex-bx {
				copyPixelsRect(d, dp, s, sp, y, y+k.side, bx+n, ex)
			}
		}
		if y < ey {
			copyPixelsRect(d, dp, s, sp, y, ey, bx, ex)
		}
	})
}

// transposeBlocks copies the pixels of rows [y, y+side) and columns
// [x, x+side*m) of the source layout sp to the destination layout dp with
// the block kernel k, for the largest m <= n/side whose loads stay inside
// s, when the destination's pixels are adjacent along its rows and the
// source's run one pixel apart, either way, down its columns; it returns
// how many columns it did. The caller checks both layouts.
func transposeBlocks(k blockKernel, d []byte, dp pixGeom, s []byte, sp pixGeom, y, x, n int) int {
	m := n / k.side
	if m == 0 {
		return 0
	}
	di := dp.off + y*dp.sy + x*dp.sx
	si := sp.off + y*sp.sy + x*sp.sx
	dsy := dp.sy
	if sp.sy < 0 {
		// The column's pixels run down memory: load them from the last
		// one up, and store the rows from the last one up.
		di += (k.side - 1) * dp.sy
		si += (k.side - 1) * sp.sy
		dsy = -dsy
	}
	// Leave the blocks whose loads would leave s to the caller.
	last := si + k.load
	if sp.sx > 0 {
		last += (k.side*m - 1) * sp.sx
	}
	for m > 0 && last > len(s) {
		m--
		if sp.sx > 0 {
			last -= k.side * sp.sx
		}
	}
	if m == 0 || last > len(s) {
		return 0
	}
	k.call((*byte)(unsafe.Pointer(&d[di])), dsy, (*byte)(unsafe.Pointer(&s[si])), sp.sx, m)
	return k.side * m
}

// transposeBlocksInPlace is transposePixelsTiled with the block kernel k,
// for a square layout whose rows hold adjacent pixels: each pair of blocks
// mirrored about the diagonal is exchanged through a block-sized buffer
// (one block saved, the other transposed onto it, the saved one transposed
// onto the other), a block on the diagonal through the buffer alone.
// Pixels outside the whole blocks are exchanged pixel by pixel. The kernel
// reads the image only in a block above the diagonal, whose rows all have
// a whole block of the image below them: the loads past a column's end
// stay inside b.
func transposeBlocksInPlace(k blockKernel, b []byte, p pixGeom, t0, t1 int) {
	side, n := k.side, k.side*p.b
	var tmp [16*16*4 + 64]byte // a block, and room for the loads past its last column
	full := p.h / side * side  // rows and columns in whole blocks
	at := func(y, x int) *byte { return (*byte)(unsafe.Pointer(&b[p.off+y*p.sy+x*p.b])) }
	save := func(y, x int) {
		for j := range side {
			i := p.off + (y+j)*p.sy + x*p.b
			copy(tmp[j*n:j*n+n], b[i:i+n])
		}
	}
	for y := t0 * tileSide; y < min(t1*tileSide, p.h); y++ {
		if y%side != 0 || y >= full {
			continue
		}
		for x := y; x < full; x += side {
			save(x, y)
			if x != y {
				// Block (x, y) from block (y, x), whose column j is row
				// y+j from column x.
				k.call(at(x, y), p.sy, at(y, x), p.sy, 1)
			}
			k.call(at(y, x), p.sy, &tmp[0], n, 1)
		}
		// The pairs with a column beyond the whole blocks.
		transposeRect(b, p, y, y+side, full, p.w)
	}
	if y := max(t0*tileSide, full); y < min(t1*tileSide, p.h) {
		transposeRect(b, p, y, min(t1*tileSide, p.h), y, p.w)
	}
}

// transposeRect exchanges pixel (y, x) with (x, y) for y in [y0, y1) and x
// in [x0, x1) with x > y.
func transposeRect(b []byte, p pixGeom, y0, y1, x0, x1 int) {
	for y := y0; y < y1; y++ {
		for x := max(x0, y+1); x < x1; x++ {
			swapPix(b, p.off+y*p.sy+x*p.sx, p.off+x*p.sy+y*p.sx, p.b)
		}
	}
}

// blockTiles suit the block kernels, which write strips of 8 or 16
// destination rows: as for wideTiles, long strips let the hardware
// prefetcher follow the source's column walk. Measured on 12 MP, one
// goroutine, run in turns: 64, 32 or 16 rows by 1024 or 2048 columns all
// within 5% of each other for 1-, 3- and 4-byte pixels (RGB24 3.2-3.4 ms);
// 64 x 64 tiles took 1.6x as long, 256 x 256 1.1x.
func blockTiles() tileShape { return tileShape{64, 1024, 2048} }

// copyPixelsRect copies the rectangle of rows [by, ey) and columns [bx, ex)
// pixel by pixel, for the pixel sizes that have strip kernels.
func copyPixelsRect(d []byte, dp pixGeom, s []byte, sp pixGeom, by, ey, bx, ex int) {
	switch dp.b {
	case 1:
		copyTile[[1]byte](d, dp, s, sp, by, ey, bx, ex)
	case 3:
		copyTile[[3]byte](d, dp, s, sp, by, ey, bx, ex)
	case 4:
		copyTile[[4]byte](d, dp, s, sp, by, ey, bx, ex)
	}
}

// forTiles calls f for each tile of rows [y0, y1) and columns [0, w), in
// groups; the tiles of one row are visited left to right.
func forTiles(w, y0, y1 int, t tileShape, f func(by, ey, bx, ex int)) {
	for gy := y0; gy < y1; gy += t.group {
		gey := min(gy+t.group, y1)
		for gx := 0; gx < w; gx += t.group {
			gex := min(gx+t.group, w)
			for by := gy; by < gey; by += t.rows {
				ey := min(by+t.rows, gey)
				for bx := gx; bx < gex; bx += t.cols {
					f(by, ey, bx, min(bx+t.cols, gex))
				}
			}
		}
	}
}
