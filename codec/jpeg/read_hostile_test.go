package jpeg

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"testing"
	"time"

	"github.com/pixview/pixview/codec/codecerr"
)

// readHostileEnv marks the subprocess that TestReadHostile starts.
const readHostileEnv = "PIXVIEW_JPEG_HOSTILE_CHILD"

// hostileBudget is what reading one hostile input may allocate in all.
const hostileBudget = 24 << 20

// seg returns a marker segment with its length.
func seg(marker byte, payload ...byte) []byte {
	n := len(payload) + 2
	return append([]byte{0xFF, marker, byte(n >> 8), byte(n)}, payload...)
}

// tinyHeader returns SOI, a DQT, a DHT with one 1-bit code per class
// (DC category 0, AC end of block) and a frame header of w x h with the
// given components' sampling bytes.
func tinyHeader(sof byte, w, h int, sampling ...byte) []byte {
	f := []byte{0xFF, 0xD8}
	f = append(f, seg(0xDB, append([]byte{0}, bytes.Repeat([]byte{1}, 64)...)...)...)
	counts := append([]byte{1}, make([]byte, 15)...)
	f = append(f, seg(0xC4, append(append([]byte{0x00}, counts...), 0)...)...)
	f = append(f, seg(0xC4, append(append([]byte{0x10}, counts...), 0)...)...)
	p := []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), byte(len(sampling))}
	for i, s := range sampling {
		p = append(p, byte(i+1), s, 0)
	}
	return append(f, seg(sof, p...)...)
}

// sos returns a one-component scan header and one byte of data: a 0
// bit (the 1-bit code) and padding.
func sos(ss, se, ah, al byte) []byte {
	return append(seg(0xDA, 1, 1, 0x00, ss, se, ah<<4|al), 0x7F)
}

// hostileReads returns hand-made hostile files and the sentinel each
// must be refused with.
func hostileReads() map[string]struct {
	data []byte
	want error
} {
	type hc = struct {
		data []byte
		want error
	}
	files := map[string]hc{}
	eoi := []byte{0xFF, 0xD9}
	files["65535x65535 gray"] = hc{append(append(tinyHeader(0xC0, 65535, 65535, 0x11), sos(0, 63, 0, 0)...), eoi...), codecerr.ErrTooLarge}
	files["8000x8000 4:2:0 in bytes"] = hc{append(append(tinyHeader(0xC0, 8000, 8000, 0x22, 0x11, 0x11), sos(0, 63, 0, 0)...), eoi...), io.ErrUnexpectedEOF}
	// 1 x 65535 with 4x4 sampling in four components and 5 KB of scan
	// data: 64 KiB pixels whose blocks, padded to whole iMCUs, take
	// 16 MiB, the worst a file can make the reader allocate per byte.
	thin := append(tinyHeader(0xC0, 1, 65535, 0x44, 0x44, 0x44, 0x44), seg(0xDA, 1, 1, 0x00, 0, 63, 0)...)
	thin = append(thin, bytes.Repeat([]byte{0x3F}, 5000)...)
	files["1x65535 4x4 sampling"] = hc{append(thin, eoi...), codecerr.ErrFormat}
	// A progressive 8x8 gray file with the longest valid scan script:
	// every coefficient coded alone at Al=13 and refined 13 times, 896
	// scans, over the scan limit.
	prog := tinyHeader(0xC2, 8, 8, 0x11)
	for al := 13; al >= 0; al-- {
		ah := byte(0)
		if al < 13 {
			ah = byte(al + 1)
		}
		prog = append(prog, sos(0, 0, ah, byte(al))...)
		for k := byte(1); k < 64; k++ {
			prog = append(prog, sos(k, k, ah, byte(al))...)
		}
	}
	files["896 scans"] = hc{append(prog, eoi...), codecerr.ErrUnsupported}
	// A segment length running past the end of the file.
	files["long DHT"] = hc{append(tinyHeader(0xC0, 8, 8, 0x11), 0xFF, 0xC4, 0xFF, 0xFF, 0x00), io.ErrUnexpectedEOF}
	return files
}

// TestReadHostile runs TestReadHostileChild in a fresh process, so that
// its allocation counts are not other tests'.
func TestReadHostile(t *testing.T) {
	if os.Getenv(readHostileEnv) != "" {
		t.Skip("in the child")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestReadHostileChild$", "-test.v")
	cmd.Env = append(os.Environ(), readHostileEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("--- PASS: TestReadHostileChild")) {
		t.Fatalf("child failed: %v\n%s", err, out)
	}
}

// TestReadHostileChild reads every hostile input, and truncations and
// corruptions of the small files, checking the error, the time taken
// and the bytes allocated. It runs only in the subprocess.
func TestReadHostileChild(t *testing.T) {
	if os.Getenv(readHostileEnv) == "" {
		t.Skip("run by TestReadHostile in a subprocess")
	}
	check := func(name string, data []byte, want error) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before) // TotalAlloc counts without a GC
		start := time.Now()
		_, err := DecodeBytes(data, nil)
		serr := readAllRows(bytes.NewReader(data))
		took := time.Since(start)
		runtime.ReadMemStats(&after)
		alloc := after.TotalAlloc - before.TotalAlloc
		if want != nil {
			if !errors.Is(err, want) {
				t.Errorf("%s: error %v, want %v", name, err, want)
			}
			if serr == nil {
				t.Errorf("%s: streamed without error", name)
			}
		}
		if err != nil {
			wantSentinel(t, name, err)
		}
		if alloc > hostileBudget {
			t.Errorf("%s: allocated %d MB", name, alloc>>20)
		}
		if took > 2*time.Second {
			t.Errorf("%s: took %v", name, took)
		}
		if want != nil {
			t.Logf("%-28s %6d KB %8v %v", name, alloc>>10, took.Round(time.Microsecond), err)
		}
	}
	for name, h := range hostileReads() {
		check(name, h.data, h.want)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, f := range smallFiles(t) {
		for n := 0; n < len(f.data); n += 1 + n/8 {
			check(f.name+" cut", f.data[:n], io.ErrUnexpectedEOF)
		}
		for range 100 {
			d := bytes.Clone(f.data)
			d[rng.IntN(len(d))] ^= 1 << rng.IntN(8)
			check(f.name+" flipped", d, nil)
		}
	}
}
