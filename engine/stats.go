package engine

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"berth/engine/cgroups"
	"berth/engine/monitor"
)

// Sample is one reading of a container's raw resource counters. Rates
// (CPU %, bytes per second) come from two samples; see CPUPercent.
type Sample struct {
	ID      string
	Name    string
	Running bool // false: the counters are all zero
	Time    time.Time

	CPUUsageNanos  uint64 // cumulative CPU time of every process
	CPUUserNanos   uint64
	CPUSystemNanos uint64
	OnlineCPUs     int

	MemoryUsage uint64 // as docker counts it: without inactive page cache
	MemoryLimit uint64 // the limit, or host RAM when unlimited
	MemoryCache uint64

	NetRx, NetTx          uint64 // bytes over every interface but loopback
	BlockRead, BlockWrite uint64 // bytes

	Pids      uint64
	PidsLimit uint64 // 0 = unlimited
}

// Stats samples a container's counters now. A container that is not
// running gives a zero sample, not an error, as `docker stats -a` shows it.
func (e *Engine) Stats(ref string) (*Sample, error) {
	c, err := e.Get(ref)
	if err != nil {
		return nil, err
	}
	return SampleOf(c), nil
}

// SampleOf samples a container the caller has just listed, without
// reading its record again: a sampler that reads many containers every
// second (the UI) pays only for the counters. A container that stopped
// since gives a zero sample.
func SampleOf(c *Container) *Sample {
	s := emptySample(c)
	if !c.State.Running() {
		return s
	}
	cg, err := cgroups.LoadSampler(monitor.CgroupName(c.ID))
	if err != nil {
		return s // stopped between the state read and now
	}
	cs, err := cg.Stats()
	if err != nil {
		return s
	}
	s.Running = true
	s.CPUUsageNanos, s.CPUUserNanos, s.CPUSystemNanos = cs.CPUUsageNanos, cs.CPUUserNanos, cs.CPUSystemNanos
	s.MemoryUsage, s.MemoryLimit, s.MemoryCache = cs.MemoryUsage, cs.MemoryLimit, cs.MemoryCache
	s.BlockRead, s.BlockWrite = cs.BlkioRead, cs.BlkioWrite
	s.Pids, s.PidsLimit = cs.Pids, cs.PidsLimit
	if c.NetworkName() != "host" && c.State.Pid != 0 {
		s.NetRx, s.NetTx = netDev(c.State.Pid)
	}
	return s
}

// CPUSampleOf reads only a listed container's CPU time (cgroups.CPUUsage):
// what a list's CPU column needs, at a fraction of SampleOf's cost. The
// other counters are zero.
func CPUSampleOf(c *Container) *Sample {
	s := emptySample(c)
	if !c.State.Running() {
		return s
	}
	if n, err := cgroups.CPUUsage(monitor.CgroupName(c.ID)); err == nil {
		s.Running, s.CPUUsageNanos = true, n
	}
	return s
}

// emptySample is a reading of c with no counters yet: a stopped
// container's.
func emptySample(c *Container) *Sample {
	return &Sample{ID: c.ID, Name: c.Name, Time: time.Now(), OnlineCPUs: runtime.NumCPU()}
}

// CPUPercent is the CPU use between two samples of one container, where
// 100% is one core busy all the time (so up to OnlineCPUs*100%).
func CPUPercent(prev, cur *Sample) float64 {
	if prev == nil || cur == nil || !cur.Running || cur.CPUUsageNanos < prev.CPUUsageNanos {
		return 0
	}
	wall := cur.Time.Sub(prev.Time)
	if wall <= 0 {
		return 0
	}
	return float64(cur.CPUUsageNanos-prev.CPUUsageNanos) / float64(wall.Nanoseconds()) * 100
}

// MemoryPercent is usage over limit, in percent.
func (s *Sample) MemoryPercent() float64 {
	if s.MemoryLimit == 0 {
		return 0
	}
	return float64(s.MemoryUsage) / float64(s.MemoryLimit) * 100
}

// netDev sums received and sent bytes over a process's network namespace,
// leaving out loopback as docker does.
func netDev(pid int) (rx, tx uint64) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/net/dev")
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || strings.TrimSpace(name) == "lo" {
			continue
		}
		f := strings.Fields(rest)
		if len(f) < 9 {
			continue
		}
		r, _ := strconv.ParseUint(f[0], 10, 64)
		t, _ := strconv.ParseUint(f[8], 10, 64)
		rx, tx = rx+r, tx+t
	}
	return rx, tx
}
