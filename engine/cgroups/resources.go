package cgroups

import (
	"math"

	"github.com/containerd/cgroups/v3/cgroup2"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// cfsPeriod is the CFS period docker uses for --cpus: 100ms.
const cfsPeriod = 100000

// cpuQuota converts nano CPUs into microseconds of CPU time per cfsPeriod.
func cpuQuota(nanoCPUs int64) int64 { return nanoCPUs * cfsPeriod / 1e9 }

// memswLimit is the memory+swap limit to set, or 0 for none. Docker's
// default when only --memory is given is as much swap as memory again.
func memswLimit(r Resources) int64 {
	switch {
	case r.Memory <= 0, r.MemorySwap == -1:
		return 0
	case r.MemorySwap == 0:
		if r.Memory > math.MaxInt64/2 {
			return 0
		}
		return 2 * r.Memory
	default:
		return r.MemorySwap
	}
}

// specV1 expresses r as OCI resources for the cgroup1 package. swapOK says
// whether the kernel accounts swap (memory.memsw.* exists); like docker,
// without it we limit memory alone. Kernel memory is never set: it is
// deprecated and unsupported on recent kernels.
func specV1(r Resources, swapOK bool) *specs.LinuxResources {
	s := &specs.LinuxResources{Devices: defaultDevices()}
	if r.Memory > 0 {
		s.Memory = &specs.LinuxMemory{Limit: ptr(r.Memory)}
		if sw := memswLimit(r); sw > 0 && swapOK {
			s.Memory.Swap = ptr(sw)
		}
	}
	if r.CPUShares > 0 || r.NanoCPUs > 0 {
		s.CPU = &specs.LinuxCPU{}
		if r.CPUShares > 0 {
			s.CPU.Shares = ptr(uint64(r.CPUShares))
		}
		if r.NanoCPUs > 0 {
			s.CPU.Period = ptr(uint64(cfsPeriod))
			s.CPU.Quota = ptr(cpuQuota(r.NanoCPUs))
		}
	}
	if r.PidsLimit > 0 {
		s.Pids = &specs.LinuxPids{Limit: ptr(r.PidsLimit)}
	}
	return s
}

// resourcesV2 expresses r for the cgroup2 package. v2 limits swap on its
// own (memory.swap.max) rather than memory+swap, and weighs CPU with
// cpu.weight (1..10000) instead of shares, converted the way runc does.
func resourcesV2(r Resources, swapOK bool) *cgroup2.Resources {
	res := &cgroup2.Resources{Devices: defaultDevices()}
	if r.Memory > 0 {
		res.Memory = &cgroup2.Memory{Max: ptr(r.Memory)}
		if sw := memswLimit(r); sw > 0 && swapOK {
			res.Memory.Swap = ptr(sw - r.Memory)
		}
	}
	if r.CPUShares > 0 || r.NanoCPUs > 0 {
		res.CPU = &cgroup2.CPU{}
		if r.CPUShares > 0 {
			res.CPU.Weight = ptr(cgroup2.ConvertCPUSharesToCgroupV2Value(uint64(r.CPUShares)))
		}
		if r.NanoCPUs > 0 {
			res.CPU.Max = cgroup2.NewCPUMax(ptr(cpuQuota(r.NanoCPUs)), ptr(uint64(cfsPeriod)))
		}
	}
	if r.PidsLimit > 0 {
		res.Pids = &cgroup2.Pids{Max: r.PidsLimit}
	}
	return res
}

func ptr[T any](v T) *T { return &v }
