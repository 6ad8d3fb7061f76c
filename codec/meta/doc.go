// Package meta is pixview's one place for image metadata segments: EXIF,
// ICC profiles, XMP (with JPEG extended XMP), IPTC, comments and PNG's
// ancillary chunks. It reads them from JPEG segments, PNG chunks and TIFF
// IFDs, writes them back to JPEG segments and PNG chunks, summarizes them
// for display, and patches EXIF and XMP tags in place.
//
// # In-place patching
//
// The EXIF helpers ([ExifOrientation], [SetExifOrientation],
// [SetExifDimensions], [DropExifThumbnail], [ExifThumbnail]) work on the
// TIFF structure itself: the body of a JPEG APP1 segment after
// [ExifPrefix], a PNG eXIf chunk, or a TIFF file. They never move bytes, so
// offsets elsewhere in the structure stay valid, and they accept both byte
// orders. Every read is checked against the data's length: no input
// panics, and a structure too broken to patch is reported by a false
// result, not repaired.
//
// # Dependencies
//
// meta is a leaf of the codec tree: it never imports package codec, so
// codec, codec/jpeg and cmd/pixtool can all import it.
package meta
