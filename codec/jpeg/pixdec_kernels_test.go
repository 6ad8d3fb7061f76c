package jpeg

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestKernelsAgainstDjpeg judges the decoder's kernels (the assembly this
// CPU picks; see TestDecodeWithoutAVX2 for the SSE2 ones) on images wide
// enough for every kernel's interior loop: every sampling that has fancy
// upsampling or none, at qualities 90 and 100 (larger coefficients), odd
// sizes, both upsamplings, full size and 1/2, each sample equal to djpeg
// -dct int's (-nosmooth for replication).
func TestKernelsAgainstDjpeg(t *testing.T) {
	cjpeg := rdTool(t, "cjpeg")
	rdTool(t, "djpeg")
	dir := t.TempDir()
	cases := 0
	for si, sz := range [][2]int{{261, 67}, {1030, 21}} {
		in := filepath.Join(dir, fmt.Sprint(si, ".ppm"))
		if err := os.WriteFile(in, photoPPM(sz[0], sz[1], uint64(40+si)), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"1x1", "2x1", "1x2", "2x2", "4x1", "gray"} {
			for _, q := range []string{"90", "100"} {
				args := []string{"-quality", q, "-sample", s, in}
				if s == "gray" {
					args = []string{"-quality", q, "-grayscale", in}
				}
				file, err := rdExecErr(nil, cjpeg, args...)
				if err != nil {
					t.Fatalf("cjpeg %v: %v", args, err)
				}
				for _, scale := range []int{1, 2} {
					for _, up := range []Upsampling{UpsampleFancy, UpsampleReplicate} {
						name := fmt.Sprintf("%dx%d/%s/q%s/1:%d/up%d", sz[0], sz[1], s, q, scale, up)
						dargs := pdScaleArgs(scale)
						if up == UpsampleReplicate {
							dargs = append(dargs, "-nosmooth")
						}
						want, err := pdDjpeg(t, file, dargs...)
						if err != nil {
							t.Fatalf("%s: djpeg: %v", name, err)
						}
						v, _, err := DecodePixelsBytes(file, &PixelOptions{Scale: scale, Upsampling: up})
						if err != nil {
							t.Fatalf("%s: %v", name, err)
						}
						maxd, mean, err := pdDiff(v, want)
						if err != nil || maxd > 0 {
							t.Errorf("%s: max diff %d, mean %.4f from djpeg (%v)", name, maxd, mean, err)
						}
						cases++
					}
				}
			}
		}
	}
	t.Logf("%d decodes equal to djpeg's", cases)
}
