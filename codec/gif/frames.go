package gif

import (
	"bufio"
	"bytes"
	"io"
)

// Frames counts the images of the GIF stream r by walking its blocks,
// without decoding them and without holding the stream: it reads r once,
// through a small buffer. An image whose descriptor starts counts, even
// when the stream is cut inside it, since the file meant to hold it. The
// error wraps codecerr.ErrFormat when r is not GIF, breaks off or ends
// before its trailer; the images counted up to there are returned with
// it, so a cut animation still says it holds several.
func Frames(r io.Reader) (int, error) {
	return walk(r, nil, nil)
}

// walker reads the blocks of a GIF stream, keeping the offset of the next
// byte for its errors.
type walker struct {
	br  *bufio.Reader
	off int64
}

// byte reads one byte; what names what it belongs to in the error.
func (w *walker) byte(what string) (byte, error) {
	b, err := w.br.ReadByte()
	if err != nil {
		return 0, errFormat("%s cut short at offset %d", what, w.off)
	}
	w.off++
	return b, nil
}

// skip discards n bytes of what.
func (w *walker) skip(n int, what string) error {
	k, err := w.br.Discard(n)
	w.off += int64(k)
	if err != nil {
		return errFormat("%s cut short at offset %d", what, w.off)
	}
	return nil
}

// colorTable skips the colour table that a descriptor's flags announce.
func (w *walker) colorTable(flags byte) error {
	if flags&0x80 == 0 {
		return nil
	}
	return w.skip(3<<(flags&7+1), "colour table")
}

// subBlocks reads data sub-blocks up to the terminator, appending them as
// stored (size bytes and terminator included) to keep when it is not nil
// and skipping them otherwise.
func (w *walker) subBlocks(keep *[]byte) error {
	for {
		n, err := w.byte("sub-blocks")
		if err != nil {
			return err
		}
		if keep != nil {
			*keep = append(*keep, n)
		}
		if n == 0 {
			return nil
		}
		if keep == nil {
			if err := w.skip(int(n), "sub-blocks"); err != nil {
				return err
			}
			continue
		}
		start := len(*keep)
		*keep = append(*keep, make([]byte, n)...)
		k, err := io.ReadFull(w.br, (*keep)[start:])
		w.off += int64(k)
		if err != nil {
			return errFormat("sub-blocks cut short at offset %d", w.off)
		}
	}
}

// walk reads the GIF stream r up to its trailer and counts its images as
// [Frames] says. For each extension whose label keep reports true, it
// calls ext with the label and the extension's sub-blocks as stored;
// other extensions and all image data are skipped without being held.
func walk(r io.Reader, keep func(label byte) bool, ext func(label byte, blocks []byte)) (int, error) {
	w := &walker{br: bufio.NewReader(r)}
	var hdr [13]byte
	k, err := io.ReadFull(w.br, hdr[:])
	w.off = int64(k)
	if err != nil || !bytes.HasPrefix(hdr[:], []byte("GIF87a")) && !bytes.HasPrefix(hdr[:], []byte("GIF89a")) {
		return 0, errFormat("not a GIF file")
	}
	if err := w.colorTable(hdr[10]); err != nil {
		return 0, err
	}
	n := 0
	for {
		at := w.off
		b, err := w.byte("data")
		if err != nil {
			return n, errFormat("the stream ends at offset %d before its trailer", at)
		}
		switch b {
		case 0x21: // extension: a label, then sub-blocks
			label, err := w.byte("extension")
			if err != nil {
				return n, err
			}
			if keep != nil && keep(label) {
				var blocks []byte
				if err := w.subBlocks(&blocks); err != nil {
					return n, err
				}
				ext(label, blocks)
				continue
			}
			if err := w.subBlocks(nil); err != nil {
				return n, err
			}
		case 0x2c: // image descriptor, local colour table, LZW code size, sub-blocks
			n++
			if err := w.skip(8, "image descriptor"); err != nil {
				return n, err
			}
			flags, err := w.byte("image descriptor")
			if err != nil {
				return n, err
			}
			if err := w.colorTable(flags); err != nil {
				return n, err
			}
			if _, err := w.byte("image data"); err != nil {
				return n, err
			}
			if err := w.subBlocks(nil); err != nil {
				return n, err
			}
		case 0x3b: // trailer
			return n, nil
		default:
			return n, errFormat("unknown block 0x%02x at offset %d", b, at)
		}
	}
}
