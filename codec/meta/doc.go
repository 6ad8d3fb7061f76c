// Package meta is pixview's one place for image metadata segments: EXIF,
// ICC profiles, XMP (with JPEG extended XMP), IPTC, comments and PNG's
// ancillary chunks. It reads them from JPEG segments, PNG chunks and TIFF
// files, writes them to JPEG segments and PNG chunks, summarizes them for
// display, and patches EXIF and XMP tags in place.
//
// # The model
//
// [Metadata] holds every part in a plain field, format-neutral: EXIF as
// its TIFF structure, the ICC profile whole (however many JPEG segments
// carried it), the main XMP packet and the reassembled extended XMP,
// IPTC as a Photoshop image resource block, comments, PNG text, the PNG
// colour chunks and the resolution. Read it with [FromJPEG] (or
// [FromJPEGFile]), [FromPNG] (or [FromPNGChunks]) and [FromTIFF]; write
// it with [Metadata.JPEGSegments] and [Metadata.PNGChunks], or put it
// into a file with [InsertJPEG] and [InsertPNG]. Parts move between
// formats: JFIF density, pHYs and TIFF XResolution map onto one
// [Resolution]; PNG "Comment" text and JPEG COM onto each other;
// ImageMagick's "Raw profile type" text chunks are read into their
// fields.
//
// # Nothing dropped without a word
//
// A writer that cannot carry a part (EXIF over 64 KiB in JPEG, PNG text
// in JPEG, extended XMP in PNG) leaves it out and says so in the
// [Dropped] list it returns, for the per-file record. Readers are
// lenient: a malformed part is left out and reported in the error, which
// wraps codecerr.ErrFormat, while the other parts are returned.
//
// # In-place patching
//
// The EXIF helpers ([ExifOrientation], [SetExifOrientation],
// [SetExifDimensions], [DropExifThumbnail], [ExifThumbnail]) work on the
// TIFF structure itself: the body of a JPEG APP1 segment after
// [ExifPrefix], a PNG eXIf chunk, or a TIFF file. They never move bytes, so
// offsets elsewhere in the structure stay valid, and they accept both byte
// orders. [SetXMPOrientation] and [SetXMPDimensions] patch XMP packets in
// place when the new value has the old one's length. Every read is checked
// against the data's length: no input panics, and a structure too broken
// to patch is reported by a false result, not repaired.
//
// # Aliasing
//
// Readers return fields that alias their input where a part is stored in
// one piece (EXIF in one APP1 segment, an uncompressed eXIf chunk), so a
// patch through the model patches the file's bytes, which the lossless
// JPEG path relies on. [Metadata.Clone] returns a copy that shares
// nothing.
//
// # Dependencies
//
// meta is a leaf of the codec tree: it never imports package codec, so
// codec, codec/jpeg and cmd/pixtool can all import it. It reads the EXIF
// tags it needs (orientation, dimensions, the summary's few) by number
// with its own TIFF walker, which also does the in-place patching; a
// display of every tag by name is package exiftags, through
// github.com/bep/imagemeta, kept apart so that importing meta does not
// initialise imagemeta's tables at every start of a program.
package meta
