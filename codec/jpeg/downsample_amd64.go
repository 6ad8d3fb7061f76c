//go:build !purego

package jpeg

//go:noescape
func downH2V1AVX2(dst, src *byte, n int)

//go:noescape
func downH2V2AVX2(dst, src0, src1 *byte, n int)

// downH2V1 is downH2V1Go, in assembly where the CPU allows.
func downH2V1(dst, src []uint8) {
	if k := len(dst) &^ 15; encHasAVX2 && k > 0 {
		_ = src[2*k-1]
		downH2V1AVX2(&dst[0], &src[0], k)
		dst, src = dst[k:], src[2*k:]
	}
	downH2V1Go(dst, src)
}

// downH2V2 is downH2V2Go, in assembly where the CPU allows.
func downH2V2(dst, src0, src1 []uint8) {
	if k := len(dst) &^ 15; encHasAVX2 && k > 0 {
		_, _ = src0[2*k-1], src1[2*k-1]
		downH2V2AVX2(&dst[0], &src0[0], &src1[0], k)
		dst, src0, src1 = dst[k:], src0[2*k:], src1[2*k:]
	}
	downH2V2Go(dst, src0, src1)
}
