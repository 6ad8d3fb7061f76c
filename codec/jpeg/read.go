package jpeg

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/pixview/pixview/codec/codecerr"
	"github.com/pixview/pixview/pixbuf"
)

// DefaultMaxPixels is the pixel limit when [DecodeOptions].MaxPixels is
// 0: 2^26, codec.DefaultMaxPixels.
const DefaultMaxPixels = 1 << 26

// DefaultMaxScans is the scan limit when [DecodeOptions].MaxScans is 0.
// libjpeg-turbo's library has no limit of its own; its TurboJPEG API
// sets 500 when asked to limit scans (TJFLAG_LIMITSCANS, turbojpeg.c),
// and so do we. Encoders write about 10.
const DefaultMaxScans = 500

// DecodeOptions are the limits of a decode. A nil *DecodeOptions means
// the defaults.
type DecodeOptions struct {
	// MaxPixels is the largest width*height accepted, checked from the
	// frame header before any coefficient is allocated; 0 means
	// DefaultMaxPixels. Coefficient memory is also held to 4*MaxPixels
	// coefficients (plus 1M), which only a thin image with large sampling
	// factors, padded to whole iMCUs, can exceed.
	MaxPixels int
	// MaxScans is the largest number of scans accepted; 0 means
	// DefaultMaxScans.
	MaxScans int
}

func newReader(opts *DecodeOptions) *reader {
	d := &reader{img: new(Image), maxPix: DefaultMaxPixels, maxScans: DefaultMaxScans}
	if opts != nil {
		if opts.MaxPixels > 0 {
			d.maxPix = opts.MaxPixels
		}
		if opts.MaxScans > 0 {
			d.maxScans = opts.MaxScans
		}
	}
	d.br.src = &d.src
	return d
}

// start reads the SOI marker and every segment up to the first scan.
func (d *reader) start() error {
	if !d.src.more(2) {
		return d.src.short("file")
	}
	if d.src.buf[d.src.pos] != 0xFF || d.src.buf[d.src.pos+1] != mSOI {
		return fmt.Errorf("jpeg: no SOI marker: %w", codecerr.ErrFormat)
	}
	d.src.pos += 2
	ok, err := d.readHeaders()
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("jpeg: no scan: %w", codecerr.ErrFormat)
	}
	return nil
}

// finish checks that every component was coded, after EOI, and keeps the
// bytes after EOI as the trailer.
func (d *reader) finish() error {
	for i := range d.img.Components {
		if d.img.Process == Progressive && d.coefBits[i][0] < 0 || d.img.Process != Progressive && !d.coded[i] {
			return fmt.Errorf("jpeg: component %d has no scan: %w", d.img.Components[i].ID, codecerr.ErrFormat)
		}
	}
	if err := d.src.readAll(); err != nil {
		return err
	}
	if rest := d.src.buf[d.src.pos:]; len(rest) > 0 {
		d.img.Trailer = bytes.Clone(rest)
	}
	d.src.pos = len(d.src.buf)
	return nil
}

// decodeAll decodes every scan, the first of which has just been read,
// into coefficient planes allocated here, then reads to the end.
func (d *reader) decodeAll() error {
	if err := d.src.readAll(); err != nil {
		return err
	}
	m := d.img
	// Every block is coded with at least one bit in the first scan that
	// holds its component: refuse a file too short for its dimensions
	// before allocating for them.
	coded := 0
	for i := range m.Components {
		c := &m.Components[i]
		hmax, vmax := d.hmax, d.vmax
		if len(m.Components) == 1 {
			hmax, vmax = c.H, c.V
		}
		w, h := c.CodedBlocks(m.Width, m.Height, hmax, vmax)
		coded += w * h
	}
	if int64(coded) > 8*int64(len(d.src.buf)-d.src.pos) {
		return fmt.Errorf("jpeg: %d bytes of data for %d blocks: %w (%w)", len(d.src.buf)-d.src.pos, coded, codecerr.ErrFormat, io.ErrUnexpectedEOF)
	}
	carve(m.Components, d.scratch.blocks(planeIn, planeSize(m.Components)))
	for {
		d.startScan()
		var dst [4][]Block
		var stride [4]int
		for d.st.row < d.st.rows {
			for i := range d.sc.n {
				c := &m.Components[d.sc.comp[i]]
				stride[i] = c.BlocksW
				if d.sc.n == 1 {
					dst[i] = c.Blocks[d.st.row*c.BlocksW:]
				} else {
					dst[i] = c.Blocks[d.st.row*c.V*c.BlocksW:]
				}
			}
			if err := d.scanRow(&dst, &stride); err != nil {
				return err
			}
		}
		if err := d.finishScan(); err != nil {
			return err
		}
		ok, err := d.readHeaders()
		if err != nil {
			return err
		}
		if !ok {
			return d.finish()
		}
	}
}

// Decode reads a JPEG file's coefficients, quantization tables and
// segments. It reads the whole input into memory first (see [DecodeBytes]).
func Decode(r io.Reader, opts *DecodeOptions) (*Image, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("jpeg: reading: %w", err)
	}
	return DecodeBytes(data, opts)
}

// DecodeBytes reads a JPEG file held in data: its frame, quantization
// tables, every coefficient block, its APPn and COM segments and the bytes
// after EOI. The Image does not alias data.
//
// It needs 128 bytes per 8x8 block of each component, padded to whole
// iMCUs: 2 bytes per pixel for gray, 3 for 4:2:0, 4 for 4:2:2, 6 for
// 4:4:4 YCbCr, 8 for CMYK; and before allocating them it checks that
// data holds at least one bit per block.
func DecodeBytes(data []byte, opts *DecodeOptions) (*Image, error) {
	d := newReader(opts)
	d.src.buf = data
	if err := d.start(); err != nil {
		return nil, err
	}
	if err := d.decodeAll(); err != nil {
		return nil, err
	}
	return d.img, nil
}

// DecodeConfig reads a JPEG file's header up to its first scan: the
// frame's size, process, components and sampling, the quantization
// tables, the restart interval and the segments before the first scan
// (segments after it are not read). Components have no Blocks.
func DecodeConfig(r io.Reader, opts *DecodeOptions) (*Image, error) {
	d := newReader(opts)
	d.src.r = r
	if err := d.start(); err != nil {
		return nil, err
	}
	return d.img, nil
}

// A Decoder reads a JPEG file one iMCU row at a time: the unit of
// JPEG's interleaved coding, 8*vmax pixel rows (8 for a gray frame), in
// which component c has BlocksW x [Image.IMCUBlockRows](c) blocks.
//
// A sequential file (Baseline or Extended) whose first scan holds every
// component, which is what encoders write, streams: each row is decoded
// from the input when asked for, in memory for one iMCU row plus a 96 KiB
// input window, about 48 bytes per pixel column for 4:2:0 YCbCr. Any
// other file (progressive, or sequential with one scan per component) is
// buffered: the first ReadIMCURow reads the input and decodes every scan
// into the Image's Blocks, as [DecodeBytes] does, and rows are copied from
// them. [Decoder.Streaming] says which.
type Decoder struct {
	d         *reader
	streaming bool
	row       int
	rows      int
	done      bool
	err       error
}

// NewDecoder reads a JPEG file's header up to its first scan from r and
// returns a Decoder for its rows.
func NewDecoder(r io.Reader, opts *DecodeOptions) (*Decoder, error) {
	d := newReader(opts)
	d.src.r = r
	return newDecoder(d)
}

// NewDecoderBytes is NewDecoder reading from data, with no copy of it.
func NewDecoderBytes(data []byte, opts *DecodeOptions) (*Decoder, error) {
	d := newReader(opts)
	d.src.buf = data
	return newDecoder(d)
}

func newDecoder(d *reader) (*Decoder, error) {
	if err := d.start(); err != nil {
		return nil, err
	}
	m := d.img
	dec := &Decoder{d: d, rows: d.mcusH}
	dec.streaming = m.Process != Progressive && d.sc.n == len(m.Components)
	if dec.streaming {
		d.startScan()
	}
	return dec, nil
}

// Header returns the frame as read so far. Its Components have no Blocks
// while the Decoder streams; once the last row has been read, its Segments
// include those after the scans and Trailer is set. The Image belongs to
// the Decoder until then.
func (dec *Decoder) Header() *Image { return dec.d.img }

// Streaming reports whether rows are decoded from the input as they are
// read (see [Decoder]).
func (dec *Decoder) Streaming() bool { return dec.streaming }

// IMCURows returns the number of iMCU rows in the image.
func (dec *Decoder) IMCURows() int { return dec.rows }

// IMCUBlockRows returns how many block rows of component c one iMCU row
// holds: its vertical sampling factor, or 1 in a one-component frame.
func (m *Image) IMCUBlockRows(c int) int {
	if len(m.Components) == 1 {
		return 1
	}
	return m.Components[c].V
}

// ReadIMCURow decodes the next iMCU row into dst: dst[c] receives
// component c's blocks, row-major with Components[c].BlocksW blocks per
// block row, and must hold BlocksW*IMCUBlockRows(c) blocks. Every block of
// the row is written. After the last row it reads the rest of the file to
// EOI and the trailer; once all rows have been read it returns io.EOF. An
// error other than io.EOF is final.
func (dec *Decoder) ReadIMCURow(dst [][]Block) error {
	if dec.err != nil {
		return dec.err
	}
	if dec.row >= dec.rows {
		return io.EOF
	}
	m := dec.d.img
	if len(dst) != len(m.Components) {
		return fmt.Errorf("jpeg: ReadIMCURow given %d components for %d: %w", len(dst), len(m.Components), pixbuf.ErrShape)
	}
	for c := range m.Components {
		if len(dst[c]) < m.Components[c].BlocksW*m.IMCUBlockRows(c) {
			return fmt.Errorf("jpeg: ReadIMCURow given %d blocks for component %d, needs %d: %w",
				len(dst[c]), c, m.Components[c].BlocksW*m.IMCUBlockRows(c), pixbuf.ErrShape)
		}
	}
	if err := dec.readRow(dst); err != nil {
		dec.err = err
		return err
	}
	dec.row++
	return nil
}

func (dec *Decoder) readRow(dst [][]Block) error {
	d := dec.d
	m := d.img
	if !dec.streaming {
		if !dec.done {
			if err := d.decodeAll(); err != nil {
				return err
			}
			dec.done = true
		}
		for c := range m.Components {
			cp := &m.Components[c]
			n := cp.BlocksW * m.IMCUBlockRows(c)
			copy(dst[c][:n], cp.Blocks[dec.row*n:])
		}
		return nil
	}
	var rows [4][]Block
	var stride [4]int
	for i := range d.sc.n {
		c := d.sc.comp[i]
		rows[i], stride[i] = dst[c], m.Components[c].BlocksW
		clear(dst[c][:stride[i]*m.IMCUBlockRows(c)])
	}
	if err := d.scanRow(&rows, &stride); err != nil {
		return err
	}
	if dec.row+1 < dec.rows {
		return nil
	}
	if err := d.finishScan(); err != nil {
		return err
	}
	ok, err := d.readHeaders()
	if err != nil {
		return err
	}
	if ok {
		// readSOS refuses a second scan of a component, and this scan
		// had them all.
		return errors.New("jpeg: internal error: scan after a complete sequential scan")
	}
	return d.finish()
}
