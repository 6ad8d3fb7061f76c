// Package examples holds pixtool's scheduler examples (Kubernetes, AWS
// Batch, Slurm); its tests decode them so they cannot rot.
package examples

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// TestKubernetesIndexedJob decodes the manifest strictly into the
// Kubernetes API types (an unknown or misspelt field fails) and checks
// what the README promises of it.
func TestKubernetesIndexedJob(t *testing.T) {
	data, err := os.ReadFile("kubernetes/indexed-job.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var job batchv1.Job
	if err := yaml.UnmarshalStrict(data, &job); err != nil {
		t.Fatal(err)
	}
	s := job.Spec
	if job.APIVersion != "batch/v1" || job.Kind != "Job" {
		t.Errorf("apiVersion/kind %s/%s", job.APIVersion, job.Kind)
	}
	if s.CompletionMode == nil || *s.CompletionMode != batchv1.IndexedCompletion {
		t.Error("not an Indexed Job")
	}
	if s.Template.Spec.RestartPolicy != corev1.RestartPolicyNever {
		t.Error("restartPolicy is not Never (required by backoffLimitPerIndex and podFailurePolicy)")
	}
	if s.BackoffLimitPerIndex == nil {
		t.Error("no backoffLimitPerIndex")
	}
	if s.PodReplacementPolicy == nil || *s.PodReplacementPolicy != batchv1.Failed {
		t.Error("podReplacementPolicy is not Failed: two pods could run one index")
	}
	if s.PodFailurePolicy == nil || !slices.ContainsFunc(s.PodFailurePolicy.Rules, func(r batchv1.PodFailurePolicyRule) bool {
		return r.Action == batchv1.PodFailurePolicyActionFailIndex && r.OnExitCodes != nil && slices.Contains(r.OnExitCodes.Values, 1)
	}) {
		t.Error("no podFailurePolicy rule failing the index on exit code 1 (bad input)")
	}
	if len(s.Template.Spec.Containers) != 1 {
		t.Fatal("want one container")
	}
	args := strings.Join(s.Template.Spec.Containers[0].Args, " ")
	count := "--shard-count=" + itoa(*s.Completions)
	for _, want := range []string{"--shard=auto", count, "--skip-existing", "s3://"} {
		if !strings.Contains(args, want) {
			t.Errorf("args %q lack %q", args, want)
		}
	}
}

// TestAWSBatchArrayJob decodes the AWS Batch SubmitJob request strictly
// (the fields used, as the AWS API names them).
func TestAWSBatchArrayJob(t *testing.T) {
	data, err := os.ReadFile("aws-batch/array-job.json")
	if err != nil {
		t.Fatal(err)
	}
	var req struct {
		JobName         string `json:"jobName"`
		JobQueue        string `json:"jobQueue"`
		JobDefinition   string `json:"jobDefinition"`
		ArrayProperties struct {
			Size int32 `json:"size"`
		} `json:"arrayProperties"`
		RetryStrategy struct {
			Attempts       int32 `json:"attempts"`
			EvaluateOnExit []struct {
				OnExitCode     string `json:"onExitCode,omitempty"`
				OnStatusReason string `json:"onStatusReason,omitempty"`
				OnReason       string `json:"onReason,omitempty"`
				Action         string `json:"action"`
			} `json:"evaluateOnExit"`
		} `json:"retryStrategy"`
		ContainerOverrides struct {
			Command []string `json:"command"`
		} `json:"containerOverrides"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		t.Fatal(err)
	}
	cmd := strings.Join(req.ContainerOverrides.Command, " ")
	if !strings.Contains(cmd, "--shard-count="+itoa(req.ArrayProperties.Size)) || !strings.Contains(cmd, "--shard=auto") {
		t.Errorf("command %q does not shard over the array's size %d", cmd, req.ArrayProperties.Size)
	}
	if req.RetryStrategy.EvaluateOnExit[0].OnExitCode != "1" || req.RetryStrategy.EvaluateOnExit[0].Action != "EXIT" {
		t.Error("a bad input (exit 1) should not be retried")
	}
}

// TestSlurmScript checks the script's array and command.
func TestSlurmScript(t *testing.T) {
	data, err := os.ReadFile("slurm/flip.sbatch")
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for _, want := range []string{"#SBATCH --array=", "--shard=auto", "--skip-existing", "s3://"} {
		if !strings.Contains(s, want) {
			t.Errorf("script lacks %q", want)
		}
	}
}

func itoa(n int32) string { return strconv.Itoa(int(n)) }
