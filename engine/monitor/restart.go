package monitor

import (
	"time"

	"github.com/moby/moby/api/types/container"
)

// shouldRestart applies Docker's restart policies to one exit.
func shouldRestart(p container.RestartPolicy, exitCode, restarts int, stopRequested bool) bool {
	if stopRequested {
		return false
	}
	switch p.Name {
	case container.RestartPolicyAlways, container.RestartPolicyUnlessStopped:
		return true
	case container.RestartPolicyOnFailure:
		return exitCode != 0 && (p.MaximumRetryCount == 0 || restarts < p.MaximumRetryCount)
	}
	return false
}

// nextBackoff is Docker's restart delay: 100 ms doubling per quick exit,
// reset after a run of 10 s or more, at most a minute.
func nextBackoff(prev, ran time.Duration) time.Duration {
	if ran >= 10*time.Second || prev == 0 {
		return 100 * time.Millisecond
	}
	if prev*2 > time.Minute {
		return time.Minute
	}
	return prev * 2
}
