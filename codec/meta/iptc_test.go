package meta

import (
	"bytes"
	"testing"
)

// TestIIMRecords reads the IPTC records out of an IRB that holds another
// resource after them (with a named, odd-sized resource), and says so.
func TestIIMRecords(t *testing.T) {
	iim := []byte("\x1c\x02\x19\x00\x05paris")
	irb := append(WrapIIM(iim), "8BIM\x04\x25\x03abc\x00\x00\x00\x03xyz\x00"...)
	got, others := IIMRecords(irb)
	if !bytes.Equal(got, iim) || !others {
		t.Errorf("got %q, %v", got, others)
	}
	if got, others := IIMRecords(WrapIIM(iim)); !bytes.Equal(got, iim) || others {
		t.Errorf("alone: got %q, %v", got, others)
	}
	if got, others := IIMRecords([]byte("8BIM\x04\x04\x00\x00\x00\x00\x01\x00x")); got != nil || !others {
		t.Errorf("a size past the end: got %q, %v", got, others)
	}
	if !bytes.Equal(WrapIIM(irb), irb) {
		t.Error("WrapIIM wrapped an IRB again")
	}
}
