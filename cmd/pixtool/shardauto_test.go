package main

import (
	"strconv"
	"strings"
	"testing"
)

func TestAutoShard(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	for _, tc := range []struct {
		name  string
		env   func(string) string
		count int
		want  shard
		err   string
	}{
		{"kubernetes", env("JOB_COMPLETION_INDEX", "3"), 8, shard{3, 8}, ""},
		{"kubernetes without count", env("JOB_COMPLETION_INDEX", "3"), 0, shard{}, "--shard-count"},
		{"kubernetes index too big", env("JOB_COMPLETION_INDEX", "8"), 8, shard{}, "not below"},
		{"aws batch", env("AWS_BATCH_JOB_ARRAY_INDEX", "0"), 2, shard{0, 2}, ""},
		{"aws batch garbage", env("AWS_BATCH_JOB_ARRAY_INDEX", "x"), 2, shard{}, "not an index"},
		{"slurm from 0", env("SLURM_ARRAY_TASK_ID", "5", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_COUNT", "16"), 0, shard{5, 16}, ""},
		// --array=1-16:2 runs IDs 1,3,...,15: ID 7 is the fourth task.
		{"slurm with step", env("SLURM_ARRAY_TASK_ID", "7", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_STEP", "2", "SLURM_ARRAY_TASK_COUNT", "8"), 0, shard{3, 8}, ""},
		{"slurm from 100", env("SLURM_ARRAY_TASK_ID", "103", "SLURM_ARRAY_TASK_MIN", "100", "SLURM_ARRAY_TASK_COUNT", "4"), 4, shard{3, 4}, ""},
		{"slurm off step", env("SLURM_ARRAY_TASK_ID", "4", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_STEP", "2", "SLURM_ARRAY_TASK_COUNT", "8"), 0, shard{}, "not in the array"},
		{"slurm count mismatch", env("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_COUNT", "4"), 3, shard{}, "differs"},
		{"slurm without count", env("SLURM_ARRAY_TASK_ID", "1"), 0, shard{}, "SLURM_ARRAY_TASK_COUNT"},
		{"nothing", env(), 4, shard{}, "no array index"},
	} {
		got, err := autoShard(tc.env, tc.count)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: err %v, want one containing %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: got %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
}

// TestAutoShardSlurmCovers checks the law behind the Slurm rule: the tasks
// of an array with any MIN and STEP are the shards 0..COUNT-1, once each.
func TestAutoShardSlurmCovers(t *testing.T) {
	for _, a := range []struct{ min, step, count int }{{0, 1, 4}, {1, 1, 16}, {1, 2, 8}, {10, 5, 3}} {
		seen := make(map[int]bool)
		for i := 0; i < a.count; i++ {
			id := a.min + i*a.step
			m := map[string]string{
				"SLURM_ARRAY_TASK_ID":    itoa(id),
				"SLURM_ARRAY_TASK_MIN":   itoa(a.min),
				"SLURM_ARRAY_TASK_STEP":  itoa(a.step),
				"SLURM_ARRAY_TASK_COUNT": itoa(a.count),
			}
			s, err := autoShard(func(k string) string { return m[k] }, 0)
			if err != nil || s.n != a.count || seen[s.k] {
				t.Fatalf("array %+v task %d: %v %v (seen %v)", a, id, s, err, seen)
			}
			seen[s.k] = true
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
