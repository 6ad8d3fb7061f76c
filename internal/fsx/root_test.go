package fsx

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestReplaceIn: outputs under a root never follow a symbolic link out of
// it, nor replace one.
func TestReplaceIn(t *testing.T) {
	base := t.TempDir()
	out, outside := filepath.Join(base, "out"), filepath.Join(base, "outside")
	os.MkdirAll(filepath.Join(out, "sub"), 0o755)
	os.Mkdir(outside, 0o755)
	mustWrite(t, filepath.Join(outside, "victim.png"), "precious", 0o644)
	if err := os.Symlink(outside, filepath.Join(out, "escape")); err != nil {
		t.Skip(err)
	}
	os.Symlink(filepath.Join(outside, "victim.png"), filepath.Join(out, "sub", "victim.png"))
	os.Symlink("sub", filepath.Join(out, "inside"))

	root, err := os.OpenRoot(out)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, name := range []string{"escape/victim.png", "escape/new.png", "../outside/new.png", "sub/victim.png"} {
		_, err := ReplaceIn(root, name, writeBytes([]byte("x")), nil)
		if err == nil {
			t.Errorf("ReplaceIn(%q) succeeded", name)
		}
		t.Logf("%s: %v", name, err)
	}
	if _, err := ReplaceIn(root, "sub/victim.png", writeBytes([]byte("x")), nil); !errors.Is(err, ErrNotRegular) {
		t.Errorf("symbolic link as last component: %v, want ErrNotRegular", err)
	}
	if got := mustRead(t, filepath.Join(outside, "victim.png")); got != "precious" {
		t.Errorf("file outside the root changed: %q", got)
	}
	if es, _ := os.ReadDir(outside); len(es) != 1 {
		t.Errorf("files created outside the root: %v", es)
	}

	// Inside the root, through a symbolic link that stays inside, it works.
	if _, err := ReplaceIn(root, "inside/new.png", writeBytes([]byte("new")), nil); err != nil {
		t.Fatal(err)
	}
	if mustRead(t, filepath.Join(out, "sub", "new.png")) != "new" {
		t.Error("not written")
	}
	if _, err := ReplaceIn(root, "sub/new.png", writeBytes([]byte("newer")), nil); err != nil {
		t.Fatal(err)
	}
	if mustRead(t, filepath.Join(out, "sub", "new.png")) != "newer" {
		t.Error("not replaced")
	}
	if tmps := tempsIn(t, filepath.Join(out, "sub")); len(tmps) > 0 {
		t.Errorf("temporary files left: %v", tmps)
	}
}
