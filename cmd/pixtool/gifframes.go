package main

import (
	"bufio"
	"bytes"
	"io"

	"github.com/pixview/pixview/codec"
)

// gifFrames counts the images of the GIF stream r holds by walking its
// blocks, without decoding any: the decoded path keeps a GIF's first frame
// only, so an animation that would take it is refused (animatedGIF). It
// returns the images counted so far and an error wrapping codec.ErrFormat
// when the stream is broken or cut short; the decoder then says what is
// wrong with it.
func gifFrames(r io.Reader) (int, error) {
	br := bufio.NewReader(r)
	var hdr [13]byte
	if _, err := io.ReadFull(br, hdr[:]); err != nil || !bytes.HasPrefix(hdr[:], []byte("GIF")) {
		return 0, tagged(codec.ErrFormat, "not a GIF stream")
	}
	if err := skipColorTable(br, hdr[10]); err != nil {
		return 0, err
	}
	n := 0
	for {
		b, err := br.ReadByte()
		if err != nil {
			return n, tagged(codec.ErrFormat, "GIF stream cut short after %d images", n)
		}
		switch b {
		case 0x21: // extension: a label, then sub-blocks
			if _, err := br.ReadByte(); err != nil {
				return n, tagged(codec.ErrFormat, "GIF stream cut short after %d images", n)
			}
		case 0x2c: // image descriptor, local colour table, LZW code size, sub-blocks
			n++
			var d [9]byte
			if _, err := io.ReadFull(br, d[:]); err != nil {
				return n, tagged(codec.ErrFormat, "GIF image %d cut short", n)
			}
			if err := skipColorTable(br, d[8]); err != nil {
				return n, err
			}
			if _, err := br.ReadByte(); err != nil {
				return n, tagged(codec.ErrFormat, "GIF image %d cut short", n)
			}
		case 0x3b: // trailer
			return n, nil
		default:
			return n, tagged(codec.ErrFormat, "GIF block 0x%02x after %d images is unknown", b, n)
		}
		if err := skipSubBlocks(br); err != nil {
			return n, err
		}
	}
}

// skipColorTable skips the colour table that a descriptor's flags byte
// announces.
func skipColorTable(br *bufio.Reader, flags byte) error {
	if flags&0x80 == 0 {
		return nil
	}
	size := 3 << (flags&7 + 1)
	if k, err := br.Discard(size); err != nil || k != size {
		return tagged(codec.ErrFormat, "GIF colour table cut short")
	}
	return nil
}

// skipSubBlocks skips data sub-blocks up to the empty one that ends them.
func skipSubBlocks(br *bufio.Reader) error {
	for {
		size, err := br.ReadByte()
		if err != nil {
			return tagged(codec.ErrFormat, "GIF data cut short")
		}
		if size == 0 {
			return nil
		}
		if k, err := br.Discard(int(size)); err != nil || k != int(size) {
			return tagged(codec.ErrFormat, "GIF data cut short")
		}
	}
}

// animatedGIF refuses, before decoding, a GIF of more than one image on
// the decoded path, which would keep the first alone; src is rewound.
func (r *runner) animatedGIF(src source) error {
	if src.format.name() != codec.GIF {
		return nil
	}
	n, _ := gifFrames(src.r)
	if _, err := src.r.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if n > 1 {
		return tagged(codec.ErrUnsupported, "an animated GIF of %d frames: %s here would decode the first frame only; "+
			"flip, rotate, transpose, transverse and crop into GIF take every frame, "+
			"and the frames can be split first (ffmpeg -i in.gif frame-%%03d.png)", n, r.name)
	}
	return nil
}
