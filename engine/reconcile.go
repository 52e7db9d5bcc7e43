package engine

import (
	"sort"
	"strconv"
	"time"

	"berth/engine/cgroups"
	"berth/engine/monitor"
	"berth/engine/runtime"
	"berth/engine/store"
)

// reconcile returns a container's state, first correcting a state that
// claims a monitor that no longer exists (it was SIGKILLed, or the host
// process died mid-start). The container's init dies with its monitor
// (Pdeathsig), so such a container has exited; anything left in its cgroup
// is killed and the cgroup removed.
func (e *Engine) reconcile(id string) (*store.State, error) {
	st, err := e.Containers.State(id)
	if err == nil && st.MonitorPid != 0 && runtime.Alive(st.MonitorPid, st.MonitorStart) {
		return e.settle(id, st)
	}
	if err != nil || st.MonitorPid == 0 {
		return st, err
	}
	died := false
	st, err = e.Containers.Update(id, func(s *store.State) error {
		if s.MonitorPid == 0 || runtime.Alive(s.MonitorPid, s.MonitorStart) {
			return nil
		}
		if cg, err := cgroups.Load(monitor.CgroupName(id)); err == nil {
			cg.Kill()
			cg.Delete()
		}
		died = s.Running()
		if died {
			s.Status = store.StatusExited
			s.ExitCode = 137
			s.Error = "container monitor exited unexpectedly"
			s.FinishedAt = time.Now().UTC()
		}
		s.Pid, s.PidStart, s.MonitorPid, s.MonitorStart = 0, 0, 0, 0
		s.Endpoints, s.Ports = nil, nil // released below
		return nil
	})
	if len(e.containerNets(id)) > 0 {
		e.Net.Release(id, true)
	}
	if died {
		e.emit("die", id, map[string]string{"exitCode": strconv.Itoa(st.ExitCode)})
	}
	return st, err
}

// settle covers the moments when a monitor is between a container's exit
// and its bookkeeping: it reports the exit to attached clients first (so
// `run` returns at once) and then records it, removes an --rm container and
// releases the cgroup, which takes milliseconds. A state caught in between
// is waited out rather than shown. A monitor in a restart back-off is not
// waited for: "restarting" is the truth then.
func (e *Engine) settle(id string, st *store.State) (*store.State, error) {
	deadline := time.Now().Add(5 * time.Second)
	for busy(st) {
		if time.Now().After(deadline) {
			return st, nil
		}
		time.Sleep(time.Millisecond)
		next, err := e.Containers.State(id)
		if err != nil {
			return nil, err // removed meanwhile (--rm)
		}
		st = next
	}
	if st.MonitorPid != 0 && !runtime.Alive(st.MonitorPid, st.MonitorStart) {
		return e.reconcile(id)
	}
	return st, nil
}

// busy reports a monitor that is alive but finishing a run.
func busy(st *store.State) bool {
	if st.MonitorPid == 0 || !runtime.Alive(st.MonitorPid, st.MonitorStart) {
		return false
	}
	if st.Status == store.StatusRunning || st.Status == store.StatusPaused {
		return st.Pid != 0 && !runtime.Alive(st.Pid, st.PidStart)
	}
	return st.Status != store.StatusRestarting
}

func sortNewestFirst(cs []*Container) {
	sort.Slice(cs, func(i, j int) bool { return cs[i].Created.After(cs[j].Created) })
}
