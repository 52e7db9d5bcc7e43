package engine

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"sort"
	"strconv"
	"strings"

	"github.com/moby/moby/api/types/container"

	"berth/engine/cgroups"
	"berth/engine/monitor"
	"berth/engine/store"
)

// Top lists a running container's processes. Without psArgs it shows the
// columns of `ps -ef`, read from /proc; with them it runs the host's ps
// with those arguments and keeps the container's rows, as Docker does.
func (e *Engine) Top(ref string, psArgs []string) (*container.TopResponse, error) {
	c, err := e.Get(ref)
	if err != nil {
		return nil, err
	}
	switch {
	case c.State.Status == store.StatusRestarting:
		return nil, errorf(ExitFailure, "Container %s is restarting, wait until the container is running", c.ID)
	case !c.State.Running():
		return nil, errorf(ExitFailure, "container %s is not running", c.ID)
	}
	pids, err := e.Pids(c.ID)
	if err != nil {
		return nil, err
	}
	if len(psArgs) == 0 {
		titles, rows := psEF(pids)
		return &container.TopResponse{Titles: titles, Processes: rows}, nil
	}
	out, err := exec.Command("ps", psArgs...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && len(ee.Stderr) > 0 {
			err = fmt.Errorf("%v: %s", err, bytes.TrimSpace(ee.Stderr))
		}
		return nil, errorf(ExitFailure, "Error running ps: %v", err)
	}
	return parsePS(out, pids)
}

// Pids lists the host pids of every process in a container, ascending.
func (e *Engine) Pids(id string) ([]int, error) {
	cg, err := cgroups.Load(monitor.CgroupName(id))
	if err != nil {
		return nil, errorf(ExitFailure, "container %s: %v", id, err)
	}
	pids, err := cg.Pids()
	if err != nil {
		return nil, errorf(ExitFailure, "container %s: %v", id, err)
	}
	sort.Ints(pids)
	return pids, nil
}

// parsePS keeps the rows of ps output whose PID is one of pids, merging
// the command's words into the last column. Thread rows ("-" as PID, from
// ps -m) follow the process before them.
func parsePS(out []byte, pids []int) (*container.TopResponse, error) {
	lines := strings.Split(string(out), "\n")
	top := &container.TopResponse{Titles: strings.Fields(lines[0]), Processes: [][]string{}}
	pidCol := -1
	for i, t := range top.Titles {
		if t == "PID" {
			pidCol = i
			break
		}
	}
	if pidCol < 0 {
		return nil, errorf(ExitFailure, "Couldn't find PID field in ps output")
	}
	want := map[int]bool{}
	for _, p := range pids {
		want[p] = true
	}
	keep := false
	for _, line := range lines[1:] {
		fields := strings.Fields(line)
		if len(fields) <= pidCol {
			continue
		}
		if fields[pidCol] == "-" {
			if keep {
				top.Processes = append(top.Processes, mergeTail(fields, len(top.Titles)))
			}
			continue
		}
		pid, err := strconv.Atoi(fields[pidCol])
		if err != nil {
			return nil, errorf(ExitFailure, "Unexpected pid '%s': %v", fields[pidCol], err)
		}
		if keep = want[pid]; keep {
			top.Processes = append(top.Processes, mergeTail(fields, len(top.Titles)))
		}
	}
	return top, nil
}

func mergeTail(fields []string, n int) []string {
	if len(fields) <= n {
		return fields
	}
	row := append([]string{}, fields[:n-1]...)
	return append(row, strings.Join(fields[n-1:], " "))
}
