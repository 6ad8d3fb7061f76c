package jpeg

import (
	"bytes"
	"context"
	"errors"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/pixview/pixview/codec/codecerr"
)

// FuzzDecodePixels decodes arbitrary bytes to pixels at a scale and with
// an upsampling chosen by the input: an error wrapping a sentinel or a
// view, never a panic; whatever decodes, a region of it decodes to the
// same crop. Seeds: testdata/fuzz/FuzzDecodePixels (copies of the
// reader's seeds) and the repository's small sample JPEGs.
func FuzzDecodePixels(f *testing.F) {
	names, _ := filepath.Glob("../../testdata/*.jp*g")
	for _, n := range names {
		if data, err := os.ReadFile(n); err == nil && len(data) < 32<<10 {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		pdCheckDecode(t, data)
	})
}

// pdCheckDecode is the fuzz target's body, also run by the hostile test.
func pdCheckDecode(t *testing.T, data []byte) {
	sel := 0
	if len(data) > 0 {
		sel = int(data[len(data)-1])
	}
	opts := &PixelOptions{
		Scale:      []int{1, 2, 4, 8}[sel&3],
		Upsampling: Upsampling(sel >> 2 & 1),
		Limits:     &DecodeOptions{MaxPixels: 1 << 20, MaxScans: 100},
	}
	v, _, err := DecodePixels(bytes.NewReader(data), opts)
	if err != nil {
		if !errors.Is(err, codecerr.ErrFormat) && !errors.Is(err, codecerr.ErrUnsupported) && !errors.Is(err, codecerr.ErrTooLarge) {
			t.Fatalf("error without a sentinel: %v", err)
		}
		return
	}
	b := v.Bounds()
	r := image.Rect(b.Dx()/3, b.Dy()/2, b.Dx()/3+max(b.Dx()/2, 1), b.Dy()/2+max(b.Dy()/3, 1)).Intersect(b)
	if r.Empty() {
		return
	}
	o := *opts
	o.Region = r
	w, _, err := DecodePixelsBytes(data, &o)
	if err != nil {
		t.Fatalf("region %v of a decodable file: %v", r, err)
	}
	if !w.Equal(v.Crop(r)) {
		t.Fatalf("region %v differs from the crop", r)
	}
}

// TestPixelsHostile decodes truncations and bit flips of the matrix's
// files: never a panic, only sentinel errors, regions still the crops.
func TestPixelsHostile(t *testing.T) {
	files := rdMatrix(t, true)
	step := 7
	if pdLong() {
		step = 1
	}
	for _, f := range files[:min(len(files), 40)] {
		for n := 0; n < len(f.data); n += step * 13 {
			pdCheckDecode(t, f.data[:n])
		}
		for i := 2; i < len(f.data); i += step {
			m := bytes.Clone(f.data)
			m[i] ^= 1 << (i % 8)
			pdCheckDecode(t, m)
		}
	}
}

// TestPixelsMutatedAgainstDjpeg changes bytes of quantization tables and
// entropy-coded data; every mutant djpeg decodes without a warning must
// decode to djpeg's pixels exactly. The judge is libjpeg-turbo's C code
// (JSIMD_FORCENONE=1): where a mutant drives the IDCT's output beyond
// -512..511 the C code wraps it modulo 1024 (its RANGE_MASK) while the
// SSE2/AVX2 code saturates, and we follow the published C algorithm; the
// test logs how many mutants the SIMD djpeg decodes otherwise. A mutant
// our reader refuses though djpeg accepts it (libjpeg tolerates a run of
// zeros past the end of a block and a Huffman selector a scan does not
// use; the reader refuses damaged data, see the package doc) is logged.
func TestPixelsMutatedAgainstDjpeg(t *testing.T) {
	files := rdMatrix(t, true)
	compared, refused, simdDiffer := 0, 0, 0
	for fi, f := range files {
		if fi%3 != 0 {
			continue
		}
		for k := 0; k < 6; k++ {
			m := bytes.Clone(f.data)
			// Walk to the k-th interesting byte: in a DQT payload or
			// the middle of the data.
			i := pdMutationPoint(m, k)
			if i < 0 {
				continue
			}
			m[i] ^= byte(0x11 << (k % 3))
			want, derr := pdDjpegC(t, m)
			if derr != nil {
				continue // refused or warned: no verdict to match
			}
			v, _, err := DecodePixelsBytes(m, nil)
			if err != nil {
				if !errors.Is(err, codecerr.ErrFormat) {
					t.Errorf("%s mutant %d: djpeg decodes it cleanly, we give %v", f.name, k, err)
				}
				refused++
				continue
			}
			maxd, mean, err := pdDiff(v, want)
			if err != nil || maxd != 0 {
				t.Errorf("%s mutant %d: max diff %d mean %.4f %v", f.name, k, maxd, mean, err)
			}
			if simd, err := pdDjpeg(t, m); err == nil {
				if d, _, _ := pdDiff(v, simd); d != 0 {
					simdDiffer++
				}
			}
			compared++
		}
	}
	if compared == 0 {
		t.Fatal("no mutant to compare")
	}
	t.Logf("%d clean mutants equal to djpeg's C code (%d of them differ from its SIMD code); %d refused by the reader", compared, simdDiffer, refused)
}

// pdMutationPoint returns the offset of a byte to change: for even k a
// byte of the first DQT's table, for odd k one in the entropy-coded data
// after the first SOS; -1 if none.
func pdMutationPoint(f []byte, k int) int {
	for i := 2; i+4 < len(f); {
		if f[i] != 0xFF {
			return -1
		}
		marker := f[i+1]
		n := int(f[i+2])<<8 | int(f[i+3])
		switch {
		case marker == 0xDB && k%2 == 0 && n > 3:
			return i + 5 + (k*7)%(n-3)
		case marker == 0xDA:
			start := i + 2 + n
			if span := len(f) - 2 - start; k%2 == 1 && span > 8 {
				return start + span*k/8
			}
			return -1
		}
		i += 2 + n
	}
	return -1
}

// pdDjpegC runs djpeg -dct int -pnm with libjpeg-turbo's SIMD code off.
func pdDjpegC(tb testing.TB, file []byte) ([]byte, error) {
	tb.Helper()
	p := rdTool(tb, "djpeg")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, p, "-dct", "int", "-pnm")
	cmd.Env = append(os.Environ(), "JSIMD_FORCENONE=1")
	cmd.Stdin = bytes.NewReader(file)
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
