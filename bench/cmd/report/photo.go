package main

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"golang.org/x/image/draw"
)

// photoSource is the photograph the JPEG tasks' input is made from, with
// where it came from: golang.org/x/image's testdata (three plush gophers on
// a black sofa, 600x400, a real camera's photograph), else the Go tree's
// video-001.png (150x103, a video frame), else nothing.
func photoSource() (*image.RGBA, string) {
	var candidates []string
	if out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "golang.org/x/image").Output(); err == nil {
		candidates = append(candidates, filepath.Join(strings.TrimSpace(string(out)), "testdata", "blue-purple-pink-large.png"))
	}
	if out, err := exec.Command("go", "env", "GOROOT").Output(); err == nil {
		candidates = append(candidates, filepath.Join(strings.TrimSpace(string(out)), "src", "image", "testdata", "video-001.png"))
	}
	for _, c := range candidates {
		b, err := os.ReadFile(c)
		if err != nil {
			continue
		}
		m, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			continue
		}
		rgba := image.NewRGBA(image.Rect(0, 0, m.Bounds().Dx(), m.Bounds().Dy()))
		draw.Draw(rgba, rgba.Bounds(), m, m.Bounds().Min, draw.Src)
		return rgba, filepath.Base(c)
	}
	return nil, ""
}

// photoRaster returns w x h RGB24 pixels with a photograph's structure at
// every scale, so that a JPEG encoder spends on them what it spends on a
// photograph, which neither noise (every coefficient) nor smooth
// gradients (almost none) do: src scaled up to the whole frame (the scene),
// blended with src at its own resolution tiled across the frame, every
// other tile mirrored so that no seam shows (a camera's fine detail:
// fur, edges, the sofa's texture), plus a little sensor noise. Without a
// source it is a gradient with the noise.
func photoRaster(w, h int, src *image.RGBA) []byte {
	out := make([]byte, w*h*3)
	n := noise(w*h*3, 7)
	grain := func(i int) int { return int(n[i]>>4)*3/4 - 6 } // -6..5
	if src == nil {
		for y := range h {
			for x := range w {
				i := (y*w + x) * 3
				out[i] = clamp8(x*255/w + grain(i))
				out[i+1] = clamp8(y*255/h + grain(i+1))
				out[i+2] = clamp8((x+y)*127/(w+h) + grain(i+2))
			}
		}
		return out
	}
	up := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.BiLinear.Scale(up, up.Bounds(), src, aspectCrop(src.Bounds(), w, h), draw.Src, nil)
	sw, sh := src.Bounds().Dx(), src.Bounds().Dy()
	for y := range h {
		ty := mirrorTile(y, sh)
		for x := range w {
			tx := mirrorTile(x, sw)
			u := up.Pix[y*up.Stride+x*4:]
			t := src.Pix[ty*src.Stride+tx*4:]
			i := (y*w + x) * 3
			for c := range 3 {
				out[i+c] = clamp8((int(u[c])+int(t[c]))/2 + grain(i+c))
			}
		}
	}
	return out
}

// mirrorTile maps coordinate v of a frame tiled with copies of a source n
// wide, every other copy mirrored, to the source's coordinate.
func mirrorTile(v, n int) int {
	v %= 2 * n
	if v >= n {
		v = 2*n - 1 - v
	}
	return v
}

// aspectCrop returns the largest centred rectangle of r with the aspect
// ratio w:h.
func aspectCrop(r image.Rectangle, w, h int) image.Rectangle {
	rw, rh := r.Dx(), r.Dy()
	if rw*h > rh*w { // too wide
		cw := rh * w / h
		x := r.Min.X + (rw-cw)/2
		return image.Rect(x, r.Min.Y, x+cw, r.Max.Y)
	}
	ch := rw * h / w
	y := r.Min.Y + (rh-ch)/2
	return image.Rect(r.Min.X, y, r.Max.X, y+ch)
}

func clamp8(v int) uint8 { return uint8(max(0, min(255, v))) }

// photoSet is the JPEG tasks' inputs, each path "" when it could not be
// made, with the reason in why.
type photoSet struct {
	w, h        int
	jpg         string // q90 4:2:0 baseline, EXIF (Orientation 1, camera tags, GPS, a thumbnail) when exiftool is there
	progressive string // the same coefficients, progressive (jpegtran -progressive -copy all)
	rotated     string // jpg with Orientation 6
	ppm         string // jpg decoded (djpeg -dct int), the encode task's input
	size        int64  // bytes of jpg
	made        string // how jpg was made, for the task descriptions
	why         map[string]string
}

// makePhotos writes the photo and its variants into dir.
func makePhotos(dir string, w, h int) (photoSet, error) {
	at := join(dir)
	ps := photoSet{w: w, h: h, why: map[string]string{}}
	src, from := photoSource()
	raster := photoRaster(w, h, src)
	if from == "" {
		from = "no source photograph found: a gradient"
	}
	srcPPM := at("photo-src.ppm")
	if err := writePPM(srcPPM, w, h, raster); err != nil {
		return ps, err
	}
	ps.jpg = at("photo.jpg")
	if _, err := exec.LookPath("cjpeg"); err == nil {
		if err := runTool(dir, "cjpeg", "-quality", "90", "-sample", "2x2", "-outfile", ps.jpg, srcPPM); err != nil {
			return ps, err
		}
		ps.made = fmt.Sprintf("from %s, cjpeg -quality 90 -sample 2x2", from)
	} else {
		if err := encodeStdJPEG(ps.jpg, raster, w, h, 90); err != nil {
			return ps, err
		}
		ps.made = fmt.Sprintf("from %s, image/jpeg quality 90 (cjpeg is not installed)", from)
	}
	if _, err := exec.LookPath("exiftool"); err == nil {
		if err := addEXIF(dir, ps.jpg, raster, w, h); err != nil {
			return ps, err
		}
		ps.made += ", EXIF by exiftool (camera tags, GPS, a 160x120 thumbnail)"
	} else {
		ps.made += ", no EXIF (exiftool is not installed)"
		ps.why["rotated"] = "exiftool is not installed: no Orientation=6 input"
		ps.rotated = ""
	}
	if ps.why["rotated"] == "" {
		ps.rotated = at("photo-o6.jpg")
		if err := copyFile(ps.rotated, ps.jpg); err != nil {
			return ps, err
		}
		if err := runTool(dir, "exiftool", "-q", "-overwrite_original", "-n", "-Orientation=6", ps.rotated); err != nil {
			return ps, err
		}
	}
	if _, err := exec.LookPath("jpegtran"); err == nil {
		ps.progressive = at("photo-prog.jpg")
		if err := runTool(dir, "jpegtran", "-progressive", "-copy", "all", "-outfile", ps.progressive, ps.jpg); err != nil {
			return ps, err
		}
	} else {
		ps.why["progressive"] = "jpegtran is not installed: no progressive input"
	}
	if _, err := exec.LookPath("djpeg"); err == nil {
		ps.ppm = at("photo.ppm")
		if err := runTool(dir, "djpeg", "-dct", "int", "-outfile", ps.ppm, ps.jpg); err != nil {
			return ps, err
		}
		os.Remove(srcPPM)
	} else {
		ps.ppm = srcPPM // the pixels before the JPEG, as near as can be had
	}
	st, err := os.Stat(ps.jpg)
	if err != nil {
		return ps, err
	}
	ps.size = st.Size()
	return ps, nil
}

// addEXIF gives the JPEG at path an EXIF block such as a phone writes:
// camera and exposure tags, a date, GPS, Orientation 1 and a thumbnail of
// the raster, so that -copy all and pixtool's metadata path have
// something to carry.
func addEXIF(dir, path string, raster []byte, w, h int) error {
	full := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range w * h {
		copy(full.Pix[i*4:], raster[i*3:i*3+3])
		full.Pix[i*4+3] = 255
	}
	tw, th := 160, 120
	if w < h {
		tw, th = th, tw
	}
	thumb := image.NewRGBA(image.Rect(0, 0, tw, th))
	draw.ApproxBiLinear.Scale(thumb, thumb.Bounds(), full, full.Bounds(), draw.Src, nil)
	var b bytes.Buffer
	if err := jpeg.Encode(&b, thumb, &jpeg.Options{Quality: 75}); err != nil {
		return err
	}
	tpath := filepath.Join(dir, "thumb.jpg")
	if err := os.WriteFile(tpath, b.Bytes(), 0o644); err != nil {
		return err
	}
	defer os.Remove(tpath)
	return runTool(dir, "exiftool", "-q", "-overwrite_original", "-n",
		"-Make=Pixview", "-Model=Bench Camera", "-Software=pixview bench/cmd/report",
		"-DateTimeOriginal=2026:11:30 12:00:00", "-CreateDate=2026:11:30 12:00:00",
		"-ExposureTime=0.008", "-FNumber=1.8", "-ISO=100", "-FocalLength=4.2",
		"-GPSLatitude=48.8584", "-GPSLatitudeRef=N", "-GPSLongitude=2.2945", "-GPSLongitudeRef=E",
		"-Orientation=1", "-ThumbnailImage<="+tpath, path)
}

// encodeStdJPEG writes raster as a JPEG with image/jpeg (4:2:0).
func encodeStdJPEG(path string, raster []byte, w, h, quality int) error {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range w * h {
		copy(m.Pix[i*4:], raster[i*3:i*3+3])
		m.Pix[i*4+3] = 255
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: quality}); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// runTool runs an outside tool in dir to make an input, returning its
// output in the error when it fails.
func runTool(dir, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}
