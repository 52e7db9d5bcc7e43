package cgroups

import (
	"errors"
	"fmt"
	"runtime"
)

// minMemory is docker's floor for --memory (linuxMinMemory): below it the
// container cannot even start its runtime.
const minMemory = 6 * 1024 * 1024

// Validate rejects resource values docker would reject, with docker's
// wording, so that users see the messages they know.
func Validate(r Resources) error {
	if r.Memory != 0 && r.Memory < minMemory {
		return errors.New("Minimum memory limit allowed is 6MB")
	}
	swapSet := r.MemorySwap != 0 && r.MemorySwap != -1
	if r.Memory > 0 && swapSet && r.MemorySwap < r.Memory {
		return errors.New("Minimum memoryswap limit should be larger than memory limit, see usage")
	}
	if r.Memory == 0 && swapSet {
		return errors.New("You should always set the Memory limit when using Memoryswap limit, see usage")
	}
	if r.CPUShares < 0 {
		return fmt.Errorf("invalid CPU shares (%d): value must be a positive integer", r.CPUShares)
	}
	// Docker leaves values under 0.01 CPU to the kernel, which refuses a
	// CFS quota under 1ms; the message already says 0.01 is the floor.
	n := runtime.NumCPU()
	if r.NanoCPUs < 0 || (r.NanoCPUs > 0 && r.NanoCPUs < 1e7) || r.NanoCPUs > int64(n)*1e9 {
		return fmt.Errorf("Range of CPUs is from 0.01 to %d.00, as there are only %d CPUs available", n, n)
	}
	return nil
}
