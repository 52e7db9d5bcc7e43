// Package faults lets tests kill a berth process at a named point, to prove
// that every crash leaves state truthful and cleanable. It is inert unless
// BERTH_FAULT names the point.
package faults

import (
	"os"
	"syscall"
)

var armed = os.Getenv("BERTH_FAULT")

// Point SIGKILLs the calling process if BERTH_FAULT equals name.
func Point(name string) {
	if armed != "" && armed == name {
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	}
}

// Env passes an armed fault on to a child whose environment berth builds
// from scratch.
func Env() []string {
	if armed == "" {
		return nil
	}
	return []string{"BERTH_FAULT=" + armed}
}
