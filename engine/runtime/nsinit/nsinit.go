// Package nsinit links in the C code that runs inside a container before
// its command: the container's init (`berth __init`, init.c and rootfs.c)
// and the second half of `berth exec` (nsenter.c), with what they share
// (process.c, wire.c). Both run as constructors, before the Go runtime
// starts: a container starts without paying for a Go runtime, and exec can
// join a mount namespace, which a multi-threaded Go process cannot.
// Importing the package is all a binary needs to do.
package nsinit

// #cgo CFLAGS: -Wall -O2
import "C"

// Environment variables read by the exec constructor.
const (
	EnvPid     = "_BERTH_NSENTER_PID"
	EnvCgroups = "_BERTH_NSENTER_CGROUPS"
)
