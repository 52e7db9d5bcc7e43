package backend

import (
	"fmt"
	"math"
	"os"
	"strings"

	units "github.com/docker/go-units"
	"github.com/moby/moby/api/types/container"

	"berth/engine"
	"berth/engine/mounts"
	"berth/engine/network"
)

// Run creates and starts a container in the background, like `docker run
// -d`. As there, a container whose start fails stays, created: its ID is
// returned with the error so the UI can show or remove it.
func (b *Engine) Run(opts RunOptions) (string, error) {
	co, err := createOptions(opts)
	if err != nil {
		return "", err
	}
	c, err := b.e.Create(co)
	if err != nil {
		return "", err
	}
	if _, err := b.e.Start(c.ID, engine.StartOptions{}); err != nil {
		return c.ID, err
	}
	return c.ID, nil
}

// createOptions reads the run form the way the CLI reads run's flags
// (cli/createflags.go, which is unexported): every value is checked here,
// before anything is created.
func createOptions(o RunOptions) (engine.CreateOptions, error) {
	co := engine.CreateOptions{Name: o.Name, Image: strings.TrimSpace(o.Image)}
	if co.Image == "" {
		return co, fmt.Errorf("an image is needed to run a container")
	}
	cfg, hc := &co.Config, &co.HostConfig
	cfg.Cmd = o.Cmd
	cfg.Env = lookupEnv(o.Env)
	bindings, exposed, err := network.ParsePublish(o.Ports)
	if err != nil {
		return co, err
	}
	if len(exposed) > 0 {
		cfg.ExposedPorts, hc.PortBindings = exposed, bindings
	}
	if err := mounts.FileVolumes(o.Volumes, cfg, hc); err != nil {
		return co, err
	}
	hc.NetworkMode = container.NetworkMode(o.Network)
	if o.Memory != "" {
		n, err := units.RAMInBytes(o.Memory)
		if err != nil || n < 0 {
			return co, fmt.Errorf("invalid memory %q: a size such as 512m or 1g", o.Memory)
		}
		hc.Memory = n
	}
	if o.CPUs < 0 || math.IsNaN(o.CPUs) || math.IsInf(o.CPUs, 0) {
		return co, fmt.Errorf("invalid CPUs %v: from 0.01 to the number of CPUs", o.CPUs)
	}
	hc.NanoCPUs = int64(math.Round(o.CPUs * 1e9))
	return co, nil
}

// lookupEnv keeps NAME=VALUE entries and fills a bare NAME from our own
// environment, dropping it if unset, as `docker run -e NAME` does.
func lookupEnv(env []string) []string {
	var out []string
	for _, kv := range env {
		if strings.Contains(kv, "=") {
			out = append(out, kv)
		} else if v, ok := os.LookupEnv(kv); ok {
			out = append(out, kv+"="+v)
		}
	}
	return out
}
