package meta

import "encoding/binary"

// IPTC-IIM is stored two ways: JPEG (APP13) and Photoshop keep it as
// resource 0x0404 of a Photoshop image resource block (IRB), beside other
// resources; TIFF's IPTC-NAA tag and bare PNG profiles hold the IIM
// records alone. [Metadata.IPTC] has the IRB form; these two convert.

// WrapIIM returns bare IPTC-IIM records as an IRB holding them as
// resource 0x0404, the form [Metadata.IPTC] holds. Data that already is
// an IRB ("8BIM...") is returned as it is.
func WrapIIM(iim []byte) []byte {
	if len(iim) >= 4 && string(iim[:4]) == "8BIM" {
		return iim
	}
	return wrapIIM(iim)
}

// IIMRecords returns the IPTC-IIM records of an IRB (its resource 0x0404)
// for TIFF's IPTC-NAA tag, and whether the IRB holds other resources,
// which that tag has no place for (exiftool's IPTCDigest, Photoshop's
// resolution and slices...). Bare IIM records (starting 0x1C) are
// returned as they are. A block that does not parse as an IRB gives nil
// and true: nothing of it is carried.
func IIMRecords(irb []byte) (iim []byte, others bool) {
	if len(irb) > 0 && irb[0] == 0x1c {
		return irb, false
	}
	for len(irb) > 0 {
		if len(irb) < 7 || string(irb[:4]) != "8BIM" {
			return iim, true
		}
		id := binary.BigEndian.Uint16(irb[4:])
		name := 1 + int(irb[6]) // a Pascal string, padded to an even length
		name += name % 2
		if len(irb) < 6+name+4 {
			return iim, true
		}
		n := binary.BigEndian.Uint32(irb[6+name:])
		start := 6 + name + 4
		if uint64(n) > uint64(len(irb)-start) {
			return iim, true
		}
		data := irb[start : start+int(n)]
		if id == 0x0404 && iim == nil {
			iim = data
		} else {
			others = true
		}
		next := start + int(n) + int(n)%2
		if next > len(irb) {
			next = len(irb) // the last resource's padding may be missing
		}
		irb = irb[next:]
	}
	return iim, others
}
