// Package codec moves pixels between pixbuf views, Go's image.Image and
// image files.
//
// # Views and image.Image
//
// A view's channel count says what it holds: 1 gray, 2 gray+alpha, 3 RGB,
// 4 RGBA with straight (non-premultiplied) alpha. [FromImage] returns a view
// sharing memory with an *image.NRGBA, an *image.Gray or an opaque
// *image.RGBA, and converts every other image with a dedicated kernel
// (YCbCr of every subsampling, NYCbCrA, Paletted, CMYK, premultiplied RGBA,
// 16-bit types), splitting large images into row bands over up to
// GOMAXPROCS goroutines, or as many as a [Workers] option allows. [FromImage16] keeps 16 bits. [ToImage] goes the other way:
// a standard image sharing memory when the layout allows, otherwise an
// adapter implementing image.Image, image.RGBA64Image and draw.Image over
// any view, so that a flipped or cropped view can be handed to png.Encode,
// image/draw, golang.org/x/image/draw or imaging without a copy.
//
// # Formats
//
// Every format is one [Format] value — name, extensions, content sniffing,
// header reader, decoder, encoder with the views it [Writes], and an
// optional transform without decoding — and a [Registry] holds the formats
// a program speaks. [Default] holds the built-in ones, each registered in
// one small file of this package; the package-level Decode, Load, Encode
// and Save use it, and the same are methods of *Registry for a registry of
// one's own ([NewRegistry]). [Registry.Identify] finds a file's format by
// its content, whatever its name says. A format's Transform moves stored
// data without decoding it (Netpbm's raster bytes; later JPEG's DCT
// coefficients) and returns a [Result] saying which [Path] it took and what
// it dropped or changed.
//
// # Files
//
//   - PNG: decodes 8/16-bit gray, gray+alpha, RGB, RGBA and paletted;
//     encodes 8/16-bit, an all-opaque RGBA view as RGB.
//   - JPEG: decodes gray, YCbCr (every subsampling) and CMYK; encodes 8-bit
//     gray or RGB with [EncodeOptions].Quality, dropping alpha.
//   - GIF: decodes the first frame, placed on a screen-sized canvas;
//     encodes an exact palette up to 256 colors, else Plan 9 with
//     Floyd-Steinberg dithering.
//   - BMP: decodes 1 to 32 bits; encodes 8-bit gray or 24-bit RGB,
//     dropping alpha.
//   - TIFF: decodes 8/16-bit, paletted and bilevel; encodes 8/16-bit with
//     Deflate, RGB with an opaque alpha channel.
//   - WebP: decodes lossy, lossless and lossy with alpha; encoding is
//     [ErrUnsupported].
//   - Netpbm (through codec/pnm): decodes PBM, PGM, PPM and PAM, 8/16-bit;
//     encodes P5, P6 or P7 at the view's depth and channel count.
//
// [Decode] detects the format from the content, [Save] from the extension
// unless [EncodeOptions] names one. A decoded [Image] holds its view in
// [Image.Pixels] at its own depth — a pixbuf.View[uint8], or a
// pixbuf.View[uint16] for 16-bit PNG, TIFF and Netpbm files ([Image.Depth]
// is bits per sample, everywhere in codec) — and [Registry.Save] writes it
// back as it is, 16 bits kept where the format holds them. [Save] replaces
// files atomically through [WriteFileAtomic].
//
// # Limits and hostile input
//
// Decode reads the header first and refuses, before any pixel is allocated,
// a zero width or height ([ErrFormat]) and more than
// [DecodeOptions].MaxPixels pixels, [DefaultMaxPixels] (2^26) by default,
// or a width*height*channels*bytes-per-sample that overflows
// ([ErrTooLarge]). A decoded size that differs from the header is
// [ErrFormat]. Malformed and truncated data wrap [ErrFormat] (and the
// decoder's own error, io.ErrUnexpectedEOF for a truncation); an error
// from the reader or the file system comes back as itself, never as an
// unknown format. No input panics: the package's tests decode hand-made
// headers declaring 100000x100000 pixels over a few bytes, and truncations
// of every sample file, in a subprocess that must stay under 64 MB of
// allocation, and fuzz every decoder. Within the limit, when the input's
// length is known (a file, a bytes.Reader), a PNG that even deflate's best
// ratio could not fit in it, or an uncompressed BMP longer than it, is
// refused before allocation too; JPEG, GIF, TIFF and WebP headers within
// the limit are trusted, so such a file declaring 8000x8000 pixels over a
// tiny body may make its decoder allocate them before finding the body
// missing.
//
// # Orientation
//
// The EXIF orientation (tag 0x0112) of JPEG (APP1 "Exif"), PNG (an eXIf
// chunk before the image data) and TIFF (the first IFD) files is read by a
// bounds-checked parser that ignores bad offsets, impossible entry counts
// and values outside 1-8 (in codec/meta). It is a pixbuf.Orientation, whose
// zero value is the identity; Decode applies it as an O(1) view
// (View.Orient), so [Image.Pixels] is as displayed;
// [DecodeOptions].NoAutoOrient keeps the stored layout.
// [Image.Orientation] and [Config.Orientation] report it either way, and
// [Config] gives the displayed width and height.
//
// # Errors
//
// Errors wrap [ErrFormat], [ErrUnsupported] or [ErrTooLarge] (the values of
// codec/codecerr) or a pixbuf sentinel, and say each thing once: the
// package, then the path for Load and Save, then the format, then what
// went wrong — "codec: load x.png: png: truncated: unexpected EOF".
//
// # Aliasing
//
// Views from FromImage share the image's memory when the documentation says
// so, and images from ToImage share the view's: writes through one show in
// the other. Decode's views own their memory, except that an RGB file whose
// decoder returns opaque RGBA gives a 3-channel window onto those 4-channel
// pixels.
package codec
