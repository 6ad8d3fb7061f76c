package meta

import (
	"bytes"
	"encoding/binary"
	"unicode/utf16"
)

// ICCDescription returns the profile description of an ICC profile (its
// 'desc' tag: textDescriptionType in version 2 profiles, the English or
// else first record of multiLocalizedUnicodeType in version 4), and false
// when the profile is malformed or has none. Every read is bounds-checked.
func ICCDescription(icc []byte) (string, bool) {
	if len(icc) < 132 || string(icc[36:40]) != "acsp" {
		return "", false
	}
	n := binary.BigEndian.Uint32(icc[128:])
	if uint64(n)*12+132 > uint64(len(icc)) {
		return "", false
	}
	for i := range int(n) {
		e := icc[132+12*i:]
		if string(e[:4]) != "desc" {
			continue
		}
		off, size := uint64(binary.BigEndian.Uint32(e[4:])), uint64(binary.BigEndian.Uint32(e[8:]))
		if off+size > uint64(len(icc)) || size < 12 {
			return "", false
		}
		return descText(icc[off : off+size])
	}
	return "", false
}

// descText decodes the text of a 'desc' tag's data.
func descText(t []byte) (string, bool) {
	switch string(t[:4]) {
	case "desc": // textDescriptionType: an ASCII count and the text with its NUL
		n := uint64(binary.BigEndian.Uint32(t[8:]))
		if n == 0 || 12+n > uint64(len(t)) {
			return "", false
		}
		s, _, _ := bytes.Cut(t[12:12+n], []byte{0})
		return string(s), true
	case "mluc": // multiLocalizedUnicodeType: records of UTF-16BE text
		if len(t) < 16 {
			return "", false
		}
		count, recSize := uint64(binary.BigEndian.Uint32(t[8:])), uint64(binary.BigEndian.Uint32(t[12:]))
		if count == 0 || recSize < 12 || 16+count*recSize > uint64(len(t)) {
			return "", false
		}
		pick := uint64(0)
		for i := range count {
			if string(t[16+i*recSize:16+i*recSize+2]) == "en" {
				pick = i
				break
			}
		}
		r := t[16+pick*recSize:]
		n, off := uint64(binary.BigEndian.Uint32(r[4:])), uint64(binary.BigEndian.Uint32(r[8:]))
		if off+n > uint64(len(t)) || n%2 != 0 {
			return "", false
		}
		u := make([]uint16, n/2)
		for i := range u {
			u[i] = binary.BigEndian.Uint16(t[off+2*uint64(i):])
		}
		s := string(utf16.Decode(u))
		return string(bytes.TrimRight([]byte(s), "\x00")), true
	}
	return "", false
}
