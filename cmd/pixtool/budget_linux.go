package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// unlimitedMemory is where a cgroup's or an rlimit's "no limit" starts:
// cgroup v1 says unlimited with a page-rounded 2^63-1, v2 with "max".
const unlimitedMemory = 1 << 62

// memoryAvailable returns how many bytes this process can still take and
// what limits it: the smallest of MemAvailable (/proc/meminfo), the
// cgroup's limit less its use (v2 memory.max and memory.current, v1
// memory.limit_in_bytes and memory.usage_in_bytes, for the process's cgroup
// and each above it; the inactive file cache counts as free, the kernel
// reclaims it first) and RLIMIT_AS less the address space already mapped.
// 0 when nothing is known.
func memoryAvailable() (int64, string) {
	best, from := int64(0), ""
	take := func(n int64, what string) {
		if n > 0 && (best == 0 || n < best) {
			best, from = n, what
		}
	}
	if n, ok := meminfoAvailable(); ok {
		take(n, "MemAvailable")
	}
	if n, ok := cgroupAvailable(); ok {
		take(max(n, 1), "the cgroup's memory limit less its use")
	}
	var rl unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_AS, &rl); err == nil && rl.Cur < unlimitedMemory {
		take(max(int64(rl.Cur)-mappedBytes(), 1), "RLIMIT_AS (ulimit -v) less the address space in use")
	}
	return best, from
}

// meminfoAvailable reads MemAvailable from /proc/meminfo.
func meminfoAvailable() (int64, bool) {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0, false
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "MemAvailable:"); ok {
			f := strings.Fields(rest)
			if len(f) == 2 && f[1] == "kB" {
				if n, err := strconv.ParseInt(f[0], 10, 64); err == nil {
					return n << 10, true
				}
			}
		}
	}
	return 0, false
}

// mappedBytes returns the address space this process has mapped
// (/proc/self/statm's first field), which RLIMIT_AS counts.
func mappedBytes() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	pages, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil {
		return 0
	}
	return pages * int64(os.Getpagesize())
}

// cgroupAvailable returns the least that any memory cgroup of this process,
// from its own up to the root, still allows: limit less usage, the
// inactive file cache counted as free.
func cgroupAvailable() (int64, bool) {
	b, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return 0, false
	}
	best, found := int64(0), false
	for line := range strings.SplitSeq(string(b), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		var dir, limit, usage, inactive string
		switch {
		case parts[0] == "0" && parts[1] == "": // v2
			dir, limit, usage, inactive = "/sys/fs/cgroup", "memory.max", "memory.current", "inactive_file"
		case hasController(parts[1], "memory"): // v1
			dir, limit, usage, inactive = "/sys/fs/cgroup/memory", "memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file"
		default:
			continue
		}
		for _, d := range cgroupDirs(dir, parts[2]) {
			lim, ok := readBytesFile(filepath.Join(d, limit))
			if !ok || lim >= unlimitedMemory {
				continue
			}
			use, _ := readBytesFile(filepath.Join(d, usage))
			use -= statValue(filepath.Join(d, "memory.stat"), inactive)
			if n := lim - max(use, 0); !found || n < best {
				best, found = n, true
			}
		}
	}
	return best, found
}

// hasController reports whether the comma-separated list holds name.
func hasController(list, name string) bool {
	for c := range strings.SplitSeq(list, ",") {
		if c == name {
			return true
		}
	}
	return false
}

// cgroupDirs returns the directories of the cgroup path under the
// hierarchy mounted at mount and of each cgroup above it. Inside a cgroup
// namespace, or a container that mounts its own cgroup as the root, the
// path may not exist under mount: then mount itself is the cgroup.
func cgroupDirs(mount, path string) []string {
	var dirs []string
	p := filepath.Clean("/" + path)
	if _, err := os.Stat(filepath.Join(mount, p)); err != nil {
		return []string{mount}
	}
	for {
		dirs = append(dirs, filepath.Join(mount, p))
		if p == "/" {
			return dirs
		}
		p = filepath.Dir(p)
	}
}

// readBytesFile reads a cgroup file holding one number ("max" is no
// limit).
func readBytesFile(path string) (int64, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	s := strings.TrimSpace(string(b))
	if s == "max" {
		return unlimitedMemory, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// statValue returns the value of key in a memory.stat file, 0 if absent.
func statValue(path, key string) int64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), " "); ok && k == key {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	return 0
}
