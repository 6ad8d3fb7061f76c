// Package pnm reads and writes Netpbm images — PBM, PGM, PPM and PAM, 8
// and 16 bits — maps binary ones into memory for in-place editing, and
// reads and writes raw video frame streams, all as [pixbuf.View] grids.
//
// A binary Netpbm image is a short text header followed by exactly the
// bytes of a [height, width, channels] grid, so a view can often be made
// without moving a pixel: [Parse] aliases a caller's buffer, [Map] a file.
//
// # Formats
//
// The readers ([Read], [All], [Parse], [ParseAll], [Decode]) take P1 to
// P7: PBM (P1 plain, P4 binary), PGM (P2, P5), PPM (P3, P6) and PAM (P7)
// with DEPTH 1 to 4 and TUPLTYPE GRAYSCALE, GRAYSCALE_ALPHA, RGB,
// RGB_ALPHA or BLACKANDWHITE; maxval 1 to 65535. They follow the Netpbm specifications
// strictly: in P1 to P6 a '#' comment may stand anywhere before the one
// white space character (or comment through its end of line) that ends
// the header, directly after the magic number included; in PAM comments
// are whole lines starting with '#'. Samples above maxval are rejected,
// header numbers bounded to 10 digits and a header to [MaxHeaderBytes].
// Netpbm's own reader is laxer in a few places the specifications forbid
// (a number directly after the magic number, text after "P7" or "ENDHDR"
// on their lines); this package refuses those. The byte paths — [Map],
// [ParseRaw] and [CheckRaster], which move rasters without decoding them —
// refuse a sample above maxval exactly as the decoder does. A file may hold several
// images; [All] and [ParseAll] iterate over them. [ReadHeader] reads a
// header alone.
//
// Samples are scaled to the full range of the element type: maxval up to
// 255 reads as uint8, above as uint16. Maxval 255 and 65535 read unchanged.
//
// [Write] writes P5, P6 and P7 from any view, 8 or 16 bits.
//
// # Limits and hostile input
//
// No input, however broken, panics or allocates much more than it holds:
// an image beyond a pixel limit fails with [codecerr.ErrTooLarge] before any
// sample is allocated, a raster is read into a buffer that grows as bytes
// arrive when the input length is unknown, and [Map] checks the file size
// before mapping. Errors are a [FormatError] or an [UnsupportedError]
// (matching [codecerr.ErrFormat] and [codecerr.ErrUnsupported] under
// errors.Is), and a truncated input also matches io.ErrUnexpectedEOF.
//
// # Element aliasing
//
// A view from [Parse] or [ParseAll] shares the caller's buffer, one from
// [Map] the file, and one from [FrameReader.Next] the reader's single
// frame buffer, which the next call overwrites. Everything else returns
// new memory.
//
// # Raw frames
//
// [FrameReader] and [FrameWriter] move headerless frames in the layouts of
// ffmpeg's -f rawvideo (rgb24, rgba, gray, gray16le), so that pixview can
// sit in a pipe between two ffmpeg processes.
package pnm
