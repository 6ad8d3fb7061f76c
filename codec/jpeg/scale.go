package jpeg

// ScaleFor returns the scale denominator (1, 2, 4 or 8, for
// [PixelOptions].Scale) of the smallest decode of a w x h image from
// which a thumbnail fitting within n x n pixels can still be made by
// downscaling: the largest 1/s whose output, ceil(w/s) x ceil(h/s), is at
// least n pixels on the image's longer side. An image no larger than n on
// both sides, or n < 1, gives 1. The caller finishes with a resampler
// (golang.org/x/image/draw, say) to the exact size.
func ScaleFor(w, h, n int) int {
	long := max(w, h)
	if n < 1 || long <= n {
		return 1
	}
	for _, s := range [...]int{8, 4, 2} {
		if ceilDiv(long, s) >= n {
			return s
		}
	}
	return 1
}
