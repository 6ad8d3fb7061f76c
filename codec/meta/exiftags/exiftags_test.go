package exiftags

import (
	"encoding/binary"
	"errors"
	"slices"
	"testing"

	"github.com/pixview/pixview/codec/codecerr"
)

// camera builds a small EXIF structure in byte order bo: IFD0 with Make
// and a pointer to an Exif IFD holding DateTimeOriginal and ExposureTime,
// and an IFD1 whose tag must not be read.
func camera(bo interface {
	binary.ByteOrder
	binary.AppendByteOrder
}) []byte {
	type ent struct {
		tag, typ uint16
		count    uint32
		val      []byte // inline when at most 4 bytes
	}
	b := []byte("II*\x00")
	if bo.String() == binary.BigEndian.String() {
		b = []byte("MM\x00*")
	}
	b = bo.AppendUint32(b, 8)
	// Layout: IFD0 (3 entries) at 8, Exif IFD (2 entries) after it, IFD1
	// (1 entry) after that, then the out-of-line values.
	const ifd0, exif = 8, 8 + 2 + 3*12 + 4
	const ifd1 = exif + 2 + 2*12 + 4
	data := ifd1 + 2 + 12 + 4
	var values []byte
	out := func(v []byte) []byte {
		off := bo.AppendUint32(nil, uint32(data+len(values)))
		values = append(values, v...)
		return off
	}
	ifd := func(es []ent, next uint32) {
		b = bo.AppendUint16(b, uint16(len(es)))
		for _, e := range es {
			b = bo.AppendUint16(b, e.tag)
			b = bo.AppendUint16(b, e.typ)
			b = bo.AppendUint32(b, e.count)
			v := e.val
			if len(v) > 4 {
				v = out(v)
			}
			b = append(b, append(v, make([]byte, 4-len(v))...)...)
		}
		b = bo.AppendUint32(b, next)
	}
	ifd([]ent{
		{0x010f, 2, 8, []byte("PixCam\x00\x00")},
		{0x0112, 3, 1, bo.AppendUint16(nil, 6)},
		{0x8769, 4, 1, bo.AppendUint32(nil, exif)},
	}, ifd1)
	ifd([]ent{
		{0x9003, 2, 20, []byte("2024:05:06 07:08:09\x00")},
		{0x829a, 5, 1, bo.AppendUint32(bo.AppendUint32(nil, 1), 250)},
	}, 0)
	ifd([]ent{{0x0103, 3, 1, bo.AppendUint16(nil, 6)}}, 0)
	return append(b, values...)
}

// TestRead checks names, IFDs and values in both byte orders, and that
// IFD1 (the thumbnail's) is left out.
func TestRead(t *testing.T) {
	for _, bo := range []interface {
		binary.ByteOrder
		binary.AppendByteOrder
	}{binary.LittleEndian, binary.BigEndian} {
		tags, err := Read(camera(bo))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, tg := range tags {
			got = append(got, tg.IFD+" "+tg.Name)
			if tg.Name == "Make" && tg.Value != "PixCam" || tg.Name == "Orientation" && tg.Value != uint16(6) {
				t.Errorf("%v: %s = %#v", bo, tg.Name, tg.Value)
			}
		}
		slices.Sort(got)
		want := []string{"IFD0 Make", "IFD0 Orientation", "IFD0/ExifIFDP DateTimeOriginal", "IFD0/ExifIFDP ExposureTime"}
		if !slices.Equal(got, want) {
			t.Errorf("%v: tags %q, want %q", bo, got, want)
		}
	}
	if _, err := Read([]byte("not a TIFF structure")); !errors.Is(err, codecerr.ErrFormat) {
		t.Errorf("not TIFF: %v, want ErrFormat", err)
	}
}

// FuzzRead decodes any bytes as EXIF for display: no panic, errors wrap
// ErrFormat, at most maxTags tags.
func FuzzRead(f *testing.F) {
	f.Add(camera(binary.LittleEndian))
	f.Add(camera(binary.BigEndian))
	f.Fuzz(func(t *testing.T, data []byte) {
		tags, err := Read(data)
		if err != nil && !errors.Is(err, codecerr.ErrFormat) {
			t.Fatalf("error without ErrFormat: %v", err)
		}
		if len(tags) > maxTags {
			t.Fatalf("%d tags", len(tags))
		}
	})
}
