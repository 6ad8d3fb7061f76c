package main

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
)

// shard selects one part of a file set: the files whose stable hash falls in
// shard k of n. The zero shard selects everything.
type shard struct{ k, n int }

// parseShard parses "K/N" with 0 <= K < N, the form a Kubernetes Indexed Job
// gives as $JOB_COMPLETION_INDEX.
func parseShard(s string) (shard, error) {
	if s == "" {
		return shard{}, nil
	}
	ks, ns, ok := strings.Cut(s, "/")
	k, kerr := strconv.Atoi(ks)
	n, nerr := strconv.Atoi(ns)
	if !ok || kerr != nil || nerr != nil || n < 1 || k < 0 || k >= n {
		return shard{}, fmt.Errorf("invalid --shard %q: want K/N with 0 <= K < N, such as 0/4", s)
	}
	return shard{k: k, n: n}, nil
}

// contains reports whether the file with the given key belongs to the shard.
// The key is a slash-separated path, so the answer is the same on every
// machine and operating system.
func (s shard) contains(key string) bool {
	if s.n <= 1 {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(key))
	return h.Sum64()%uint64(s.n) == uint64(s.k)
}

// String returns the shard as --shard spells it, "K/N".
func (s shard) String() string { return fmt.Sprintf("%d/%d", s.k, s.n) }

// resolveShard returns the shard of --shard: K/N as given, or with auto
// the array job's index from the environment (getenv) and the count from
// the environment or --shard-count (autoShard).
func (f *batchFlags) resolveShard(getenv func(string) string) (shard, error) {
	if f.shard == "auto" {
		return autoShard(getenv, f.shardCount)
	}
	return parseShard(f.shard)
}
