package pixbuf

import "fmt"

// Orientation is one of the eight transforms of the square that map an
// image's pixel grid onto itself: the dihedral group of order 8, whose
// members are the EXIF orientations 1 to 8. The zero value is [Identity].
//
// An Orientation is three bits applied in a fixed order: transpose first
// (mirror along the main diagonal), then mirror left to right, then top to
// bottom. [View.Orient] applies it as an O(1) view, ops.Orient moves the
// pixels, and a lossless JPEG transform moves DCT blocks; all three agree.
type Orientation uint8

// The bits of an Orientation, in the order they apply.
const (
	oTranspose Orientation = 1 << iota
	oFlipH
	oFlipV
)

// The eight orientations, named for what they do to the picture.
const (
	Identity       Orientation = 0                            // EXIF 1
	FlipHorizontal Orientation = oFlipH                       // EXIF 2: mirror left to right
	Rotate180      Orientation = oFlipH | oFlipV              // EXIF 3
	FlipVertical   Orientation = oFlipV                       // EXIF 4: mirror top to bottom
	Transpose      Orientation = oTranspose                   // EXIF 5: mirror along the main diagonal
	Rotate90       Orientation = oTranspose | oFlipH          // EXIF 6: a quarter turn clockwise
	Transverse     Orientation = oTranspose | oFlipH | oFlipV // EXIF 7: mirror along the anti-diagonal
	Rotate270      Orientation = oTranspose | oFlipV          // EXIF 8: a quarter turn counter-clockwise
)

// exifOf maps an Orientation to its EXIF tag value; fromExif is its inverse.
var (
	exifOf   = [8]uint8{1, 5, 2, 6, 4, 8, 3, 7}
	fromExif = [9]Orientation{0, Identity, FlipHorizontal, Rotate180, FlipVertical, Transpose, Rotate90, Transverse, Rotate270}
	names    = [8]string{"identity", "transpose", "flip-horizontal", "rotate-90", "flip-vertical", "rotate-270", "rotate-180", "transverse"}
)

// OrientationFromEXIF returns the orientation that EXIF tag 0x0112 value
// tag (1 to 8) asks a viewer to apply to the stored pixels. ok is false for
// any other value, and o is then Identity, which is what viewers do.
func OrientationFromEXIF(tag int) (o Orientation, ok bool) {
	if tag < 1 || tag > 8 {
		return Identity, false
	}
	return fromExif[tag], true
}

// EXIF returns o's EXIF orientation tag value, 1 to 8.
func (o Orientation) EXIF() int { return int(exifOf[o&7]) }

// Then returns the orientation that applies o and then p:
// v.Orient(o.Then(p)) equals v.Orient(o).Orient(p).
func (o Orientation) Then(p Orientation) Orientation {
	o &= 7
	if p&oTranspose != 0 {
		// A transpose after a mirror equals the other mirror after the
		// transpose, so p's transpose moves to the front by swapping o's
		// two mirror bits.
		o = o&oTranspose | (o&oFlipH)<<1 | (o&oFlipV)>>1
	}
	return o ^ p&7
}

// Inverse returns the orientation that undoes o: o.Then(o.Inverse()) is
// Identity. The mirrors and the half turn are their own inverses; the
// quarter turns invert each other.
func (o Orientation) Inverse() Orientation {
	o &= 7
	if o&oTranspose == 0 {
		return o
	}
	return oTranspose | (o&oFlipH)<<1 | (o&oFlipV)>>1
}

// SwapsAxes reports whether o exchanges width and height: the transposes
// and the quarter turns.
func (o Orientation) SwapsAxes() bool { return o&oTranspose != 0 }

// String returns o's name as the pixtool command line spells it:
// "identity", "flip-horizontal", "rotate-90", "transverse", ...
func (o Orientation) String() string {
	if o > 7 {
		return fmt.Sprintf("Orientation(%d)", uint8(o))
	}
	return names[o]
}

// Orient returns v as it looks after orientation o, an O(1) view: with
// o = OrientationFromEXIF(tag), a stored image as a viewer displays it.
// Orient(Rotate90) is Rotate(90), Orient(FlipHorizontal) is FlipH, and so
// on for all eight.
func (v View[T]) Orient(o Orientation) View[T] {
	if o&oTranspose != 0 {
		v.h, v.w, v.sy, v.sx = v.w, v.h, v.sx, v.sy
	}
	if o&oFlipH != 0 && v.w > 0 {
		v.off += (v.w - 1) * v.sx
		v.sx = -v.sx
	}
	if o&oFlipV != 0 && v.h > 0 {
		v.off += (v.h - 1) * v.sy
		v.sy = -v.sy
	}
	return v
}
