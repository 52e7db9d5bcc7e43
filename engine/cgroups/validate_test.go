package cgroups

import (
	"fmt"
	"runtime"
	"testing"
)

func TestValidate(t *testing.T) {
	n := runtime.NumCPU()
	cpus := fmt.Sprintf("Range of CPUs is from 0.01 to %d.00, as there are only %d CPUs available", n, n)
	for _, tc := range []struct {
		r    Resources
		want string // "" = valid
	}{
		{Resources{}, ""},
		{Resources{Memory: 6 << 20, MemorySwap: -1, CPUShares: 2, NanoCPUs: 1e7, PidsLimit: -1}, ""},
		{Resources{Memory: 1 << 30, MemorySwap: 1 << 30, NanoCPUs: int64(n) * 1e9, PidsLimit: 1}, ""},
		{Resources{Memory: 6<<20 - 1}, "Minimum memory limit allowed is 6MB"},
		{Resources{Memory: -5}, "Minimum memory limit allowed is 6MB"},
		{Resources{Memory: 64 << 20, MemorySwap: 32 << 20}, "Minimum memoryswap limit should be larger than memory limit, see usage"},
		{Resources{Memory: 64 << 20, MemorySwap: -2}, "Minimum memoryswap limit should be larger than memory limit, see usage"},
		{Resources{MemorySwap: 64 << 20}, "You should always set the Memory limit when using Memoryswap limit, see usage"},
		{Resources{CPUShares: -1}, "invalid CPU shares (-1): value must be a positive integer"},
		{Resources{NanoCPUs: -1}, cpus},
		{Resources{NanoCPUs: 1e7 - 1}, cpus},
		{Resources{NanoCPUs: int64(n)*1e9 + 1}, cpus},
	} {
		err := Validate(tc.r)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("Validate(%+v) = %q, want %q", tc.r, got, tc.want)
		}
	}
}
