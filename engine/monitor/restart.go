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

// backoff is Docker's restart delay: 100 ms doubling per quick exit, reset
// after a run of 10 s or more, at most a minute.
type backoff struct{ delay time.Duration }

func (b *backoff) next(ran time.Duration) time.Duration {
	if ran >= 10*time.Second || b.delay == 0 {
		b.delay = 100 * time.Millisecond
	} else {
		b.delay *= 2
		if b.delay > time.Minute {
			b.delay = time.Minute
		}
	}
	return b.delay
}
