package codec

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/pixview/pixview/codec/pnm"
	"github.com/pixview/pixview/pixbuf"
)

// rawPNM returns a binary Netpbm file of one image with random samples up
// to maxval, and its raster as a view of bytes.
func rawPNM(rng *rand.Rand, magic string, h, w, depth, maxval int) ([]byte, pixbuf.View[uint8]) {
	bps := 1
	if maxval > 255 {
		bps = 2
	}
	raster := make([]byte, h*w*depth*bps)
	for i := 0; i < len(raster); i += bps {
		v := rng.IntN(maxval + 1)
		if bps == 2 {
			raster[i], raster[i+1] = byte(v>>8), byte(v)
		} else {
			raster[i] = byte(v)
		}
	}
	var hdr string
	if magic == "P7" {
		hdr = fmt.Sprintf("P7\nWIDTH %d\nHEIGHT %d\nDEPTH %d\nMAXVAL %d\nENDHDR\n", w, h, depth, maxval)
	} else {
		hdr = fmt.Sprintf("%s\n# made by a test\n%d %d\n%d\n", magic, w, h, maxval)
	}
	v, _ := pixbuf.Wrap(raster, h, w, depth*bps)
	return append([]byte(hdr), raster...), v
}

// TestPNMTransformLaw: the transform without decoding equals the view
// twin of its orientation and crop, on the raster's bytes, for all eight
// orientations, 8 and 16 bits, odd maxvals, crops and multi-image files.
func TestPNMTransformLaw(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	crops := []image.Rectangle{{}, image.Rect(5, 5, 8, 7), image.Rect(-3, -3, 2, 100), image.Rect(1, 1, 3, 3)}
	for _, k := range []struct {
		magic         string
		depth, maxval int
	}{{"P5", 1, 255}, {"P6", 3, 1000}, {"P7", 4, 65535}, {"P7", 2, 15}, {"P5", 1, 300}} {
		for o := range pixbuf.Orientation(8) {
			for _, crop := range crops {
				a, va := rawPNM(rng, k.magic, 7, 9, k.depth, k.maxval)
				b, vb := rawPNM(rng, k.magic, 4, 3, k.depth, k.maxval)
				data := append(append(a, '\n'), b...)
				var out bytes.Buffer
				res, err := pnmTransform(&out, bytes.NewReader(data), Transform{Orientation: o, Crop: crop, Workers: 2})
				name := fmt.Sprintf("%s maxval %d %v crop %v", k.magic, k.maxval, o, crop)
				if crop == crops[1] {
					// The second image, 4x3, is too small for the crop:
					// the whole file is refused.
					if !errors.Is(err, pixbuf.ErrBounds) || out.Len() != 0 {
						t.Errorf("%s: a crop missing the second image: %v", name, err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if res.Images != 2 || res.Path != PathRaster || res.BytesIn != int64(len(data)) || res.BytesOut != int64(out.Len()) {
					t.Errorf("%s: result %+v", name, res)
				}
				if k.magic != "P7" && (len(res.Changes) != 1 || res.Changes[0].Item != "comments") {
					t.Errorf("%s: dropped comments not reported: %+v", name, res.Changes)
				}
				i := 0
				for img, err := range pnm.ParseRaw(out.Bytes(), 0) {
					if err != nil {
						t.Fatalf("%s: output: %v", name, err)
					}
					want := []pixbuf.View[uint8]{va, vb}[i].Orient(o)
					if !crop.Empty() {
						want = want.Crop(crop)
					}
					got, _ := img.View()
					if img.Header.Magic != k.magic || img.Header.MaxVal != k.maxval || !got.Equal(want) {
						t.Errorf("%s: image %d: %+v differs", name, i, img.Header)
					}
					i++
				}
				if i != 2 {
					t.Errorf("%s: %d images out", name, i)
				}
			}
		}
	}
}

// TestPNMTransformRefuses: a sample above maxval is refused as the decoder
// refuses it, plain and PBM files are left to the decoder, and nothing is
// written for a file refused half-way.
func TestPNMTransformRefuses(t *testing.T) {
	good, _ := rawPNM(rand.New(rand.NewPCG(1, 1)), "P5", 2, 2, 1, 100)
	for _, tt := range []struct {
		name string
		data string
		want error
	}{
		{"sample above maxval", "P5 2 1 100\n\x05\x65", ErrFormat},
		{"16-bit sample above maxval", "P5 1 1 1000\n\x03\xe9", ErrFormat},
		{"second image bad", string(good) + "P5 2 1 100\n\x05\xff", ErrFormat},
		{"truncated", "P6 2 2 255\nabc", ErrFormat},
		{"plain", "P2 1 1 255\n7\n", ErrUnsupported},
		{"pbm", "P4 1 1\n\x80", ErrUnsupported},
		{"second image plain", string(good) + "P2 1 1 255\n7\n", ErrUnsupported},
		{"too large", "P5 100000 100000 255\n", ErrTooLarge},
	} {
		var out bytes.Buffer
		_, err := pnmTransform(&out, bytes.NewReader([]byte(tt.data)), Transform{Orientation: pixbuf.Rotate90})
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
		if _, derr := Decode(bytes.NewReader([]byte(tt.data)), nil); tt.want == ErrFormat && tt.data[:2] != string(good[:2]) && !errors.Is(derr, ErrFormat) {
			t.Errorf("%s: the decoder says %v", tt.name, derr)
		}
		if out.Len() != 0 {
			t.Errorf("%s: %d bytes written", tt.name, out.Len())
		}
	}
}

// TestInteropPNMTransformPamflip compares the transform of 8- and 16-bit
// files, read from disk, with Netpbm's pamflip, byte for byte.
func TestInteropPNMTransformPamflip(t *testing.T) {
	pamflip, err := exec.LookPath("pamflip")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pamflip is not installed (Debian package netpbm)")
		}
		t.Skip("pamflip is not installed")
	}
	flags := map[pixbuf.Orientation]string{
		pixbuf.Identity: "-null", pixbuf.FlipHorizontal: "-lr", pixbuf.FlipVertical: "-tb", pixbuf.Rotate180: "-r180",
		pixbuf.Transpose: "-xy", pixbuf.Rotate90: "-cw", pixbuf.Rotate270: "-ccw",
		pixbuf.Transverse: "-xform=transpose,leftright,topbottom",
	}
	rng := rand.New(rand.NewPCG(5, 6))
	dir := t.TempDir()
	for _, k := range []struct {
		magic         string
		depth, maxval int
	}{{"P6", 3, 255}, {"P5", 1, 4095}, {"P7", 4, 65535}} {
		data, _ := rawPNM(rng, k.magic, 37, 53, k.depth, k.maxval)
		path := filepath.Join(dir, "in.pnm")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for o, flag := range flags {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			var ours bytes.Buffer
			_, err = pnmTransform(&ours, f, Transform{Orientation: o})
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			theirs, err := exec.CommandContext(ctx, pamflip, flag, path).Output()
			cancel()
			if err != nil {
				t.Fatalf("pamflip %s: %v", flag, err)
			}
			ra, err1 := firstRaw(ours.Bytes())
			rb, err2 := firstRaw(theirs)
			if err1 != nil || err2 != nil {
				t.Fatalf("%s %v: %v %v", k.magic, o, err1, err2)
			}
			if ra.Header.Width != rb.Header.Width || ra.Header.Height != rb.Header.Height ||
				ra.Header.MaxVal != rb.Header.MaxVal || !bytes.Equal(ra.Raster, rb.Raster) {
				t.Errorf("%s maxval %d %v: differs from pamflip %s", k.magic, k.maxval, o, flag)
			}
		}
	}
}

// firstRaw returns the first image of a binary Netpbm file.
func firstRaw(data []byte) (pnm.RawImage, error) {
	for img, err := range pnm.ParseRaw(data, 0) {
		return img, err
	}
	return pnm.RawImage{}, errors.New("no image")
}

// FuzzPNMTransform: no input panics the transform; what it accepts it
// writes as a file of as many images, each holding the source's samples
// turned.
func FuzzPNMTransform(f *testing.F) {
	f.Add([]byte("P5 2 1 255\nab\nP6 1 1 100\n\x01\x02\x03"), uint8(6))
	f.Add([]byte("P7\nWIDTH 1\nHEIGHT 2\nDEPTH 2\nMAXVAL 1000\nENDHDR\n\x00\x01\x03\xe8\x00\x00\x00\x07"), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, o uint8) {
		var out bytes.Buffer
		res, err := pnmTransform(&out, bytes.NewReader(data), Transform{Orientation: pixbuf.Orientation(o & 7), MaxPixels: 1 << 16})
		if err != nil {
			return
		}
		n := 0
		for _, err := range pnm.ParseRaw(out.Bytes(), 1<<16) {
			if err != nil {
				t.Fatalf("output refused: %v", err)
			}
			n++
		}
		if n != res.Images {
			t.Fatalf("%d images out, result says %d", n, res.Images)
		}
	})
}

// TestPNMTransformReadsTheFile holds the transform's input to a copy of the
// file, not a mapping of it: bytes another process writes into the file
// after it was read must not show through (they would in a mapping, and a
// truncation would be a SIGBUS that ends the program). Sizes around the
// buffer's growth point are read whole.
func TestPNMTransformReadsTheFile(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 4095, 4096, 4097, 1 << 20} {
		want := bytes.Repeat([]byte{'a'}, size)
		path := filepath.Join(dir, fmt.Sprint(size))
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		data, err := readInput(f)
		if err != nil {
			t.Fatalf("%d bytes: %v", size, err)
		}
		if size > 0 {
			w, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.WriteAt(bytes.Repeat([]byte{'b'}, size), 0); err != nil {
				t.Fatal(err)
			}
			w.Close()
		}
		if !bytes.Equal(data, want) {
			t.Errorf("%d bytes: input changed with the file after it was read (%d bytes read)", size, len(data))
		}
		f.Close()
	}
}
