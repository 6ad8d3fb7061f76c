package jpeg

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// peDQT returns the DQT segments of a JPEG file, in order, verbatim.
func peDQT(tb testing.TB, file []byte) [][]byte {
	tb.Helper()
	var out [][]byte
	for i := 2; i+4 <= len(file); {
		if file[i] != 0xFF {
			tb.Fatalf("no marker at %d", i)
		}
		m := file[i+1]
		if m == 0xDA {
			break
		}
		n := int(file[i+2])<<8 | int(file[i+3])
		if m == 0xDB {
			out = append(out, file[i+4:i+2+n])
		}
		i += 2 + n
	}
	return out
}

// pePSNR is the PSNR of two PNM files' samples, in dB.
func pePSNR(tb testing.TB, a, b []byte) float64 {
	tb.Helper()
	pa, _, _, _, err := pdPNM(a)
	if err != nil {
		tb.Fatal(err)
	}
	pb, _, _, _, err := pdPNM(b)
	if err != nil {
		tb.Fatal(err)
	}
	if len(pa) != len(pb) {
		tb.Fatalf("PNM sizes %d and %d", len(pa), len(pb))
	}
	var se float64
	for i := range pa {
		d := float64(pa[i]) - float64(pb[i])
		se += d * d
	}
	if se == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(255*255*float64(len(pa))/se)
}

// TestReencodeKeepsSource re-encodes the pixels of q90 cjpeg files
// (djpeg's output) with OptionsFromSource: the DQT segments written
// equal the source's byte for byte, the sampling and process are the
// source's, and the PSNR against the pixels is within 0.5 dB of cjpeg fed
// the same PPM with the same tables (-qtables) and sampling; in fact the
// coefficients are cjpeg's.
func TestReencodeKeepsSource(t *testing.T) {
	wrTool(t, "cjpeg")
	dir := t.TempDir()
	photo := pePhoto(61, 83, 3, 12, 9)
	in := peWrite(t, dir, "photo.ppm", pePNM(photo))
	for _, c := range []struct {
		sample string
		extra  []string
	}{
		{"2x2,1x1,1x1", nil},
		{"1x1,1x1,1x1", []string{"-progressive"}},
		{"2x1,1x1,1x1", []string{"-restart", "1"}},
		{"1x2,1x1,1x1", nil},
		{"1x1", []string{"-grayscale"}},
	} {
		t.Run(c.sample+strings.Join(c.extra, ""), func(t *testing.T) {
			src := peCjpeg(t, in, append([]string{"-quality", "90", "-sample", c.sample}, c.extra...)...)
			srcImg, err := DecodeBytes(src, nil)
			if err != nil {
				t.Fatal(err)
			}
			pixels, stderr := peExec(t, src, "djpeg", "-dct", "int", "-pnm")
			if len(stderr) != 0 {
				t.Fatalf("djpeg warns: %s", stderr)
			}
			pix, w, h, ch, err := pdPNM(pixels)
			if err != nil {
				t.Fatal(err)
			}
			v, err := pixbuf.Wrap(pix, h, w, ch)
			if err != nil {
				t.Fatal(err)
			}
			opts, err := OptionsFromSource(srcImg)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if _, err := EncodePixels(&buf, v, opts); err != nil {
				t.Fatal(err)
			}
			ours := buf.Bytes()
			if got, want := peDQT(t, ours), peDQT(t, src); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("DQT segments differ from the source's:\n%v\n%v", got, want)
			}
			m, err := DecodeBytes(ours, nil)
			if err != nil {
				t.Fatal(err)
			}
			if m.Process != srcImg.Process || m.RestartInterval != srcImg.RestartInterval {
				t.Errorf("process %v restart %d, source %v %d", m.Process, m.RestartInterval, srcImg.Process, srcImg.RestartInterval)
			}
			for i := range m.Components {
				if a, b := m.Components[i], srcImg.Components[i]; a.H != b.H || a.V != b.V || a.Quant != b.Quant {
					t.Errorf("component %d: %dx%d table %d, source %dx%d table %d", i, a.H, a.V, a.Quant, b.H, b.V, b.Quant)
				}
			}

			// cjpeg with the same tables (natural order, as -qtables reads
			// them) and sampling, from the same pixels.
			var qt strings.Builder
			var slots []string
			for t, q := range srcImg.Quant {
				if q == nil {
					continue
				}
				for i, e := range q {
					fmt.Fprintf(&qt, "%d", e)
					if i%8 == 7 {
						qt.WriteByte('\n')
					} else {
						qt.WriteByte(' ')
					}
				}
				_ = t
			}
			for _, comp := range srcImg.Components {
				slots = append(slots, fmt.Sprint(comp.Quant))
			}
			qfile := filepath.Join(dir, "q.txt")
			if err := os.WriteFile(qfile, []byte(qt.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			pfile := peWrite(t, dir, "pixels.pnm", pixels)
			args := []string{"-qtables", qfile, "-qslots", strings.Join(slots, ","), "-sample", c.sample}
			if ch == 1 {
				args = append(args, "-grayscale")
			}
			ref := peCjpeg(t, pfile, args...)
			refImg, err := DecodeBytes(ref, nil)
			if err != nil {
				t.Fatal(err)
			}
			dOurs, _ := peExec(t, ours, "djpeg", "-dct", "int", "-pnm")
			dRef, _ := peExec(t, ref, "djpeg", "-dct", "int", "-pnm")
			po, pr := pePSNR(t, pixels, dOurs), pePSNR(t, pixels, dRef)
			t.Logf("PSNR against the source's pixels: ours %.2f dB, cjpeg %.2f dB", po, pr)
			if po < pr-0.5 {
				t.Errorf("PSNR %.2f dB, cjpeg %.2f dB", po, pr)
			}
			if d := peSameCoefficients(m, refImg); d != "" {
				t.Errorf("coefficients differ from cjpeg -qtables: %s", d)
			}
		})
	}
}
