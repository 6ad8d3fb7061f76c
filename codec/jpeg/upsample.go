package jpeg

// Chroma upsampling of the pixel decoder, as libjpeg-turbo's jdsample.c
// does it. "Fancy" upsampling (the IJG's triangular filter) weighs the
// nearer input sample 3/4 and the further one 1/4 on each axis it
// doubles, with rounding biases that alternate between output samples
// (1 and 2 out of 4 for one axis; 8 and 7 out of 16 for both) so that
// errors do not drift one way. Beyond the component's valid samples
// (its downsampled width and height, not the padding of its last block)
// the nearest valid sample is used, which is what libjpeg's special
// cases for the first and last column and its duplicated context rows at
// the top and bottom of the image amount to. Replication repeats each
// sample hexp x vexp times.

type upMethod uint8

const (
	upFull upMethod = iota // the component has the output's resolution
	upRep                  // replication by hexp x vexp
	upH2V1                 // fancy, horizontal only
	upH1V2                 // fancy, vertical only
	upH2V2                 // fancy on both axes
)

// upRepRow writes dst[i] = src[(x0+i)/hexp].
func upRepRow(dst, src []byte, hexp, x0 int) {
	switch hexp {
	case 1:
		copy(dst, src[x0:])
		return
	case 2:
		i := 0
		if x0&1 != 0 {
			dst[0] = src[x0/2]
			i = 1
		}
		s := src[(x0+i)/2:]
		for ; i+1 < len(dst); i += 2 {
			v := s[0]
			s = s[1:]
			dst[i], dst[i+1] = v, v
		}
		if i < len(dst) {
			dst[i] = s[0]
		}
		return
	}
	for i := range dst {
		dst[i] = src[(x0+i)/hexp]
	}
}

// upH2V1Row writes output columns x0.. of a horizontally doubled row from
// the dw valid samples of src; tmp must hold len(dst)+2 bytes.
func upH2V1Row(dst, src []byte, dw, x0 int, tmp []byte) {
	i0, i1 := x0/2, (x0+len(dst)-1)/2
	t := tmp[:2*(i1-i0+1)]
	src = src[:dw]
	for i := i0; i <= i1; i++ {
		upH2V1Pair(t[2*(i-i0):], src, i)
	}
	copy(dst, t[x0-2*i0:])
}

// upH2V1Pair writes the two outputs of sample i of src (its valid
// samples) to t[0] and t[1].
func upH2V1Pair(t, src []byte, i int) {
	s3 := 3 * int(src[i])
	l := int(src[max(i-1, 0)])
	r := int(src[min(i+1, len(src)-1)])
	t[0] = uint8((s3 + l + 1) >> 2)
	t[1] = uint8((s3 + r + 2) >> 2)
}

// colSum writes s[i] = 3*near[i] + far[i] for i in lo..hi, the vertical
// step of fancy upsampling.
func colSum(s []int32, near, far []byte, lo, hi int) {
	s = s[lo : hi+1]
	near = near[lo : hi+1]
	far = far[lo : hi+1]
	for i := range s {
		s[i] = 3*int32(near[i]) + int32(far[i])
	}
}

// upH1V2Row writes one vertically interpolated row from the nearer and the
// further input rows, with libjpeg's bias (1 above, 2 below).
func upH1V2Row(dst, near, far []byte, x0 int, bias int32) {
	near = near[x0 : x0+len(dst)]
	far = far[x0 : x0+len(dst)]
	for i := range dst {
		dst[i] = uint8((3*int32(near[i]) + int32(far[i]) + bias) >> 2)
	}
}

// upH2V2Row writes output columns x0.. of a doubled row from the column
// sums cs (valid over the dw samples that the columns need); tmp must
// hold len(dst)+2 bytes.
func upH2V2Row(dst []byte, cs []int32, dw, x0 int, tmp []byte) {
	i0, i1 := x0/2, (x0+len(dst)-1)/2
	t := tmp[:2*(i1-i0+1)]
	cs = cs[:dw]
	i := i0
	// The first and the last column clamp their neighbour; the rest run
	// without the clamps.
	for ; i <= i1 && i < 1; i++ {
		upH2V2Pair(t[2*(i-i0):], cs, i, dw)
	}
	hi := min(i1, dw-2)
	if i <= hi {
		c := cs[i-1 : hi+2]
		tt := t[2*(i-i0) : 2*(hi-i0+1)]
		for j := 0; j+1 < len(c)-1; j++ {
			s3 := 3 * c[j+1]
			u := (*[2]byte)(tt[2*j : 2*j+2])
			u[0] = uint8((s3 + c[j] + 8) >> 4)
			u[1] = uint8((s3 + c[j+2] + 7) >> 4)
		}
		i = hi + 1
	}
	for ; i <= i1; i++ {
		upH2V2Pair(t[2*(i-i0):], cs, i, dw)
	}
	copy(dst, t[x0-2*i0:])
}

func upH2V2Pair(t []byte, cs []int32, i, dw int) {
	s3 := 3 * cs[i]
	t[0] = uint8((s3 + cs[max(i-1, 0)] + 8) >> 4)
	t[1] = uint8((s3 + cs[min(i+1, dw-1)] + 7) >> 4)
}
