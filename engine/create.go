package engine

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/moby/moby/api/types/container"
	mnet "github.com/moby/moby/api/types/network"

	"berth/engine/cgroups"
	"berth/engine/mountset"
	"berth/engine/runtime"
	"berth/engine/store"
	"berth/engine/trace"
	"berth/storage/images"
)

// CreateOptions is what `berth create` and `berth run` ask for.
type CreateOptions struct {
	Name       string
	Image      string
	Config     container.Config
	HostConfig container.HostConfig
	Net        NetOptions
}

// Create makes a container from an image without starting it. Every check
// happens before anything is written, so a refused create leaves nothing.
func (e *Engine) Create(opts CreateOptions) (*Container, error) {
	trace.Mark("create")
	// A start usually follows: let the cgroup v1 stall it would meet pass
	// while we create (see cgroups.Warm).
	go cgroups.Warm()
	if err := validateHostConfig(&opts.HostConfig); err != nil {
		return nil, err
	}
	if opts.Name != "" {
		if err := store.ValidateName(opts.Name); err != nil {
			return nil, &Error{ExitEngine, err}
		}
	}
	img, err := e.resolveImage(opts.Image)
	if err != nil {
		if errors.Is(err, images.ErrNotFound) {
			return nil, errorf(ExitEngine, "Unable to find image '%s' locally: %v", opts.Image, err)
		}
		return nil, &Error{ExitEngine, err}
	}
	id := store.NewID()
	cfg := opts.Config
	mergeImageConfig(&cfg, img)
	if cfg.Hostname == "" {
		cfg.Hostname = id[:12]
	}
	if len(cfg.Entrypoint) == 0 && len(cfg.Cmd) == 0 {
		return nil, errorf(ExitEngine, "no command specified")
	}
	cfg.Image = opts.Image
	hc := opts.HostConfig
	nets, err := e.resolveNetworks(&cfg, &hc, opts.Net)
	if err != nil {
		return nil, err
	}
	ms, err := mountset.Resolve(&cfg, &hc, img.Config.Config.Volumes, e.lookupStored)
	if err != nil {
		return nil, &Error{ExitEngine, err}
	}
	// Volumes come before the record: its config names them. A refused
	// create takes back the ones it made.
	made, err := mountset.CreateVolumes(e.Volumes, ms)
	if err != nil {
		return nil, &Error{ExitEngine, err}
	}
	c := &store.Container{
		ID:         id,
		Name:       opts.Name,
		Created:    time.Now().UTC(),
		Image:      opts.Image,
		ImageID:    img.ID,
		Layers:     img.Layers,
		Config:     &cfg,
		HostConfig: &hc,
		Mounts:     ms,
		Networks:   nets,
	}
	prepare := func(dir string) error {
		return writeEtcFiles(dir, cfg.Hostname, hc.NetworkMode == "host")
	}
	if err := e.createNamed(c, prepare); err != nil {
		mountset.RemoveVolumes(e.Volumes, made)
		return nil, err
	}
	e.Events.Emit("create", id, map[string]string{"name": c.Name, "image": c.Image})
	trace.Mark("created")
	st, _ := e.Containers.State(id)
	return &Container{Container: c, State: st}, nil
}

// awaitFinishingOwner waits while the container holding name is an --rm
// container being removed, and reports whether it went. `run --rm`
// returns as soon as the container exits, so a script that runs the same
// name again may come here a few milliseconds early.
func (e *Engine) awaitFinishingOwner(name string) bool {
	id, err := e.Containers.Lookup(name)
	return err != nil || e.awaitFinishing(id)
}

// awaitFinishing waits (at most 5 s) while container id has ended and its
// monitor is removing it (--rm), and reports whether it is gone.
func (e *Engine) awaitFinishing(id string) bool {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		c, err := e.Containers.Get(id)
		if err != nil {
			return true
		}
		st, err := e.Containers.State(id)
		if err != nil {
			return true
		}
		finishing := c.HostConfig != nil && c.HostConfig.AutoRemove &&
			runtime.Alive(st.MonitorPid, st.MonitorStart) && !runtime.Alive(st.Pid, st.PidStart)
		if !finishing {
			return false
		}
		time.Sleep(2 * time.Millisecond)
	}
	return false
}

// lookupStored finds a container record for --volumes-from.
func (e *Engine) lookupStored(ref string) (*store.Container, error) {
	c, err := e.Get(ref)
	if err != nil {
		return nil, err
	}
	return c.Container, nil
}

// createNamed stores c under its chosen name, or under a fresh random one.
func (e *Engine) createNamed(c *store.Container, prepare func(string) error) error {
	if c.Name != "" {
		err := e.Containers.Create(c, prepare)
		if errors.Is(err, store.ErrNameInUse) && e.awaitFinishingOwner(c.Name) {
			err = e.Containers.Create(c, prepare)
		}
		if err != nil {
			return &Error{ExitEngine, err}
		}
		return nil
	}
	for attempt := 0; ; attempt++ {
		c.Name = randomName()
		if attempt > 5 {
			c.Name += fmt.Sprint(attempt)
		}
		err := e.Containers.Create(c, prepare)
		if err == nil || !errors.Is(err, store.ErrNameInUse) || attempt > 20 {
			if err != nil {
				return &Error{ExitEngine, err}
			}
			return nil
		}
	}
}

// mergeImageConfig fills what the user left unset from the image, the way
// Docker does: --entrypoint discards the image's CMD too.
func mergeImageConfig(cfg *container.Config, img *images.Image) {
	ic := img.Config.Config
	if len(cfg.Entrypoint) == 0 {
		cfg.Entrypoint = ic.Entrypoint
		if len(cfg.Cmd) == 0 {
			cfg.Cmd = ic.Cmd
		}
	}
	if cfg.WorkingDir == "" {
		cfg.WorkingDir = ic.WorkingDir
	}
	if cfg.User == "" {
		cfg.User = ic.User
	}
	if cfg.StopSignal == "" {
		cfg.StopSignal = ic.StopSignal
	}
	for p := range ic.ExposedPorts {
		if port, err := mnet.ParsePort(p); err == nil {
			if cfg.ExposedPorts == nil {
				cfg.ExposedPorts = mnet.PortSet{}
			}
			cfg.ExposedPorts[port] = struct{}{}
		}
	}
	cfg.Env = mergeEnv(ic.Env, cfg.Env)
	if !hasKey(cfg.Env, "PATH") {
		cfg.Env = append([]string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}, cfg.Env...)
	}
	if cfg.Tty && !hasKey(cfg.Env, "TERM") {
		cfg.Env = append(cfg.Env, "TERM=xterm")
	}
	if len(ic.Labels) > 0 {
		labels := map[string]string{}
		for k, v := range ic.Labels {
			labels[k] = v
		}
		for k, v := range cfg.Labels {
			labels[k] = v
		}
		cfg.Labels = labels
	}
}

// mergeEnv overlays user variables on the image's, keeping order.
func mergeEnv(base, over []string) []string {
	out := append([]string{}, base...)
	for _, kv := range over {
		k, _, _ := strings.Cut(kv, "=")
		replaced := false
		for i, b := range out {
			if bk, _, _ := strings.Cut(b, "="); bk == k {
				out[i], replaced = kv, true
				break
			}
		}
		if !replaced {
			out = append(out, kv)
		}
	}
	return out
}

func hasKey(env []string, key string) bool {
	for _, kv := range env {
		if k, _, _ := strings.Cut(kv, "="); k == key {
			return true
		}
	}
	return false
}

// validateHostConfig rejects settings Docker rejects, before anything exists.
func validateHostConfig(hc *container.HostConfig) error {
	rp := hc.RestartPolicy
	switch rp.Name {
	case "", container.RestartPolicyDisabled:
		hc.RestartPolicy.Name = container.RestartPolicyDisabled
	case container.RestartPolicyAlways, container.RestartPolicyUnlessStopped, container.RestartPolicyOnFailure:
	default:
		return errorf(ExitEngine, "invalid restart policy: unknown policy '%s'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'", rp.Name)
	}
	if rp.MaximumRetryCount < 0 {
		return errorf(ExitEngine, "invalid restart policy: max-retries must be a positive integer")
	}
	if rp.MaximumRetryCount > 0 && rp.Name != container.RestartPolicyOnFailure {
		return errorf(ExitEngine, "invalid restart policy: maximum retry count can only be used with 'on-failure'")
	}
	if hc.AutoRemove && hc.RestartPolicy.Name != container.RestartPolicyDisabled {
		return errorf(ExitEngine, "conflicting options: cannot specify both --restart and --rm")
	}
	r := hc.Resources
	res := cgroups.Resources{Memory: r.Memory, MemorySwap: r.MemorySwap, CPUShares: r.CPUShares, NanoCPUs: r.NanoCPUs}
	if r.PidsLimit != nil {
		res.PidsLimit = *r.PidsLimit
	}
	if err := cgroups.Validate(res); err != nil {
		return &Error{ExitEngine, err}
	}
	return nil
}
