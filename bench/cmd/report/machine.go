package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/pixview/pixview/internal/refkern"
	"golang.org/x/sys/cpu"
)

// machine describes where and when a run happened.
type machine struct {
	cpu     string // model name from /proc/cpuinfo, else the testing package's cpu line
	cores   int
	goVer   string
	date    time.Time
	loadavg string // the 1, 5 and 15 minute load averages when the run started
	commit  string

	features  string // the vector extensions x/sys/cpu reports that pixview's kernels use
	floor     string // the kernel refkern's floor runs on this CPU
	copyStore string // the stores copy() of a 12 MP RGB24 image uses
	l3        int64  // bytes of L3 cache, 0 if not known
	l3From    string // where l3 came from

	host   string // the host name, the kernel, the OS
	virt   string // what the system runs on: a virtual machine, a container, or bare metal, when it can be told
	memory int64  // bytes of RAM
	tools  string // the versions of the outside tools the whole commands compare with
}

// image12MP is the size of the image the targets are stated at: 4000x3000
// RGB24.
const image12MP = 4000 * 3000 * 3

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
	m.features = vectorFeatures()
	m.floor = refkern.Kernel()
	m.copyStore = refkern.CopyStores(image12MP)
	m.l3, m.l3From = l3Size()
	if out, err := command(root, "go", "env", "GOVERSION"); err == nil {
		m.goVer = out
	}
	if out, err := command(root, "git", "rev-parse", "--short", "HEAD"); err == nil {
		m.commit = out
	}
	m.host, m.virt, m.memory = hostDescription()
	m.tools = toolVersions()
	return m
}

// hostDescription returns the host name with the kernel and OS, what the
// system runs on, and its memory, from what Linux shows (less elsewhere).
func hostDescription() (host, virt string, memory int64) {
	host, _ = os.Hostname()
	var parts []string
	if out, err := exec.Command("uname", "-sr").Output(); err == nil {
		parts = append(parts, strings.TrimSpace(string(out)))
	}
	if b, err := os.ReadFile("/etc/os-release"); err == nil {
		for line := range strings.Lines(string(b)) {
			if v, ok := strings.CutPrefix(strings.TrimSpace(line), "PRETTY_NAME="); ok {
				parts = append(parts, strings.Trim(v, `"`))
			}
		}
	}
	if len(parts) > 0 {
		host += " (" + strings.Join(parts, ", ") + ")"
	}
	var vs []string
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil && strings.Contains(string(b), " hypervisor") {
		vs = append(vs, "a virtual machine (the CPU reports a hypervisor)")
	}
	if out, err := exec.Command("systemd-detect-virt", "--container").Output(); err == nil {
		if c := strings.TrimSpace(string(out)); c != "" && c != "none" {
			vs = append(vs, "in a "+c+" container")
		}
	}
	virt = strings.Join(vs, ", ")
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for line := range strings.Lines(string(b)) {
			if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				if f := strings.Fields(rest); len(f) > 0 {
					kb, _ := strconv.ParseInt(f[0], 10, 64)
					memory = kb << 10
				}
			}
		}
	}
	return host, virt, memory
}

// toolVersions lists the version of each outside tool that is installed,
// from its own first line of --version output, or from dpkg for those
// without one.
func toolVersions() string {
	var vs []string
	for _, t := range []struct{ name, flag, pkg string }{
		{"jpegtran", "-version", ""}, {"exiftran", "", "exiftran"}, {"exiftool", "-ver", ""},
		{"convert", "-version", ""}, {"vips", "--version", ""}, {"ffmpeg", "-version", ""},
		{"pamflip", "-version", ""}, {"cp", "--version", ""},
	} {
		if _, err := exec.LookPath(t.name); err != nil {
			continue
		}
		var out []byte
		if t.flag != "" {
			out, _ = exec.Command(t.name, t.flag).CombinedOutput()
		} else if o, err := exec.Command("dpkg-query", "-W", "-f", "${Version}", t.pkg).Output(); err == nil {
			out = o
		}
		line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
		if len(line) > 70 {
			line = line[:70] + "…"
		}
		vs = append(vs, fmt.Sprintf("%s: %s", t.name, or(line, "version not known")))
	}
	return strings.Join(vs, "; ")
}

// command runs name with args in dir and returns its trimmed standard output.
func command(dir, name string, args ...string) (string, error) {
	c := exec.Command(name, args...)
	c.Dir = dir
	out, err := c.Output()
	return strings.TrimSpace(string(out)), err
}

// vectorFeatures lists the vector extensions, as x/sys/cpu reports them,
// that choose pixview's kernels: refkern's floor (AVX-512F, AVX2, SSE2) and
// package ops (SSSE3, AVX-512 VBMI with BW).
func vectorFeatures() string {
	if runtime.GOARCH != "amd64" {
		return runtime.GOARCH + ": no assembly kernels"
	}
	var fs []string
	for _, f := range []struct {
		name string
		has  bool
	}{
		{"SSE2", cpu.X86.HasSSE2}, {"SSSE3", cpu.X86.HasSSSE3}, {"AVX2", cpu.X86.HasAVX2},
		{"AVX-512F", cpu.X86.HasAVX512F}, {"AVX-512BW", cpu.X86.HasAVX512BW}, {"AVX-512VBMI", cpu.X86.HasAVX512VBMI},
	} {
		if f.has {
			fs = append(fs, f.name)
		}
	}
	return strings.Join(fs, ", ")
}

// l3Size returns the size of the L3 cache that CPU 0 sees and where it was
// read: sysfs's cache description, else lscpu, else getconf (which glibc
// answers from CPUID). On AMD CPUs lscpu and getconf may give the whole
// socket's L3, of which one core sees one CCD's share.
func l3Size() (int64, string) {
	dirs, _ := filepath.Glob("/sys/devices/system/cpu/cpu0/cache/index*")
	for _, d := range dirs {
		level, _ := os.ReadFile(filepath.Join(d, "level"))
		size, _ := os.ReadFile(filepath.Join(d, "size"))
		if strings.TrimSpace(string(level)) == "3" {
			if n, ok := parseSize(string(size)); ok {
				return n, "sysfs, cpu0's L3"
			}
		}
	}
	if out, err := exec.Command("lscpu", "-B", "-C=LEVEL,ALL-SIZE").Output(); err == nil {
		for line := range strings.Lines(string(out)) {
			if f := strings.Fields(line); len(f) == 2 && f[0] == "L3" {
				if n, ok := parseSize(f[1]); ok {
					return n, "lscpu, all L3 instances together"
				}
			}
		}
	}
	if out, err := exec.Command("getconf", "LEVEL3_CACHE_SIZE").Output(); err == nil {
		if n, ok := parseSize(string(out)); ok && n > 0 {
			return n, "getconf LEVEL3_CACHE_SIZE (CPUID; may be the whole socket's)"
		}
	}
	return 0, ""
}

// parseSize parses a cache size such as "32768K", "32M" or "33554432".
func parseSize(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	mult := int64(1)
	switch {
	case strings.HasSuffix(s, "K"):
		mult, s = 1<<10, strings.TrimSuffix(s, "K")
	case strings.HasSuffix(s, "M"):
		mult, s = 1<<20, strings.TrimSuffix(s, "M")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, false
	}
	return n * mult, true
}

// l3Fit says whether a 12 MP RGB24 image fits in the L3 cache.
func (m machine) l3Fit() string {
	if m.l3 == 0 {
		return "L3 size not known"
	}
	img := fmt.Sprintf("%.0f MB", float64(image12MP)/1e6)
	if m.l3 >= image12MP {
		return fmt.Sprintf("%s (%s); a 12 MP RGB24 image (%s) fits in it", fmtBytes(float64(m.l3)), m.l3From, img)
	}
	return fmt.Sprintf("%s (%s); a 12 MP RGB24 image (%s) does not fit", fmtBytes(float64(m.l3)), m.l3From, img)
}

// name is the one line that tells this machine from another in a report:
// CPU, count, memory and whether it is virtual.
func (m machine) name() string {
	parts := []string{or(m.cpu, "CPU not known"), fmt.Sprintf("%d CPUs", m.cores)}
	if m.memory > 0 {
		parts = append(parts, fmtBytes(float64(m.memory))+" RAM")
	}
	switch {
	case strings.Contains(m.virt, "virtual machine"):
		parts = append(parts, "virtual machine")
	case m.virt != "":
		parts = append(parts, m.virt)
	}
	return strings.Join(parts, ", ")
}
