package cgroups

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/containerd/cgroups/v3/cgroup1"
)

// v1Sampler is a v1 cgroup opened for Stats only.
type v1Sampler struct {
	v1Cgroup
	memory, blkio string // the group's directories, "" if not mounted
}

func (s *v1Sampler) Stats() (*Stats, error) {
	st := &Stats{MemoryLimit: hostMemory()}
	if s.memory != "" {
		if _, err := os.Stat(s.memory); err != nil {
			return nil, err // gone
		}
	}
	m, err := s.cg.Stat(cgroup1.IgnoreNotExist)
	if err != nil {
		return nil, err
	}
	if u := m.GetCPU().GetUsage(); u != nil {
		st.CPUUsageNanos, st.CPUUserNanos, st.CPUSystemNanos = u.Total, u.User, u.Kernel
	}
	if p := m.GetPids(); p != nil {
		st.Pids, st.PidsLimit = p.Current, p.Limit
	}
	if s.memory != "" {
		usage := readUint(filepath.Join(s.memory, "memory.usage_in_bytes"))
		stat := readKeyed(filepath.Join(s.memory, "memory.stat"))
		st.MemoryUsage = dockerUsage(usage, stat["total_inactive_file"])
		st.MemoryLimit = limitOrHost(readUint(filepath.Join(s.memory, "memory.limit_in_bytes")))
		st.MemoryCache = stat["total_cache"]
	}
	if s.blkio != "" {
		st.BlkioRead, st.BlkioWrite = blkioBytes(s.blkio)
	}
	return st, nil
}

// blkioBytes sums the bytes read and written over the group's devices, as
// the library does: the CFQ recursive counters when they have any, else
// the throttling layer's.
func blkioBytes(dir string) (read, write uint64) {
	for _, name := range []string{"blkio.io_service_bytes_recursive", "blkio.throttle.io_service_bytes"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		found := false
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.Fields(line)
			if len(f) != 3 {
				continue
			}
			found = true
			n, _ := strconv.ParseUint(f[2], 10, 64)
			switch strings.ToLower(f[1]) {
			case "read":
				read += n
			case "write":
				write += n
			}
		}
		if found {
			return read, write
		}
	}
	return read, write
}

func readUint(path string) uint64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	n, _ := strconv.ParseUint(string(bytes.TrimSpace(b)), 10, 64)
	return n
}

// readKeyed reads a "key value" per line file such as memory.stat.
func readKeyed(path string) map[string]uint64 {
	out := map[string]uint64{}
	f, err := os.Open(path)
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		if n, err := strconv.ParseUint(v, 10, 64); err == nil {
			out[k] = n
		}
	}
	return out
}
