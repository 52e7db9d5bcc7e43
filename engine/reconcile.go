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
	if err != nil || st.MonitorPid == 0 || runtime.Alive(st.MonitorPid, st.MonitorStart) {
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
		return nil
	})
	if died {
		e.Events.Emit("die", id, map[string]string{"exitCode": strconv.Itoa(st.ExitCode)})
	}
	return st, err
}

func sortNewestFirst(cs []*Container) {
	sort.Slice(cs, func(i, j int) bool { return cs[i].Created.After(cs[j].Created) })
}
