package main

import (
	"fmt"
	"strconv"
)

// autoShard returns the shard of `--shard auto`: the index of this task in
// the array job its scheduler runs, read through getenv, and count shards
// (0 when no --shard-count flag was given). Kubernetes Indexed Jobs
// ($JOB_COMPLETION_INDEX) and AWS Batch array jobs
// ($AWS_BATCH_JOB_ARRAY_INDEX) export no array size, so count is required
// there. Slurm exports its array as IDs MIN, MIN+STEP, ... with COUNT
// tasks: the shard is the task's position in that array, not its ID, so
// `--array=1-16:2` gives shards 0..7 of 8.
func autoShard(getenv func(string) string, count int) (shard, error) {
	index := func(name string) (int, bool, error) {
		v := getenv(name)
		if v == "" {
			return 0, false, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, true, fmt.Errorf("--shard auto: $%s=%q is not an index", name, v)
		}
		return n, true, nil
	}
	withCount := func(k int, from string) (shard, error) {
		if count < 1 {
			return shard{}, fmt.Errorf("--shard auto: $%s gives the index but not the number of shards; give it with --shard-count", from)
		}
		if k >= count {
			return shard{}, fmt.Errorf("--shard auto: index %d from $%s is not below --shard-count %d", k, from, count)
		}
		return shard{k: k, n: count}, nil
	}
	for _, name := range []string{"JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"} {
		k, ok, err := index(name)
		if err != nil {
			return shard{}, err
		}
		if ok {
			return withCount(k, name)
		}
	}
	id, ok, err := index("SLURM_ARRAY_TASK_ID")
	if err != nil {
		return shard{}, err
	}
	if !ok {
		return shard{}, fmt.Errorf("--shard auto: no array index in the environment ($JOB_COMPLETION_INDEX, $AWS_BATCH_JOB_ARRAY_INDEX or $SLURM_ARRAY_TASK_ID)")
	}
	min, _, err := index("SLURM_ARRAY_TASK_MIN")
	if err != nil {
		return shard{}, err
	}
	step, ok, err := index("SLURM_ARRAY_TASK_STEP")
	if err != nil {
		return shard{}, err
	}
	if !ok || step == 0 {
		step = 1
	}
	n, ok, err := index("SLURM_ARRAY_TASK_COUNT")
	if err != nil {
		return shard{}, err
	}
	if !ok || n < 1 {
		return shard{}, fmt.Errorf("--shard auto: $SLURM_ARRAY_TASK_ID without $SLURM_ARRAY_TASK_COUNT")
	}
	if count > 0 && count != n {
		return shard{}, fmt.Errorf("--shard auto: --shard-count %d differs from $SLURM_ARRAY_TASK_COUNT=%d", count, n)
	}
	if id < min || (id-min)%step != 0 || (id-min)/step >= n {
		// A list such as --array=1,4,9 has no even step: its positions
		// cannot be computed from the environment.
		return shard{}, fmt.Errorf("--shard auto: Slurm task %d is not in the array %d, %d+%d, ... of %d tasks (give --shard K/N for a list of IDs)", id, min, min, step, n)
	}
	return shard{k: (id - min) / step, n: n}, nil
}
