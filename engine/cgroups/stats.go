package cgroups

import (
	"math"

	"golang.org/x/sys/unix"
)

// dockerUsage is memory usage the way `docker stats` shows it: the kernel's
// figure minus inactive page cache, which is reclaimable and would make
// every container that read a big file look full.
func dockerUsage(usage, inactiveFile uint64) uint64 {
	if inactiveFile < usage {
		return usage - inactiveFile
	}
	return usage
}

// limitOrHost caps an "unlimited" memory limit (v1's huge page-rounded
// number, v2's "max") at host RAM, as docker does for a useful percentage.
func limitOrHost(limit uint64) uint64 {
	if host := hostMemory(); host > 0 && (limit == 0 || limit > host) {
		return host
	}
	return limit
}

// hostMemory is the total RAM of the machine, 0 if unknown.
func hostMemory() uint64 {
	var si unix.Sysinfo_t
	if err := unix.Sysinfo(&si); err != nil {
		return 0
	}
	unit := uint64(si.Unit)
	if unit == 0 {
		unit = 1
	}
	if total := uint64(si.Totalram); total <= math.MaxUint64/unit {
		return total * unit
	}
	return math.MaxUint64
}
