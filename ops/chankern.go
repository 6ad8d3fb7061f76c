package ops

import "github.com/pixview/pixview/pixbuf"

// planeJob copies one single-channel layout into another, in bands of rows.
type planeJob[T pixbuf.Sample] struct {
	dst  []T
	dg   geom
	src  []T
	sg   geom
	path kernelPath
	// pix is the number of samples per pixel when the source is channel
	// ch of 1-byte pixels of pix samples laid out one after the other, as
	// the assembly kernels want them; else 0.
	pix, ch int
	// nt is set when the destination is too large to stay in cache, so
	// that the assembly kernels store around it.
	nt bool
}

// ntBytes is the destination size from which channel extraction stores
// around the cache. Measured: a 12 MB plane of a 12 MP image is 10% faster
// so, a 2 MB plane of a 1080p image, which stays in the last-level cache,
// twice as slow.
const ntBytes = 8 << 20

// planeOf returns the job that copies channel i of img into plane, or
// plane into channel i of img when merge is set.
func planeOf[T pixbuf.Sample](plane, img pixbuf.View[T], i int, merge bool, path kernelPath) planeJob[T] {
	p, pg := geomOf(plane)
	m, mg := geomOf(img.Channel(i))
	if merge {
		return planeJob[T]{dst: m, dg: mg, src: p, sg: pg, path: path}
	}
	j := planeJob[T]{dst: p, dg: pg, src: m, sg: mg, path: path}
	_, _, sc := img.Strides()
	if c := img.Channels(); sizeOf[T]() == 1 && sc == 1 && mg.sx == c && pg.sx == 1 {
		j.pix, j.ch = c, i
		j.nt = plane.NBytes() >= ntBytes
	}
	return j
}

// run copies rows [y0, y1).
func (j planeJob[T]) run(y0, y1 int) {
	if j.path == pathGeneric {
		copyGeneric(j.dst, j.dg, j.src, j.sg, y0, y1)
		return
	}
	w := j.dg.w
	for y := y0; y < y1; y++ {
		di, si := j.dg.off+y*j.dg.sy, j.sg.off+y*j.sg.sy
		if j.pix != 0 && j.path == pathAuto {
			p := si - j.ch // the row's first pixel
			k := extractBytesAsm(asBytes(j.dst[di:di+w]), asBytes(j.src[p:p+w*j.pix]), j.pix, j.ch, j.nt)
			if k == w {
				continue
			}
			di, si = di+k, si+k*j.pix
			copyPlaneRow(j.dst, di, 1, j.src, si, j.pix, w-k)
			continue
		}
		copyPlaneRow(j.dst, di, j.dg.sx, j.src, si, j.sg.sx, w)
	}
}

// copyPlaneRow copies w samples from s, starting at si and ssx apart, to
// d, starting at di and dsx apart.
func copyPlaneRow[T pixbuf.Sample](d []T, di, dsx int, s []T, si, ssx int, w int) {
	if w <= 0 {
		return
	}
	if w == 1 {
		d[di] = s[si]
		return
	}
	switch {
	case dsx == 1 && ssx == 1:
		copy(d[di:di+w], s[si:si+w])
	case dsx == 1 && ssx > 0:
		gather(d[di:di+w:di+w], s[si:si+(w-1)*ssx+1], ssx)
	case ssx == 1 && dsx > 0:
		scatter(d[di:di+(w-1)*dsx+1], s[si:si+w:si+w], dsx)
	default:
		for x := 0; x < w; x++ {
			d[di+x*dsx] = s[si+x*ssx]
		}
	}
}

// gather sets d[x] = s[x*n] for every x.
func gather[T pixbuf.Sample](d, s []T, n int) {
	switch n {
	case 2:
		for x := range d {
			d[x] = s[2*x]
		}
	case 3:
		for x := range d {
			d[x] = s[3*x]
		}
	case 4:
		for x := range d {
			d[x] = s[4*x]
		}
	default:
		for x := range d {
			d[x] = s[n*x]
		}
	}
}

// scatter sets d[x*n] = s[x] for every x.
func scatter[T pixbuf.Sample](d, s []T, n int) {
	switch n {
	case 3:
		for x, v := range s {
			d[3*x] = v
		}
	case 4:
		for x, v := range s {
			d[4*x] = v
		}
	default:
		for x, v := range s {
			d[n*x] = v
		}
	}
}

// splitJob moves samples between the channels of an image and a set of
// single-channel planes, in bands of rows: split copies channel k of img
// into planes[k], merge the other way.
type splitJob[T pixbuf.Sample] struct {
	planes []pixbuf.View[T]
	img    pixbuf.View[T]
	path   kernelPath
}

// split copies rows [y0, y1) of every channel of img into its plane, a
// band of rows at a time so that the image rows stay in cache while each
// channel is taken from them.
func (j splitJob[T]) split(y0, y1 int) {
	for b := y0; b < y1; b += splitBand {
		e := min(b+splitBand, y1)
		for k, p := range j.planes {
			planeOf(p, j.img, k, false, j.path).run(b, e)
		}
	}
}

// merge copies rows [y0, y1) of every plane into its channel of img.
func (j splitJob[T]) merge(y0, y1 int) {
	for b := y0; b < y1; b += splitBand {
		e := min(b+splitBand, y1)
		for k, p := range j.planes {
			planeOf(p, j.img, k, true, j.path).run(b, e)
		}
	}
}

// splitBand is the number of rows Split and Merge move one channel at a
// time before turning to the next.
const splitBand = 4

// permuteRow3 reorders the channels of each 3-sample pixel of row: new
// channel k is old channel perm[k]. Masking the indices lets the compiler
// drop the bounds checks.
func permuteRow3[T pixbuf.Sample](row []T, perm [4]int) {
	p0, p1, p2 := perm[0]&3, perm[1]&3, perm[2]&3
	for i := 0; i+3 <= len(row); i += 3 {
		px := row[i : i+3 : i+3]
		t := [4]T{px[0], px[1], px[2]}
		px[0], px[1], px[2] = t[p0], t[p1], t[p2]
	}
}

// permuteRow4 reorders the channels of each 4-sample pixel of row.
func permuteRow4[T pixbuf.Sample](row []T, perm [4]int) {
	p0, p1, p2, p3 := perm[0]&3, perm[1]&3, perm[2]&3, perm[3]&3
	for i := 0; i+4 <= len(row); i += 4 {
		px := row[i : i+4 : i+4]
		t := [4]T{px[0], px[1], px[2], px[3]}
		px[0], px[1], px[2], px[3] = t[p0], t[p1], t[p2], t[p3]
	}
}
