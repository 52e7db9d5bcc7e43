package engine

import (
	"berth/engine/runtime"
)

// ContainerPrune removes every container that is not running, as
// `docker container prune` does, and returns their ids.
func (e *Engine) ContainerPrune() ([]string, error) {
	cs, err := e.List()
	if err != nil {
		return nil, err
	}
	var gone []string
	for _, c := range cs {
		if c.State.Running() {
			continue
		}
		if err := e.Remove(c.ID, false, false); err == nil {
			gone = append(gone, c.ID)
		}
	}
	return gone, nil
}

// releaseStale frees the addresses, host ports and rules still held for
// containers whose monitor is gone: what a SIGKILLed berth process left.
func (e *Engine) releaseStale() {
	e.Net.ReleaseStale(func(id string) bool {
		st, err := e.reconcile(id)
		return err == nil && st.MonitorPid != 0 && runtime.Alive(st.MonitorPid, st.MonitorStart)
	})
}
