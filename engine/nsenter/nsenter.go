// Package nsenter links in the C constructor that lets `berth exec` join a
// running container's namespaces before the Go runtime starts (see
// nsenter.c). Importing it for side effects is all a binary needs to do.
package nsenter

// #cgo CFLAGS: -Wall -O2
import "C"

// Environment variables read by the constructor.
const (
	EnvPid     = "_BERTH_NSENTER_PID"
	EnvCgroups = "_BERTH_NSENTER_CGROUPS"
)
