package cli

import (
	"encoding/json"
	"fmt"
	"strconv"

	units "github.com/docker/go-units"

	"berth/engine"
)

// statsRow is one container in `docker stats --format`: each method is a
// template field, rendered as docker renders it.
type statsRow struct {
	container string // as the user named it, or the full ID
	s         *engine.Sample
	cpu       float64
	trunc     bool
}

const statsTable = `table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}`

var statsHeader = map[string]string{
	"Container": "CONTAINER", "ID": "CONTAINER ID", "Name": "NAME", "CPUPerc": "CPU %",
	"MemUsage": "MEM USAGE / LIMIT", "MemPerc": "MEM %", "NetIO": "NET I/O", "BlockIO": "BLOCK I/O",
	"PIDs": "PIDS",
}

func (r statsRow) Container() string { return r.container }

func (r statsRow) ID() string {
	if r.trunc && len(r.s.ID) > 12 {
		return r.s.ID[:12]
	}
	return r.s.ID
}

func (r statsRow) Name() string {
	if r.s.Name == "" {
		return "--"
	}
	return r.s.Name
}

func (r statsRow) CPUPerc() string { return fmt.Sprintf("%.2f%%", r.cpu) }

func (r statsRow) MemUsage() string {
	return units.BytesSize(float64(r.s.MemoryUsage)) + " / " + units.BytesSize(float64(r.s.MemoryLimit))
}

func (r statsRow) MemPerc() string { return fmt.Sprintf("%.2f%%", r.s.MemoryPercent()) }

func (r statsRow) NetIO() string { return ioPair(r.s.NetRx, r.s.NetTx) }

func (r statsRow) BlockIO() string { return ioPair(r.s.BlockRead, r.s.BlockWrite) }

func (r statsRow) PIDs() string { return strconv.FormatUint(r.s.Pids, 10) }

func ioPair(in, out uint64) string {
	return units.HumanSizeWithPrecision(float64(in), 3) + " / " + units.HumanSizeWithPrecision(float64(out), 3)
}

// MarshalJSON is what `--format json` and `{{json .}}` print.
func (r statsRow) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{
		"Container": r.Container(), "ID": r.ID(), "Name": r.Name(), "CPUPerc": r.CPUPerc(),
		"MemUsage": r.MemUsage(), "MemPerc": r.MemPerc(), "NetIO": r.NetIO(), "BlockIO": r.BlockIO(),
		"PIDs": r.PIDs(),
	})
}
