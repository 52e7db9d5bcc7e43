package engine

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"berth/engine/cgroups"
	"berth/engine/monitor"
	"berth/engine/mountset"
	"berth/engine/runtime"
	"berth/engine/store"
)

// Stop sends the container its stop signal, waits up to timeout and then
// kills it. Stopping a stopped container succeeds, as in Docker. A negative
// timeout waits forever.
func (e *Engine) Stop(ref string, timeout time.Duration) error {
	c, err := e.Get(ref)
	if err != nil {
		return err
	}
	if !c.State.Running() {
		return nil
	}
	sig, err := ParseSignal(c.Config.StopSignal)
	if err != nil || c.Config.StopSignal == "" {
		sig = syscall.SIGTERM
	}
	if err := e.signal(c.ID, sig, true); err != nil {
		return err
	}
	if e.waitStopped(c.ID, timeout) {
		return nil
	}
	if err := e.signal(c.ID, syscall.SIGKILL, true); err != nil {
		return err
	}
	e.waitStopped(c.ID, -1)
	return nil
}

// Kill sends a signal to the container's main process.
func (e *Engine) Kill(ref string, sig syscall.Signal) error {
	c, err := e.Get(ref)
	if err != nil {
		return err
	}
	if !c.State.Running() {
		return errorf(ExitFailure, "cannot kill container: %s: container %s is not running", ref, c.ID)
	}
	if err := e.signal(c.ID, sig, true); err != nil {
		return err
	}
	if sig == syscall.SIGKILL {
		e.waitStopped(c.ID, 10*time.Second)
	}
	return nil
}

// Restart stops and starts a container.
func (e *Engine) Restart(ref string, timeout time.Duration) error {
	if err := e.Stop(ref, timeout); err != nil {
		return err
	}
	_, err := e.Start(ref, StartOptions{})
	return err
}

// signal delivers sig to the container's PID 1, marking the exit as asked
// for so the restart policy leaves it stopped. A paused container is thawed
// so the signal takes effect.
func (e *Engine) signal(id string, sig syscall.Signal, requested bool) error {
	st, err := e.Containers.Update(id, func(s *store.State) error {
		if requested {
			s.StopRequested = true
		}
		return nil
	})
	if err != nil {
		return noSuchContainer(id)
	}
	if st.Pid != 0 && runtime.Alive(st.Pid, st.PidStart) {
		if err := unix.Kill(st.Pid, sig); err != nil && err != unix.ESRCH {
			return errorf(ExitFailure, "signal container %s: %v", id[:12], err)
		}
	}
	if st.Status == store.StatusPaused {
		if cg, err := cgroups.Load(monitor.CgroupName(id)); err == nil {
			cg.Thaw()
		}
		e.Containers.Update(id, func(s *store.State) error {
			if s.Status == store.StatusPaused {
				s.Status = store.StatusRunning
			}
			return nil
		})
	}
	e.emit("kill", id, map[string]string{"signal": strconv.Itoa(int(sig))})
	return nil
}

// waitStopped waits until the container's monitor is done with the current
// run (or gone), at most timeout (forever if negative). It follows the
// monitor's socket, which closes when the run ends.
func (e *Engine) waitStopped(id string, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for {
		st, err := e.reconcile(id)
		if err != nil || !st.Running() {
			return true
		}
		conn, err := net.Dial("unix", e.Containers.SocketPath(id))
		if err == nil {
			monitor.WriteHello(conn, monitor.Hello{})
			if timeout >= 0 {
				conn.SetReadDeadline(deadline)
			}
			for {
				if _, _, err := monitor.ReadFrame(conn); err != nil {
					break
				}
			}
			conn.Close()
		} else {
			time.Sleep(10 * time.Millisecond)
		}
		if timeout >= 0 && time.Now().After(deadline) {
			st, err := e.reconcile(id)
			return err != nil || !st.Running()
		}
	}
}

// Wait blocks until the container is stopped and returns its exit code.
func (e *Engine) Wait(ref string) (int, error) {
	id, err := e.Lookup(ref)
	if err != nil {
		return 0, err
	}
	e.waitStopped(id, -1)
	st, err := e.Containers.State(id)
	if err != nil {
		return 0, noSuchContainer(ref)
	}
	return st.ExitCode, nil
}

// Remove deletes a container; force kills a running one first; volumes
// removes the anonymous volumes it created (rm -v).
func (e *Engine) Remove(ref string, force, volumes bool) error {
	c, err := e.Get(ref)
	if err != nil {
		return err
	}
	if c.State.Running() {
		if !force {
			return errorf(ExitFailure, "cannot remove container \"/%s\": container is %s: stop the container before removing or force remove", c.Name, c.State.Status)
		}
		e.signal(c.ID, syscall.SIGKILL, true)
		e.waitStopped(c.ID, 10*time.Second)
	}
	l, st, err := e.lockSettled(c.ID)
	if errors.Is(err, store.ErrNotFound) && c.HostConfig.AutoRemove {
		return nil // an --rm container's monitor removed it as it stopped
	}
	if err != nil {
		return err
	}
	defer l.Unlock()
	if st.Running() {
		return errorf(ExitFailure, "cannot remove container \"/%s\": container is %s", c.Name, st.Status)
	}
	if cg, err := cgroups.Load(monitor.CgroupName(c.ID)); err == nil {
		cg.Kill()
		cg.Delete()
	}
	if err := e.Containers.Remove(c.ID, l); err != nil {
		return err
	}
	if volumes {
		mountset.RemoveAnonymous(e.Containers, e.Volumes, c.Container)
	}
	e.Events.Emit("destroy", c.ID, map[string]string{"name": c.Name, "image": c.Image})
	return nil
}

// lockSettled takes a container's lock once it is either running under a
// live monitor or has no monitor at all. A monitor that has reported an
// exit may still be releasing the container's cgroup: that takes
// milliseconds, so wait for it rather than race it.
func (e *Engine) lockSettled(id string) (*store.Lock, *store.State, error) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		l, err := e.Containers.Lock(id)
		if err != nil {
			return nil, nil, noSuchContainer(id)
		}
		st, err := e.Containers.State(id)
		if err != nil {
			l.Unlock()
			return nil, nil, noSuchContainer(id)
		}
		if st.MonitorPid == 0 || st.Running() || !runtime.Alive(st.MonitorPid, st.MonitorStart) {
			return l, st, nil
		}
		l.Unlock()
		if time.Now().After(deadline) {
			return nil, nil, errorf(ExitFailure, "container %s: its monitor is still running", id[:12])
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// Pause freezes every process of a running container.
func (e *Engine) Pause(ref string) error { return e.setPaused(ref, true) }

// Unpause thaws a paused container.
func (e *Engine) Unpause(ref string) error { return e.setPaused(ref, false) }

func (e *Engine) setPaused(ref string, pause bool) error {
	c, err := e.Get(ref)
	if err != nil {
		return err
	}
	l, err := e.Containers.Lock(c.ID)
	if err != nil {
		return noSuchContainer(ref)
	}
	defer l.Unlock()
	st, err := e.Containers.State(c.ID)
	if err != nil {
		return err
	}
	switch {
	case pause && st.Status == store.StatusPaused:
		return errorf(ExitFailure, "container %s is already paused", c.ID)
	case pause && st.Status != store.StatusRunning:
		return errorf(ExitFailure, "container %s is not running", c.ID)
	case !pause && st.Status != store.StatusPaused:
		return errorf(ExitFailure, "container %s is not paused", c.ID)
	}
	cg, err := cgroups.Load(monitor.CgroupName(c.ID))
	if err != nil {
		return errorf(ExitFailure, "container %s: %v", c.ID, err)
	}
	action, status := "unpause", store.StatusRunning
	if pause {
		action, status = "pause", store.StatusPaused
		err = cg.Freeze()
	} else {
		err = cg.Thaw()
	}
	if err != nil {
		return errorf(ExitFailure, "%s container %s: %v", action, c.ID, err)
	}
	e.Containers.UpdateLocked(c.ID, func(s *store.State) error { s.Status = status; return nil })
	e.emit(action, c.ID, nil)
	return nil
}

// Rename changes a container's name.
func (e *Engine) Rename(ref, newName string) error {
	id, err := e.Lookup(ref)
	if err != nil {
		return err
	}
	newName = strings.TrimPrefix(newName, "/")
	if err := e.Containers.Rename(id, newName); err != nil {
		return &Error{ExitFailure, fmt.Errorf("renaming container: %w", err)}
	}
	e.Net.Store.Rename(id, newName)
	e.emit("rename", id, nil)
	return nil
}
