package jpeg

import (
	"errors"
	"io"
	"math/rand/v2"
	"testing"
)

// TestSkipBlockLaw checks skipBlock against decodeBlock, the law being
// that skipping changes nothing but the AC coefficients it leaves out:
// for every sequential file of the matrix, and for bit-flipped copies of
// them, streaming every row with every component marked dcOnly gives the
// same error (or none) after the same rows, and blocks whose DC
// coefficients equal the full decode's and whose AC coefficients are
// zero.
func TestSkipBlockLaw(t *testing.T) {
	files := append(rdMatrix(t, testing.Short()), rdRepoFiles(t)...)
	rng := rand.New(rand.NewPCG(14, 8))
	runs, flipped, failed := 0, 0, 0
	for _, f := range files {
		variants := [][]byte{f.data}
		for range 8 {
			v := append([]byte(nil), f.data...)
			// Flip bits in the second half, past the headers, where
			// the entropy-coded data is.
			for range 1 + rng.IntN(3) {
				i := len(v)/2 + rng.IntN(len(v)-len(v)/2)
				v[i] ^= 1 << rng.IntN(8)
			}
			variants = append(variants, v)
		}
		for vi, data := range variants {
			full, ok, fullErr := skipRows(data, false)
			if !ok {
				continue // not streamed: skipping is never asked for
			}
			dcs, _, dcErr := skipRows(data, true)
			runs++
			if vi > 0 {
				flipped++
			}
			if (fullErr == nil) != (dcErr == nil) || fullErr != nil && fullErr.Error() != dcErr.Error() {
				t.Errorf("%s variant %d: decode gives %v, skip gives %v", f.name, vi, fullErr, dcErr)
				continue
			}
			if fullErr != nil {
				failed++
			}
			if len(full) != len(dcs) {
				t.Errorf("%s variant %d: %d rows decoded, %d skipped", f.name, vi, len(full), len(dcs))
				continue
			}
			for r := range full {
				for c := range full[r] {
					for i := range full[r][c] {
						a, b := &full[r][c][i], &dcs[r][c][i]
						if a[0] != b[0] {
							t.Fatalf("%s variant %d: row %d component %d block %d: DC %d, skipped %d", f.name, vi, r, c, i, a[0], b[0])
						}
						for k := 1; k < 64; k++ {
							if b[k] != 0 {
								t.Fatalf("%s variant %d: row %d component %d block %d: AC %d kept", f.name, vi, r, c, i, k)
							}
						}
					}
				}
			}
		}
	}
	if runs == 0 {
		t.Fatal("no streamed file")
	}
	t.Logf("%d streamed decodes (%d bit-flipped, %d of all failing alike)", runs, flipped, failed)
}

// skipRows streams data's iMCU rows, with every component marked dcOnly
// when dcOnly is set, and returns copies of the rows read before the
// first error, whether the file was streamed at all, and the error.
func skipRows(data []byte, dcOnly bool) (rows [][][]Block, streamed bool, err error) {
	dec, err := NewDecoderBytes(data, nil)
	if err != nil {
		return nil, true, err
	}
	if !dec.Streaming() {
		return nil, false, nil
	}
	m := dec.Header()
	blocks := make([][]Block, len(m.Components))
	for i := range m.Components {
		blocks[i] = make([]Block, m.Components[i].BlocksW*m.IMCUBlockRows(i))
		dec.d.dcOnly[i] = dcOnly
	}
	for {
		if err := dec.ReadIMCURow(blocks); err != nil {
			if errors.Is(err, io.EOF) {
				err = nil
			}
			return rows, true, err
		}
		row := make([][]Block, len(blocks))
		for i := range blocks {
			row[i] = append([]Block(nil), blocks[i]...)
		}
		rows = append(rows, row)
	}
}
