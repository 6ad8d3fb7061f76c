package meta

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"testing"
	"time"
)

// needTool skips the test when an outside tool is missing, except under
// CI, which installs them all and must not pass by skipping.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is needed under CI: %v", name, err)
		}
		t.Skipf("%s not installed", name)
	}
}

// run runs an outside tool with a timeout and returns its standard output.
func run(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	needTool(t, name)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("%s %v: %v\n%s", name, args, err, msg)
	}
	return out
}

// exifJSON returns exiftool's tags of a file (-j with the given options),
// as one map.
func exifJSON(t *testing.T, path string, opts ...string) map[string]any {
	t.Helper()
	out := run(t, "exiftool", append(append([]string{"-j"}, opts...), path)...)
	var v []map[string]any
	if err := json.Unmarshal(out, &v); err != nil || len(v) != 1 {
		t.Fatalf("exiftool -j %s: %v\n%s", path, err, out)
	}
	return v[0]
}
