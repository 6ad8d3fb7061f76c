package main

import (
	"strings"
	"testing"
)

// TestCompletion asks the binary for shell completions the way the
// generated scripts do, through cobra's hidden __complete command.
func TestCompletion(t *testing.T) {
	tests := []struct {
		args []string
		want []string // completions that must be offered
		not  []string // completions that must not be
	}{
		{[]string{"__complete", ""}, []string{"flip", "rotate", "crop", "channel", "convert", "info"}, nil},
		{[]string{"__complete", "rotate", ""}, []string{"90", "180", "270"}, nil},
		{[]string{"__complete", "rotate", "90", ""}, nil, []string{"180"}},
		{[]string{"__complete", "flip", "--to", ""}, []string{"png", "jpeg", "pam"}, nil},
		{[]string{"__complete", "flip", "--pix-fmt", ""}, []string{"rgb24", "gray16le"}, nil},
		{[]string{"__complete", "flip", "--ho"}, []string{"--horizontal"}, nil},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args[1:], " "), func(t *testing.T) {
			r := mustRun(t, "", 0, tc.args...)
			lines := strings.Split(r.stdout, "\n")
			has := func(s string) bool {
				for _, l := range lines {
					if l == s || strings.HasPrefix(l, s+"\t") {
						return true
					}
				}
				return false
			}
			for _, w := range tc.want {
				if !has(w) {
					t.Errorf("completions %q lack %q", lines, w)
				}
			}
			for _, n := range tc.not {
				if has(n) {
					t.Errorf("completions %q offer %q", lines, n)
				}
			}
		})
	}
}
