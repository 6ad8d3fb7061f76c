package main

import (
	"io"

	"github.com/pixview/pixview/codec"
	pgif "github.com/pixview/pixview/codec/gif"
)

// animatedGIF refuses, before decoding, a GIF of more than one image on
// the decoded path, which would keep the first alone; src is rewound. The
// count streams through the file (codec/gif.Frames); a broken or cut
// stream is counted up to its fault, and the decoder then says what is
// wrong with it.
func (r *runner) animatedGIF(src source) error {
	if src.format.name() != codec.GIF {
		return nil
	}
	n, _ := pgif.Frames(src.r)
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
