package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// parseStream parses a --json stream line by line: records of type
// "file", then exactly one summary, last. Every line must be one JSON
// object on its own.
func parseStream(stream []byte) ([]record, summary, error) {
	var recs []record
	var sum summary
	sc := bufio.NewScanner(bytes.NewReader(stream))
	n, sums := 0, 0
	for sc.Scan() {
		n++
		line := sc.Bytes()
		var head struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal(line, &head); err != nil {
			return nil, sum, fmt.Errorf("line %d %q: %v", n, line, err)
		}
		switch head.Type {
		case "file":
			if sums > 0 {
				return nil, sum, fmt.Errorf("line %d: a file record after the summary", n)
			}
			var rec record
			if err := json.Unmarshal(line, &rec); err != nil {
				return nil, sum, fmt.Errorf("line %d: %v", n, err)
			}
			recs = append(recs, rec)
		case "summary":
			sums++
			if err := json.Unmarshal(line, &sum); err != nil {
				return nil, sum, fmt.Errorf("line %d: %v", n, err)
			}
		default:
			return nil, sum, fmt.Errorf("line %d %q: type %q, want file or summary", n, line, head.Type)
		}
	}
	if sums != 1 {
		return nil, sum, fmt.Errorf("%d summaries in %d lines, want 1, last", sums, n)
	}
	return recs, sum, sc.Err()
}

// unmarshalSummary parses a --json stream into its final summary, checking
// that the stream is well formed.
func unmarshalSummary(stream []byte, s *summary) error {
	_, sum, err := parseStream(stream)
	*s = sum
	return err
}

// TestNDJSON checks the --json stream: one record per file with what it
// went through, the failures with their error, the summary last, and the
// counts of the summary equal to those of the records.
func TestNDJSON(t *testing.T) {
	dir := t.TempDir()
	m := pattern(7, 5, 3, 8)
	writePNG(t, filepath.Join(dir, "a.png"), m)
	writePNM(t, filepath.Join(dir, "b.ppm"), m, "P6")
	writePNM(t, filepath.Join(dir, "c16.ppm"), pattern(5, 4, 3, 16), "P6")
	if err := os.WriteFile(filepath.Join(dir, "bad.png"), []byte("not a png"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := mustRun(t, dir, 1, "rotate", "90", "--json", "--to", "jpeg", "--out", "out", "a.png", "b.ppm", "c16.ppm", "bad.png", "missing.png")
	recs, sum, err := parseStream([]byte(r.stdout))
	if err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	byInput := map[string]record{}
	for _, rec := range recs {
		if _, dup := byInput[rec.Input]; dup {
			t.Errorf("two records for %s", rec.Input)
		}
		byInput[rec.Input] = rec
	}
	if len(recs) != 5 || sum.Files != 5 || sum.Done != 3 || sum.Failed != 2 || len(sum.Failures) != 2 {
		t.Fatalf("%d records, summary %+v; want 5 records, 3 done, 2 failed", len(recs), sum)
	}
	var bytesIn, bytesOut int64
	for _, rec := range recs {
		bytesIn += rec.BytesIn
		bytesOut += rec.BytesOut
	}
	if bytesIn != sum.BytesIn || bytesOut != sum.BytesOut {
		t.Errorf("records sum to %d bytes in, %d out; the summary says %d, %d", bytesIn, bytesOut, sum.BytesIn, sum.BytesOut)
	}
	for _, name := range []string{"a.png", "b.ppm", "c16.ppm"} {
		rec := byInput[name]
		fi, err := os.Stat(filepath.Join(dir, rec.Output))
		if rec.Status != statusDone || err != nil || fi.Size() != rec.BytesOut || rec.Path != pathDecoded || rec.FormatOut != "jpeg" {
			t.Errorf("%s: record %+v (output: %v)", name, rec, err)
		}
	}
	if rec := byInput["a.png"]; rec.FormatIn != "png" {
		t.Errorf("a.png: format_in %q, want png", rec.FormatIn)
	}
	if rec := byInput["c16.ppm"]; len(rec.Changes) == 0 || !strings.Contains(fmt.Sprint(rec.Changes), "depth") {
		t.Errorf("c16.ppm: 16 bits written as JPEG's 8 and the record lists changes %v", rec.Changes)
	}
	for _, name := range []string{"bad.png", "missing.png"} {
		if rec := byInput[name]; rec.Status != statusFailed || rec.Error == "" || rec.BytesOut != 0 {
			t.Errorf("%s: record %+v, want failed with an error", name, rec)
		}
	}

	// Without --to, a Netpbm file is turned as raster bytes, never decoded.
	r = mustRun(t, dir, 0, "rotate", "90", "--json", "--out", "raster", "b.ppm")
	recs, _, err = parseStream([]byte(r.stdout))
	if err != nil || len(recs) != 1 || recs[0].Path != "raster" || recs[0].FormatIn != "pnm" {
		t.Errorf("b.ppm turned: %+v (%v), want one record by the raster path", recs, err)
	}
	checkImage(t, filepath.Join(dir, "raster", "b.ppm"), m.rot90())
}

// TestNDJSONStreams checks that records come out as files are done, not
// at the end: with one file at a time and a pause before each, the first
// record can be read while the last file is still unwritten.
func TestNDJSONStreams(t *testing.T) {
	dir := t.TempDir()
	const n = 6
	for i := range n {
		writePNM(t, filepath.Join(dir, fmt.Sprintf("f%d.ppm", i)), pattern(5, 4, 3, 8), "P6")
	}
	cmd := exec.Command(binary, "flip", "--vertical", "--json", "--jobs", "1", "--test-delay", "150ms", "--out", "out", ".")
	cmd.Dir = dir
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() {
		t.Fatalf("no first line: %v", sc.Err())
	}
	var first record
	if err := json.Unmarshal(sc.Bytes(), &first); err != nil || first.Type != "file" || first.Status != statusDone {
		t.Fatalf("first line %q (%v), want a done file's record", sc.Bytes(), err)
	}
	if _, err := os.Stat(filepath.Join(dir, "out", fmt.Sprintf("f%d.ppm", n-1))); err == nil {
		t.Errorf("the last file was written before the first record was read: records are not streamed")
	}
	lines := 1
	for sc.Scan() {
		lines++
	}
	if lines != n+1 {
		t.Errorf("%d lines, want %d records and a summary", lines, n)
	}
}
