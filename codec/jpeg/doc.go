// Package jpeg reads and writes JPEG files at the level of quantized DCT
// coefficients, and transforms them without loss: the eight orientations
// of the square and crops on the iMCU grid, as jpegtran does, in pure Go.
//
// It is a leaf format package like codec/pnm: it imports pixbuf and
// codec's shared sentinels (codec/codecerr) but never codec itself; a small
// file in codec registers it.
//
// # Reading
//
// [Decode], [DecodeBytes] and [DecodeConfig] read a file into an [Image];
// a [Decoder] reads it one iMCU row at a time. They read:
//
//   - baseline (SOF0), extended (SOF1) and progressive (SOF2) frames with
//     Huffman coding and 8-bit samples, 8- or 16-bit quantization tables;
//   - progressive scans with spectral selection and successive
//     approximation (DC and AC, first and refinement scans, end-of-band
//     runs), checked against the scans before them;
//   - restart intervals (DRI and RST0-RST7 markers, which must come in
//     order where the interval puts them);
//   - 1, 3 or 4 components (gray; YCbCr or, per an Adobe segment, RGB;
//     CMYK or YCCK) with any sampling factors 1 to 4 on each axis, in
//     interleaved scans and in non-interleaved ones, which code only the
//     blocks that hold pixels;
//   - every APPn and COM segment, verbatim and in file order, into
//     Image.Segments, and every byte after EOI into Image.Trailer; 0xFF fill
//     bytes before markers are skipped.
//
// They refuse, with an error wrapping codecerr.ErrUnsupported that names
// the feature: arithmetic coding (SOF9-SOF15, DAC), 12-bit samples,
// lossless (SOF3) and hierarchical (SOF5-SOF7, DHP, EXP) JPEG, JPEG-LS
// (SOF55), a height defined by a DNL marker, 2 components or more than 4,
// two components with one identifier, a quantization table redefined
// after a component has started using it, and more scans than
// [DecodeOptions].MaxScans.
//
// Damaged data is refused, never repaired: a file cut short anywhere
// (its EOI marker included) gives an error wrapping codecerr.ErrFormat
// and io.ErrUnexpectedEOF, and entropy-coded data that ends at a marker
// before its last block, a Huffman code its table lacks, a coefficient
// out of range, a run past the end of a block, a misplaced restart
// marker, a bad progression, a component without a scan, all give
// ErrFormat. libjpeg-turbo instead pads a truncated scan with zeros and
// warns; a lossless rewriter that did so would write a damaged file as if
// it were whole. (Bytes outside every segment, before a marker, are
// skipped, as libjpeg skips them with a warning: no decoder reads them.)
//
// # Limits and memory
//
// The frame's width*height is checked against [DecodeOptions].MaxPixels
// (2^26 by default) before anything is allocated for it, and the
// coefficients against four per pixel of the limit. [DecodeBytes] holds
// 128 bytes per 8x8 block of each component padded to whole iMCUs: about
// 2 bytes per pixel for gray, 3 for 4:2:0, 4 for 4:2:2, 6 for 4:4:4 and 8
// for CMYK, plus the file; before allocating them it checks the data holds
// at least the one bit each block takes, so a short file cannot make it
// allocate for a large declared size. (Padding can still make a thin image
// with large sampling factors, a 1-pixel column with 4x4 sampling, cost
// about 3 KB per byte of its data.) Every coefficient of a progressive
// file is in at most 14 scans, so the work is bounded by its size too.
//
// A [Decoder] of a sequential file whose first scan holds every component
// streams: it needs one iMCU row of blocks, which the caller owns, and a
// 96 KiB input window: about 48 bytes per pixel column for 4:2:0 YCbCr,
// whatever the height. Other files (progressive, or one scan per
// component) are decoded whole on the first row, as DecodeBytes does.
package jpeg
