package main

import (
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"

	"github.com/pixview/pixview/codec"
	"github.com/pixview/pixview/codec/jpeg"
	"github.com/pixview/pixview/pixbuf"

	"github.com/spf13/cobra"
	"golang.org/x/image/draw"
)

// newThumbnailCmd builds "pixtool thumbnail".
func newThumbnailCmd(a *app) *cobra.Command {
	var size, quality int
	var out string
	cmd := &cobra.Command{
		Use:   "thumbnail --size N --out DIR FILE...",
		Short: "Make thumbnails that fit within N x N pixels",
		Long: `Make a thumbnail of each image that fits within N x N pixels, keeping its
aspect ratio and showing it upright (its EXIF orientation applied), as
vipsthumbnail --size or ImageMagick -thumbnail do. A JPEG is decoded at the
smallest of 1/1, 1/2, 1/4 and 1/8 of its size that is still at least N
pixels on its longer side (libjpeg-turbo's scaled decode, djpeg -scale), and
the last step is Catmull-Rom resampling; other formats are decoded in full.
Images no larger than N are written at their size. Each thumbnail is
written under DIR with the input's name, in its format.`,
		Example: `  pixtool thumbnail --size 256 --out thumbs/ photos/*.jpg`,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case size < 1:
				return errors.New("thumbnail needs --size N, at least 1")
			case out == "":
				return errors.New("thumbnail needs --out DIR")
			case quality < 0 || quality > 100:
				return fmt.Errorf("--quality must be between 0 and 100, not %d", quality)
			}
			if err := os.MkdirAll(out, 0o755); err != nil {
				return err
			}
			var errs []error
			for _, path := range args {
				if err := thumbnailFile(a.fmts, path, filepath.Join(out, filepath.Base(path)), size, quality, true); err != nil {
					fmt.Fprintf(a.stderr, "pixtool: %s: %v\n", path, err)
					errs = append(errs, err)
				}
			}
			if len(errs) > 0 {
				return &exitError{code: exitFailure}
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&size, "size", 0, "fit within `N` x N pixels")
	cmd.Flags().StringVarP(&out, "out", "o", "", "write thumbnails under `DIR`")
	cmd.Flags().IntVar(&quality, "quality", 0, "JPEG quality `Q`, 1 to 100 (0: the source's own tables)")
	return cmd
}

// thumbnailFile writes the thumbnail of the image at path to dst. With
// stream, a JPEG decoded straight to the thumbnail's size goes out band
// by band (streamThumbnail); without, every image is decoded whole, the
// path the streamed one is tested against.
func thumbnailFile(fs formats, path, dst string, size, quality int, stream bool) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var v pixbuf.View[uint8]
	var src *codec.Source
	if format, err := fs.reg.Identify(f); err == nil && format.Name == codec.JPEG {
		if _, err := f.Seek(0, 0); err != nil {
			return err
		}
		dec, err := jpeg.NewDecoder(f, nil)
		if err != nil {
			return err
		}
		if stream {
			if ok, err := streamThumbnail(fs, dec, dst, size, quality); ok || err != nil {
				return err
			}
		}
		if v, src, err = decodeThumbnailJPEG(dec, size); err != nil {
			return err
		}
	} else {
		if _, err := f.Seek(0, 0); err != nil {
			return err
		}
		if v, src, err = decodeWhole(fs, f); err != nil {
			return err
		}
	}
	h, w, _ := v.Shape()
	tw, th := fitWithin(w, h, size)
	if tw != w || th != h {
		v, err = resample(v, tw, th)
		if err != nil {
			return err
		}
	}
	return fs.reg.Save(dst, v, &codec.EncodeOptions{Quality: quality, Source: src})
}

// streamThumbnail writes the thumbnail of the JPEG dec reads to dst
// without holding it whole, when nothing needs the whole image: the
// scaled decode already has the thumbnail's size (a 4032x3024 photo at
// --size 504 is its 1/8 decode), is shown as stored (EXIF orientation 1)
// and goes to a JPEG. Each band of decoded rows goes straight into the
// encoder, as djpeg writes its rows out: the thumbnail's view, a fresh
// allocation of one page fault every 4 KiB (~17 µs each on the project's
// VM), is never made. The file equals the decoded path's byte for byte
// (the same encoder options as codec's Save makes from the same source;
// TestThumbnailStreamedEqualsWhole). It reports false, having read no
// pixel, when the image needs the decoded path.
func streamThumbnail(fs formats, dec *jpeg.Decoder, dst string, size, quality int) (bool, error) {
	hdr := dec.Header()
	opts := &jpeg.PixelOptions{Scale: jpeg.ScaleFor(hdr.Width, hdr.Height, size)}
	h, w, c, err := dec.PixelSize(opts)
	if err != nil {
		return false, nil // the decoded path reports it
	}
	if tw, th := fitWithin(w, h, size); tw != w || th != h || jpeg.FileOrientation(hdr) != pixbuf.Identity {
		return false, nil
	}
	if f := fs.reg.ByExtension(filepath.Ext(dst)); f == nil || f.Name != codec.JPEG {
		return false, nil
	}
	// What codec's JPEG encoder writes for this source and quality; the
	// JFIF segment is the one a nil Segments writes.
	po, err := codec.JPEGPixelOptions(&codec.EncodeOptions{Quality: quality, Source: codec.JPEGSource(hdr)})
	if err != nil {
		return false, nil // the decoded path reports it
	}
	var decErr error // the input's, said as the decoded path says it
	err = codec.WriteFileAtomic(dst, func(out io.Writer) error {
		pw, _, err := jpeg.NewPixelWriter(out, w, h, c, po)
		if err != nil {
			return err
		}
		var wErr error
		decErr = dec.DecodeRows(opts, func(_ int, band pixbuf.View[uint8]) error {
			wErr = pw.WriteRows(band)
			return wErr
		})
		switch {
		case wErr != nil:
			decErr = nil
			return wErr
		case decErr != nil:
			return decErr
		}
		return pw.Close()
	})
	switch {
	case decErr != nil:
		return true, decErr
	case err != nil:
		return true, fmt.Errorf("codec: save %s: %w", dst, err)
	}
	return true, nil
}

// decodeThumbnailJPEG decodes the JPEG dec reads upright, at the smallest
// scale from which the thumbnail can still be downscaled.
func decodeThumbnailJPEG(dec *jpeg.Decoder, size int) (pixbuf.View[uint8], *codec.Source, error) {
	hdr := dec.Header()
	opts := &jpeg.PixelOptions{Scale: jpeg.ScaleFor(hdr.Width, hdr.Height, size)}
	h, w, c, err := dec.PixelSize(opts)
	if err != nil {
		return pixbuf.View[uint8]{}, nil, err
	}
	v := pixbuf.New[uint8](h, w, c)
	if err := dec.DecodeInto(v, opts); err != nil {
		return pixbuf.View[uint8]{}, nil, err
	}
	return v.Orient(jpeg.FileOrientation(hdr)), codec.JPEGSource(hdr), nil
}

// decodeWhole decodes any other format in full, as 8-bit samples.
func decodeWhole(fs formats, r io.Reader) (pixbuf.View[uint8], *codec.Source, error) {
	m, err := fs.reg.Decode(r, nil)
	if err != nil {
		return pixbuf.View[uint8]{}, nil, err
	}
	switch p := m.Pixels.(type) {
	case pixbuf.View[uint8]:
		return p, m.Source, nil
	case pixbuf.View[uint16]:
		v, err := codec.FromImage(codec.ToImage(p))
		return v, m.Source, err
	}
	return pixbuf.View[uint8]{}, nil, fmt.Errorf("%s decoder returned a %T: %w", m.Format, m.Pixels, codec.ErrUnsupported)
}

// fitWithin returns the size of a w x h image scaled to fit within n x n,
// keeping its aspect ratio (each side at least 1); an image that fits
// already keeps its size.
func fitWithin(w, h, n int) (int, int) {
	if w <= n && h <= n {
		return w, h
	}
	if w >= h {
		return n, max(1, (h*n+w/2)/w)
	}
	return max(1, (w*n+h/2)/h), n
}

// resample scales v to w x h with Catmull-Rom.
func resample(v pixbuf.View[uint8], w, h int) (pixbuf.View[uint8], error) {
	var dst draw.Image
	if v.Channels() == 1 {
		dst = image.NewGray(image.Rect(0, 0, w, h))
	} else {
		dst = image.NewRGBA(image.Rect(0, 0, w, h))
	}
	draw.CatmullRom.Scale(dst, dst.Bounds(), codec.ToImage(v), image.Rect(0, 0, v.Width(), v.Height()), draw.Src, nil)
	out, err := codec.FromImage(dst)
	if err != nil {
		return out, err
	}
	if out.Channels() == 4 {
		out = out.ChannelRange(0, 3)
	}
	return out, nil
}
