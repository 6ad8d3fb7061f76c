package codec

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// dirNames lists the names in dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// TestSaveLoad checks Save then Load for every writable extension.
func TestSaveLoad(t *testing.T) {
	dir := t.TempDir()
	v := patternView(8, 11, 3).Rotate(90)
	for _, ext := range []string{".png", ".PNG", ".bmp", ".tif", ".tiff", ".ppm", ".pnm", ".pam"} {
		path := filepath.Join(dir, "img"+ext)
		if err := Save(path, v, nil); err != nil {
			t.Fatalf("%s: %v", ext, err)
		}
		m, err := Load(path, nil)
		if err != nil {
			t.Fatalf("%s: %v", ext, err)
		}
		if got := m.View8.ChannelRange(0, 3); !got.Equal(v) {
			t.Errorf("%s: pixels differ", ext)
		}
	}
	// Format from the options wins over the extension.
	path := filepath.Join(dir, "really-a-png.jpg")
	if err := Save(path, v, &EncodeOptions{Format: "png"}); err != nil {
		t.Fatal(err)
	}
	if cfg, err := LoadConfig(path); err != nil || cfg.Format != PNG {
		t.Errorf("config %+v, %v", cfg, err)
	}
	// A 16-bit view saves as 16-bit.
	p16 := filepath.Join(dir, "deep.png")
	if err := Save(p16, patternView16(4, 5, 1), nil); err != nil {
		t.Fatal(err)
	}
	if m, err := Load(p16, nil); err != nil || m.Depth != 16 || !m.View16.Equal(patternView16(4, 5, 1)) {
		t.Errorf("16-bit PNG: %v", err)
	}
}

// TestSaveRefusals checks that unsupported requests create no file.
func TestSaveRefusals(t *testing.T) {
	dir := t.TempDir()
	v := patternView(4, 4, 3)
	for _, name := range []string{"x.webp", "x.xcf", "noext"} {
		if err := Save(filepath.Join(dir, name), v, nil); !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: error %v, want ErrUnsupported", name, err)
		}
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("files left behind: %v", names)
	}
}

// TestWriteFileAtomic checks that a failed or panicking write leaves the
// old file and no temporary file, and that permission bits are kept.
func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.png")
	if err := os.WriteFile(path, []byte("old contents"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteFileAtomic(path, func(w io.Writer) error {
		w.Write(bytes.Repeat([]byte("x"), 1<<20))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("error %v, want boom", err)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("panic not propagated")
			}
		}()
		WriteFileAtomic(path, func(w io.Writer) error {
			w.Write([]byte("partial"))
			panic("crash mid-write")
		})
	}()
	if got, _ := os.ReadFile(path); string(got) != "old contents" {
		t.Errorf("old file changed to %q", got)
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("temporary files left behind: %v", names)
	}
	// Success replaces the contents and keeps the mode.
	if err := WriteFileAtomic(path, func(w io.Writer) error { _, err := w.Write([]byte("new")); return err }); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" || st.Mode().Perm() != 0o640 {
		t.Errorf("after save: %q, mode %v", got, st.Mode())
	}
	// A new file gets the mode os.Create would give it.
	ref := filepath.Join(dir, "ref")
	f, err := os.Create(ref)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	fresh := filepath.Join(dir, "fresh")
	if err := WriteFileAtomic(fresh, func(w io.Writer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	a, _ := os.Stat(ref)
	b, _ := os.Stat(fresh)
	if a.Mode() != b.Mode() {
		t.Errorf("new file mode %v, os.Create gives %v", b.Mode(), a.Mode())
	}
	// A symbolic link keeps pointing to the replaced file.
	link := filepath.Join(dir, "link")
	if err := os.Symlink(path, link); err != nil {
		t.Skip(err)
	}
	if err := WriteFileAtomic(link, func(w io.Writer) error { _, err := w.Write([]byte("via link")); return err }); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "via link" {
		t.Errorf("target holds %q", got)
	}
	if st, _ := os.Lstat(link); st.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	// A directory is refused, and so is a missing directory.
	if err := WriteFileAtomic(dir, func(w io.Writer) error { return nil }); err == nil {
		t.Error("writing over a directory: no error")
	}
	if err := WriteFileAtomic(filepath.Join(dir, "no", "such"), func(w io.Writer) error { return nil }); err == nil {
		t.Error("missing directory: no error")
	}
}

// TestWriteFileAtomicKeepsModeZero: a replaced file keeps its permission
// bits even when they are all clear, which a zero "no file" mode would
// have turned into a new file's 0644.
func TestWriteFileAtomicKeepsModeZero(t *testing.T) {
	path := filepath.Join(t.TempDir(), "locked.png")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Skipf("cannot replace a mode-000 file here: %v", err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0 {
		t.Errorf("mode %v after replacing a mode-000 file", st.Mode().Perm())
	}
}
