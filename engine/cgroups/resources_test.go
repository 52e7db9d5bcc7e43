package cgroups

import (
	"testing"

	"github.com/containerd/cgroups/v3/cgroup2"
)

// The v2 conversions cannot be checked against real files on a v1 host,
// so check what would be written.
func TestResourcesV2(t *testing.T) {
	r := resourcesV2(Resources{Memory: 64 << 20, CPUShares: 512, NanoCPUs: 15e8, PidsLimit: 9}, true)
	if *r.Memory.Max != 64<<20 || *r.Memory.Swap != 64<<20 {
		t.Errorf("memory max %d swap %d, want 64MiB each (memory+swap = 2x memory)", *r.Memory.Max, *r.Memory.Swap)
	}
	if w := *r.CPU.Weight; w != cgroup2.ConvertCPUSharesToCgroupV2Value(512) || w < 1 || w >= 100 {
		t.Errorf("cpu.weight %d for 512 shares (1024 shares = weight 100)", w)
	}
	if r.CPU.Max != "150000 100000" || r.Pids.Max != 9 {
		t.Errorf("cpu.max %q, pids.max %d", r.CPU.Max, r.Pids.Max)
	}
	if got := *resourcesV2(Resources{Memory: 64 << 20, MemorySwap: 64 << 20}, true).Memory.Swap; got != 0 {
		t.Errorf("memory-swap = memory: swap.max %d, want 0", got)
	}
	for _, r := range []*cgroup2.Resources{
		resourcesV2(Resources{Memory: 64 << 20, MemorySwap: -1}, true), // unlimited: leave the default
		resourcesV2(Resources{Memory: 64 << 20}, false),                // no swap accounting
	} {
		if r.Memory.Swap != nil {
			t.Errorf("swap.max set to %d", *r.Memory.Swap)
		}
	}
	if r := resourcesV2(Resources{PidsLimit: -1}, true); r.Pids != nil || r.CPU != nil || r.Memory != nil {
		t.Errorf("unlimited resources produced limits: %+v", r)
	}
}

func TestSpecV1(t *testing.T) {
	s := specV1(Resources{Memory: 64 << 20, CPUShares: 512, NanoCPUs: 25e7, PidsLimit: 9}, true)
	if *s.Memory.Limit != 64<<20 || *s.Memory.Swap != 128<<20 || s.Memory.Kernel != nil { //nolint:staticcheck // checking it stays unset
		t.Errorf("memory %+v", s.Memory)
	}
	if *s.CPU.Shares != 512 || *s.CPU.Period != 100000 || *s.CPU.Quota != 25000 || *s.Pids.Limit != 9 {
		t.Errorf("cpu %+v pids %+v", s.CPU, s.Pids)
	}
	if s := specV1(Resources{Memory: 64 << 20}, false); s.Memory.Swap != nil {
		t.Error("memsw set without swap accounting")
	}
}

// The eBPF filter generator dereferences every major/minor and wants an
// explicit type: the default list must compile.
func TestDeviceFilterCompiles(t *testing.T) {
	insts, license, err := cgroup2.DeviceFilter(defaultDevices())
	if err != nil || len(insts) == 0 || license == "" {
		t.Fatalf("DeviceFilter: %d instructions, %q, %v", len(insts), license, err)
	}
}
