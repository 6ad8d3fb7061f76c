package codec

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pixview/pixview/codec/jpeg"
)

// TestJPEGCMYKKeepsTables re-encodes the pixels of CMYK and YCCK JPEGs
// that ImageMagick wrote (convert -colorspace CMYK) as the decoded path
// does: the output is YCbCr (exiftool: 3 components) with the source's
// quantization tables (Y the first component's, Cb and Cr the second's
// and third's, so identify estimates the same quality) and its sampling,
// the pixels stay close to djpeg's RGB of the source, and the colour
// space change is recorded.
func TestJPEGCMYKKeepsTables(t *testing.T) {
	convert := jpegTool(t, "convert")
	identify := jpegTool(t, "identify")
	exiftool := jpegTool(t, "exiftool")
	djpeg := jpegTool(t, "djpeg")
	dir := t.TempDir()
	for _, c := range []struct {
		name  string
		args  []string
		adobe byte // the Adobe segment's transform flag to write, 0xFF to keep
		want  jpeg.ColorSpace
	}{
		// ImageMagick writes CMYK as YCCK (Adobe transform 2).
		{"ycck-q90", []string{"-quality", "90"}, 0xFF, jpeg.ColorYCCK},
		{"ycck-q60-444", []string{"-quality", "60", "-sampling-factor", "1x1"}, 0xFF, jpeg.ColorYCCK},
		// The same file with its flag set to 0 is plain CMYK to every
		// decoder (other colours, the same coding).
		{"cmyk-q85", []string{"-quality", "85"}, 0, jpeg.ColorCMYK},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := filepath.Join(dir, c.name+".jpg")
			args := append([]string{"-size", "203x117", "gradient:#f08020-#2060c0", "-swirl", "120",
				"-colorspace", "CMYK"}, c.args...)
			runTool(t, nil, convert, append(args, in)...)
			data, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			if c.adobe != 0xFF {
				i := bytes.Index(data, []byte("\xFF\xEE\x00\x0EAdobe"))
				if i < 0 {
					t.Fatal("no Adobe segment")
				}
				data[i+4+11] = c.adobe
				if err := os.WriteFile(in, data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			hdr, err := jpeg.DecodeConfig(bytes.NewReader(data), nil)
			if err != nil {
				t.Fatal(err)
			}
			if hdr.ColorSpace() != c.want {
				t.Fatalf("the source is %v, not %v", hdr.ColorSpace(), c.want)
			}
			img, err := Load(in, nil)
			if err != nil {
				t.Fatal(err)
			}
			if img.Source == nil || img.Source.JPEG == nil {
				t.Fatal("no JPEG source choices for a CMYK file")
			}
			out := filepath.Join(dir, c.name+"-out.jpg")
			var changes []Change
			if err := Save(out, img.View8, &EncodeOptions{Source: img.Source, Changes: &changes}); err != nil {
				t.Fatal(err)
			}
			recorded := false
			for _, ch := range changes {
				recorded = recorded || (ch.Kind == Changed && ch.Item == "colorspace" && strings.Contains(ch.Detail, "YCbCr"))
			}
			if !recorded {
				t.Errorf("no colour space change recorded: %v", changes)
			}
			odata, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			ohdr, err := jpeg.DecodeConfig(bytes.NewReader(odata), nil)
			if err != nil {
				t.Fatal(err)
			}
			if ohdr.ColorSpace() != jpeg.ColorYCbCr || len(ohdr.Components) != 3 {
				t.Fatalf("output is %v with %d components", ohdr.ColorSpace(), len(ohdr.Components))
			}
			for i := range 3 {
				sc, oc := hdr.Components[i], ohdr.Components[i]
				if *hdr.Quant[sc.Quant] != *ohdr.Quant[oc.Quant] {
					t.Errorf("component %d: table %v, the source's %v", i, *ohdr.Quant[oc.Quant], *hdr.Quant[sc.Quant])
				}
				if sc.H != oc.H || sc.V != oc.V {
					t.Errorf("component %d: sampling %dx%d, the source's %dx%d", i, oc.H, oc.V, sc.H, sc.V)
				}
			}
			q := func(f string) string { return strings.TrimSpace(string(runTool(t, nil, identify, "-format", "%Q", f))) }
			if qi, qo := q(in), q(out); qi != qo {
				t.Errorf("identify's quality estimate: source %s, output %s", qi, qo)
			}
			var recs []map[string]any
			if err := json.Unmarshal(runTool(t, nil, exiftool, "-j", "-ColorComponents", "-EncodingProcess", out), &recs); err != nil || len(recs) != 1 {
				t.Fatalf("exiftool: %v", err)
			}
			if n, _ := recs[0]["ColorComponents"].(float64); n != 3 {
				t.Errorf("exiftool: %v", recs[0])
			}
			// The source's RGB as djpeg gives it against the output's.
			a, b := djpegView(t, djpeg, data), djpegView(t, djpeg, odata)
			pa, pb := a.Bytes(), b.Bytes()
			if len(pa) != len(pb) {
				t.Fatalf("sizes differ")
			}
			se := 0.0
			for i := range pa {
				d := float64(pa[i]) - float64(pb[i])
				se += d * d
			}
			psnr := 10 * math.Log10(255*255/(se/float64(len(pa))))
			if psnr < 30 {
				t.Errorf("PSNR %.1f dB against the source's RGB", psnr)
			}
			t.Logf("%v %dx%d,%dx%d: identify %s, PSNR %.1f dB, %d -> %d bytes, changes %v", hdr.ColorSpace(),
				hdr.Components[0].H, hdr.Components[0].V, hdr.Components[1].H, hdr.Components[1].V, q(out), psnr, len(data), len(odata), changes)
		})
	}
}
