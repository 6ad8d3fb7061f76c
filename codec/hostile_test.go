package codec

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// hostileEnv marks the subprocess that TestHostileInputs starts.
const hostileEnv = "PIXVIEW_CODEC_HOSTILE_CHILD"

// allocBudget is what decoding one hostile input may allocate in all.
const allocBudget = 64 << 20

// hostileHeaders returns hand-made files whose headers declare enormous
// images over a body of a few bytes.
func hostileHeaders() map[string][]byte {
	le := binary.LittleEndian
	files := map[string][]byte{}
	files["png 100000x100000"] = tinyPNG(100000, 100000)
	files["bmp 100000x100000"] = tinyBMP(100000, 100000)

	// TIFF: 8-bit gray 100000 x 100000 in one strip of 16 bytes.
	tiff := []byte("II*\x00")
	tiff = le.AppendUint32(tiff, 8)
	entries := [][3]uint32{ // tag, type, value
		{256, 4, 100000}, {257, 4, 100000}, {258, 3, 8}, {259, 3, 1}, {262, 3, 1},
		{273, 4, 8 + 2 + 9*12 + 4}, {277, 3, 1}, {278, 4, 100000}, {279, 4, 16},
	}
	tiff = le.AppendUint16(tiff, uint16(len(entries)))
	for _, e := range entries {
		tiff = le.AppendUint16(tiff, uint16(e[0]))
		tiff = le.AppendUint16(tiff, uint16(e[1]))
		tiff = le.AppendUint32(tiff, 1)
		if e[1] == 3 {
			tiff = le.AppendUint32(tiff, e[2]&0xffff)
		} else {
			tiff = le.AppendUint32(tiff, e[2])
		}
	}
	tiff = le.AppendUint32(tiff, 0)
	files["tiff 100000x100000"] = append(tiff, make([]byte, 16)...)

	// GIF: 65535 x 65535, the largest it can declare, one tiny frame.
	gif := []byte("GIF89a")
	gif = le.AppendUint16(le.AppendUint16(gif, 65535), 65535)
	gif = append(gif, 0x80, 0, 0, 0, 0, 0, 255, 255, 255) // 2-color global table
	gif = append(gif, 0x2c)
	gif = le.AppendUint16(le.AppendUint16(gif, 0), 0)
	gif = le.AppendUint16(le.AppendUint16(gif, 65535), 65535)
	gif = append(gif, 0, 2, 2, 0x4c, 0x01, 0, 0x3b)
	files["gif 65535x65535"] = gif

	// JPEG: JFIF, SOF0 65535 x 65535 gray and nothing after it.
	jpg := []byte{0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0}
	jpg = append(jpg, 0xff, 0xc0, 0, 11, 8, 0xff, 0xff, 0xff, 0xff, 1, 1, 0x11, 0)
	files["jpeg 65535x65535"] = append(jpg, 0xff, 0xd9)

	// WebP: a VP8L header of 16384 x 16384 in 26 bytes.
	webp := []byte("RIFF")
	webp = le.AppendUint32(webp, 4+8+6)
	webp = append(webp, "WEBPVP8L"...)
	webp = le.AppendUint32(webp, 5)
	files["webp 16384x16384"] = append(webp, 0x2f, 0xff, 0xff, 0xff, 0x0f, 0)

	// PNM: P6 with 100000 x 100000 pixels and 3 bytes.
	files["pnm 100000x100000"] = []byte("P6 100000 100000 255\nabc")
	return files
}

// tinyPNG returns an RGB PNG declaring w x h pixels over a few bytes.
func tinyPNG(w, h uint32) []byte {
	be := binary.BigEndian
	ihdr := be.AppendUint32(be.AppendUint32(nil, w), h)
	ihdr = append(ihdr, 8, 2, 0, 0, 0)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(make([]byte, 64))
	zw.Close()
	png := []byte("\x89PNG\r\n\x1a\n")
	png = append(png, pngChunk("IHDR", ihdr)...)
	png = append(png, pngChunk("IDAT", z.Bytes())...)
	return append(png, pngChunk("IEND", nil)...)
}

// tinyBMP returns a 24-bit BMP declaring w x h pixels over 16 bytes.
func tinyBMP(w, h uint32) []byte {
	le := binary.LittleEndian
	bmp := []byte("BM")
	bmp = le.AppendUint32(bmp, 14+40+16)
	bmp = le.AppendUint32(bmp, 0)
	bmp = le.AppendUint32(bmp, 14+40)
	bmp = le.AppendUint32(bmp, 40)
	bmp = le.AppendUint32(bmp, w)
	bmp = le.AppendUint32(bmp, h)
	bmp = le.AppendUint16(bmp, 1)
	bmp = le.AppendUint16(bmp, 24)
	return append(bmp, make([]byte, 24+16)...)
}

// truncations returns prefixes of every sample file, and empty input.
func truncations(t testing.TB) map[string][]byte {
	out := map[string][]byte{"empty": {}}
	for _, path := range sampleFiles(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		n := len(data)
		for _, cut := range []int{1, 8, 30, n / 4, n / 2} {
			if cut < n {
				out[filepath.Base(path)+"["+itoa(cut)+"]"] = data[:cut]
			}
		}
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestHostileInputs runs TestHostileChild in a fresh process, so that its
// allocation counts are not those of other tests.
func TestHostileInputs(t *testing.T) {
	if os.Getenv(hostileEnv) != "" {
		t.Skip("in the child")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHostileChild$", "-test.v")
	cmd.Env = append(os.Environ(), hostileEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("--- PASS: TestHostileChild")) {
		t.Fatalf("child failed: %v\n%s", err, out)
	}
}

// TestHostileChild decodes every hostile input and checks the error, the
// time taken and the bytes allocated. It runs only in the subprocess.
func TestHostileChild(t *testing.T) {
	if os.Getenv(hostileEnv) == "" {
		t.Skip("run by TestHostileInputs in a subprocess")
	}
	check := func(name string, data []byte, want error) {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		_, err := Decode(bytes.NewReader(data), nil)
		_, cerr := DecodeConfig(bytes.NewReader(data))
		took := time.Since(start)
		runtime.ReadMemStats(&after)
		alloc := after.TotalAlloc - before.TotalAlloc
		switch {
		case err == nil:
			t.Errorf("%s: no error", name)
		case want != nil && !errors.Is(err, want):
			t.Errorf("%s: error %v, want %v", name, err, want)
		case !errors.Is(err, ErrFormat) && !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrUnsupported):
			t.Errorf("%s: error %v wraps no sentinel", name, err)
		}
		if want == ErrTooLarge && cerr != nil {
			t.Errorf("%s: DecodeConfig: %v", name, cerr)
		}
		if alloc > allocBudget {
			t.Errorf("%s: allocated %d MB", name, alloc>>20)
		}
		if took > 2*time.Second {
			t.Errorf("%s: took %v", name, took)
		}
		t.Logf("%-28s %6d KB %8v %v", name, alloc>>10, took.Round(time.Microsecond), err)
	}
	var total0, total1 runtime.MemStats
	runtime.ReadMemStats(&total0)
	for name, data := range hostileHeaders() {
		check(name, data, ErrTooLarge)
	}
	runtime.ReadMemStats(&total1)
	if all := total1.TotalAlloc - total0.TotalAlloc; all > allocBudget {
		t.Errorf("all hostile headers together allocated %d MB", all>>20)
	}
	// Within the pixel limit, a file too short for its pixels is refused
	// before they are allocated (8000x8000 RGB would be 192 MB).
	check("png 8000x8000 in 100 bytes", tinyPNG(8000, 8000), io.ErrUnexpectedEOF)
	check("bmp 8000x8000 in 100 bytes", tinyBMP(8000, 8000), io.ErrUnexpectedEOF)
	for name, data := range truncations(t) {
		check("truncated "+name, data, nil)
	}
	// A directory is an I/O error, not a format error.
	if _, err := Load(testdataDir, nil); err == nil || errors.Is(err, ErrFormat) {
		t.Errorf("directory: %v", err)
	}
}
