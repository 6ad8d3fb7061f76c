package main

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// machine describes where and when a run happened.
type machine struct {
	cpu     string // model name from /proc/cpuinfo, else the testing package's cpu line
	cores   int
	goVer   string
	date    time.Time
	loadavg string // the 1, 5 and 15 minute load averages when the run started
	commit  string
}

// describeMachine gathers the machine description. root is the module
// directory, where git and go are run.
func describeMachine(root string) machine {
	m := machine{cores: runtime.NumCPU(), date: time.Now().UTC(), goVer: runtime.Version()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(b)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			m.loadavg = strings.Join(f[:3], " ")
		}
	}
	if out, err := command(root, "go", "env", "GOVERSION"); err == nil {
		m.goVer = out
	}
	if out, err := command(root, "git", "rev-parse", "--short", "HEAD"); err == nil {
		m.commit = out
	}
	return m
}

// command runs name with args in dir and returns its trimmed standard output.
func command(dir, name string, args ...string) (string, error) {
	c := exec.Command(name, args...)
	c.Dir = dir
	out, err := c.Output()
	return strings.TrimSpace(string(out)), err
}
