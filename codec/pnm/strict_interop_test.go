package pnm

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// netpbmAccepts reports whether Netpbm's own reader accepts data: pamfile
// reads the header, pamtable every sample.
func netpbmAccepts(t *testing.T, data []byte) bool {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, needTool(t, "pamtable"))
	cmd.Stdin = bytes.NewReader(data)
	return cmd.Run() == nil
}

// headerVariants returns P1-P6 files whose header tokens are separated in
// every way the specification allows: white space, comments through CR or
// LF, comments right after the magic number or a number, comments as the
// single character that ends the header; and ways it does not.
func headerVariants(rng *rand.Rand) (valid, invalid []string) {
	seps := []string{" ", "\n", "\t", "\r", "#c\n", " #c\n", "\n#c\n", "#c\r", "#\n", "\n# a b\n\n"}
	ends := []string{" ", "\n", "\t", "\r", "#c\n", "#c\r"} // the one delimiter before the raster
	type kind struct {
		magic  string
		tokens []string
		raster string
	}
	kinds := []kind{
		{"P1", []string{"3", "1"}, "1 0 1\n"},
		{"P2", []string{"3", "1", "9"}, "1 9 0\n"},
		{"P3", []string{"1", "1", "300"}, "1 299 300\n"},
		{"P4", []string{"9", "1"}, "\xa5\x80"},
		{"P5", []string{"3", "1", "200"}, "\x00\x64\xc8"},
		{"P6", []string{"1", "1", "1000"}, "\x00\x01\x03\xe7\x03\xe8"},
	}
	for _, k := range kinds {
		for range 12 {
			var b strings.Builder
			b.WriteString(k.magic)
			for i, tok := range k.tokens {
				b.WriteString(seps[rng.IntN(len(seps))])
				if i == 0 && rng.IntN(3) == 0 {
					b.WriteString("#after the separator\n")
				}
				b.WriteString(tok)
			}
			b.WriteString(ends[rng.IntN(len(ends))])
			b.WriteString(k.raster)
			valid = append(valid, b.String())
		}
		hdr := strings.Join(append([]string{k.magic}, k.tokens...), " ")
		invalid = append(invalid,
			hdr+"#unterminated comment",                      // no end of line: the header never ends
			strings.Replace(hdr, " ", " -", 1)+"\n"+k.raster, // a sign
		)
	}
	pam := []string{"WIDTH 2", "HEIGHT 1", "DEPTH 1", "MAXVAL 255", "TUPLTYPE GRAYSCALE"}
	for range 12 {
		var b strings.Builder
		b.WriteString("P7\n")
		for _, l := range pam {
			switch rng.IntN(4) {
			case 0:
				b.WriteString("#comment line\n")
			case 1:
				b.WriteString("\n")
			case 2:
				b.WriteString("  \t\n")
			}
			b.WriteString(l + "\n")
		}
		b.WriteString("ENDHDR\nab")
		valid = append(valid, b.String())
	}
	invalid = append(invalid,
		"P7\nWIDTH 2\n  #indented comment\nHEIGHT 1\nDEPTH 1\nMAXVAL 255\nENDHDR\nab",
		"P7\nWIDTH 2 #trailing comment\nHEIGHT 1\nDEPTH 1\nMAXVAL 255\nENDHDR\nab",
		"P7\nWIDTH 2\nHEIGHT 1\nDEPTH 1\nENDHDR\nab",
		"P7\nWIDTH 2\nHEIGHT 1\nDEPTH 1\nMAXVAL 70000\nENDHDR\nab",
	)
	return valid, invalid
}

// TestInteropHeaderVariants holds the header syntax to Netpbm's own reader
// both ways, on generated variants: every header the specification allows
// is read by pamtable and by us, with the same samples, and every header it
// forbids is refused by both.
func TestInteropHeaderVariants(t *testing.T) {
	needTool(t, "pamtable")
	valid, invalid := headerVariants(rand.New(rand.NewPCG(11, 17)))
	for _, s := range valid {
		if !netpbmAccepts(t, []byte(s)) {
			t.Errorf("netpbm refuses the valid %q", s)
			continue
		}
		img, err := Read(strings.NewReader(s), 0)
		if err != nil {
			t.Errorf("we refuse the valid %q: %v", s, err)
			continue
		}
		matchTable(t, fmt.Sprintf("%q", s), img, []byte(s))
	}
	for _, s := range invalid {
		if netpbmAccepts(t, []byte(s)) {
			t.Errorf("netpbm accepts the invalid %q", s)
		}
		if _, err := Read(strings.NewReader(s), 0); err == nil {
			t.Errorf("we accept the invalid %q", s)
		}
	}
}

// TestNetpbmLeniencies lists what Netpbm's reader accepts although the
// specification forbids it, and this package refuses: text right after a
// magic number with no white space, a letter ending a number, text after
// P7 or ENDHDR on their
// lines. If a Netpbm release stops accepting one, the list shrinks.
func TestNetpbmLeniencies(t *testing.T) {
	needTool(t, "pamtable")
	for _, s := range []string{
		"P53 1 255\nabc",
		"P5\n3x1x255\nabc",
		"P7 text\nWIDTH 2\nHEIGHT 1\nDEPTH 1\nMAXVAL 255\nENDHDR\nab",
		"P7#comment\nWIDTH 2\nHEIGHT 1\nDEPTH 1\nMAXVAL 255\nENDHDR\nab",
		"P7\nWIDTH 2\nHEIGHT 1\nDEPTH 1\nMAXVAL 255\nENDHDR text\nab",
	} {
		if !netpbmAccepts(t, []byte(s)) {
			t.Logf("netpbm now refuses %q too", s)
		}
		if _, err := Read(strings.NewReader(s), 0); err == nil {
			t.Errorf("we accept %q, which the specification forbids", s)
		}
	}
}
