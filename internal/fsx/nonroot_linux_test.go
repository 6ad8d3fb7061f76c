package fsx

import (
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// asNobody runs this test binary as user nobody in mode "replace" on path
// and returns what it printed. Root is needed to switch users; the
// binary is copied where nobody may run it.
func asNobody(t *testing.T, path string, force bool) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("switching to user nobody needs root")
	}
	bin := filepath.Join(filepath.Dir(filepath.Dir(path)), "fsx.test")
	if _, err := os.Stat(bin); err != nil {
		src, err := os.Open(os.Args[0])
		if err != nil {
			t.Fatal(err)
		}
		dst, err := os.OpenFile(bin, os.O_WRONLY|os.O_CREATE, 0o755)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(dst, src)
		src.Close()
		dst.Close()
	}
	cmd := exec.Command(bin, "-test.run=^$")
	cmd.Env = append(os.Environ(), "FSX_CHILD=replace", "FSX_PATH="+path)
	if force {
		cmd.Env = append(cmd.Env, "FSX_FORCE=1")
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child as nobody: %v\n%s", err, out)
	}
	return string(out)
}

// TestReplaceNotRoot: as a user who is not root, a file owned by root in
// a directory the user may write is replaced (as sed -i would) with a
// warning that the owner was not kept — and a read-only one is refused
// without Force.
func TestReplaceNotRoot(t *testing.T) {
	top := t.TempDir()
	dir := filepath.Join(top, "d")
	os.Mkdir(dir, 0o755)
	for _, p := range []string{filepath.Dir(top), top, dir} {
		os.Chmod(p, 0o755)
	}
	if err := os.Chown(dir, 65534, 65534); err != nil {
		t.Skip(err)
	}
	path := filepath.Join(dir, "a.png")
	mustWrite(t, path, "old", 0o664)

	out := asNobody(t, path, false)
	if !strings.Contains(out, "warning: fsx: attribute not kept: owner 0:0") || !strings.Contains(out, "error: <nil>") {
		t.Errorf("child printed:\n%s\nwant an owner warning and no error", out)
	}
	id, _ := Stat(path)
	if mustRead(t, path) != "new" || id.UID != 65534 || id.Mode.Perm() != 0o664 {
		t.Errorf("after: %q owner %d mode %v", mustRead(t, path), id.UID, id.Mode)
	}

	mustWrite(t, path, "old", 0o444)
	os.Chown(path, 0, 0)
	if out := asNobody(t, path, false); !strings.Contains(out, "read-only file") {
		t.Errorf("read-only without Force: child printed:\n%s", out)
	}
	if out := asNobody(t, path, true); !strings.Contains(out, "error: <nil>") {
		t.Errorf("read-only with Force: child printed:\n%s", out)
	}
	if mustRead(t, path) != "new" {
		t.Error("not replaced with Force")
	}
	if tmps := tempsIn(t, dir); len(tmps) > 0 {
		t.Errorf("temporary files left: %v", tmps)
	}

	// A set-group-ID file whose group the user is not in: the kernel
	// drops the bit on chmod without an error; the warning says so. (The
	// directory's own set-group-ID bit gives the new file group root.)
	os.Chown(dir, 65534, 0)
	os.Chmod(dir, 0o755|fs.ModeSetgid)
	mustWrite(t, path, "old", 0o664|fs.ModeSetgid)
	os.Chown(path, 0, 0)
	os.Chmod(path, 0o664|fs.ModeSetgid)
	out = asNobody(t, path, false)
	if !strings.Contains(out, "warning: fsx: attribute not kept: mode") || !strings.Contains(out, "error: <nil>") {
		t.Errorf("set-group-ID: child printed:\n%s\nwant a mode warning", out)
	}
	t.Log(out)
}
