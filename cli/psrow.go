package cli

import (
	"encoding/json"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	units "github.com/docker/go-units"

	"berth/engine"
)

// psRow is one container as `docker ps --format` sees it: each method is a
// template field, spelled and rendered as docker's.
type psRow struct {
	c          *engine.Container
	trunc      bool
	now        time.Time
	rw, rootfs int64
}

// psHeader names the columns of a `ps` table.
var psHeader = map[string]string{
	"ID": "CONTAINER ID", "Image": "IMAGE", "Command": "COMMAND", "CreatedAt": "CREATED AT",
	"RunningFor": "CREATED", "Ports": "PORTS", "State": "STATE", "Status": "STATUS", "Size": "SIZE",
	"Names": "NAMES", "Labels": "LABELS", "Label": "LABEL", "Mounts": "MOUNTS",
	"LocalVolumes": "LOCAL VOLUMES", "Networks": "NETWORKS", "Platform": "PLATFORM",
}

func (r psRow) ID() string {
	if r.trunc {
		return r.c.ID[:12]
	}
	return r.c.ID
}

func (r psRow) Image() string {
	img := r.c.Image
	if img == "" {
		return "<no image>"
	}
	if r.trunc {
		if hex, ok := strings.CutPrefix(img, "sha256:"); ok && len(hex) > 12 {
			return hex[:12]
		}
		if i := strings.Index(img, "@"); i > 0 {
			img = img[:i] // the digest, when a tag or the name says enough
		}
	}
	return img
}

func (r psRow) Command() string {
	cmd := r.c.Command()
	if r.trunc {
		cmd = ellipsis(cmd, 20)
	}
	return strconv.Quote(cmd)
}

func (r psRow) CreatedAt() string { return time.Unix(r.c.Created.Unix(), 0).String() }

func (r psRow) RunningFor() string { return units.HumanDuration(r.now.Sub(r.c.Created)) + " ago" }

func (r psRow) Ports() string {
	if !r.c.State.Running() || r.c.HostConfig == nil {
		return ""
	}
	var out []string
	for port, bindings := range r.c.HostConfig.PortBindings {
		for _, b := range bindings {
			ip := "0.0.0.0"
			if b.HostIP.IsValid() {
				ip = b.HostIP.String()
			}
			out = append(out, fmt.Sprintf("%s:%s->%s", ip, b.HostPort, port))
		}
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

func (r psRow) State() string { return r.c.State.Status }

func (r psRow) Status() string { return r.c.StatusText(r.now) }

func (r psRow) Size() string {
	rw := units.HumanSizeWithPrecision(float64(r.rw), 3)
	if r.rootfs > 0 {
		return fmt.Sprintf("%s (virtual %s)", rw, units.HumanSizeWithPrecision(float64(r.rootfs), 3))
	}
	return rw
}

func (r psRow) Names() string { return r.c.Name }

func (r psRow) labels() map[string]string {
	if r.c.Config == nil {
		return nil
	}
	return r.c.Config.Labels
}

func (r psRow) Labels() string { return joinLabels(r.labels()) }

func (r psRow) Label(name string) string { return r.labels()[name] }

func (r psRow) mountNames() []string {
	hc := r.c.HostConfig
	if hc == nil {
		return nil
	}
	var out []string
	for _, b := range hc.Binds {
		src, _, _ := strings.Cut(b, ":")
		out = append(out, src)
	}
	for _, m := range hc.Mounts {
		out = append(out, m.Source)
	}
	return out
}

func (r psRow) Mounts() string {
	names := r.mountNames()
	if r.trunc {
		for i, n := range names {
			names[i] = ellipsis(n, 15)
		}
	}
	return strings.Join(names, ",")
}

func (r psRow) LocalVolumes() string {
	n := 0
	for _, m := range r.mountNames() {
		if !strings.HasPrefix(m, "/") {
			n++
		}
	}
	return strconv.Itoa(n)
}

func (r psRow) Networks() string { return strings.Join(r.c.NetworkNames(), ",") }

func (r psRow) Platform() string { return "linux/" + runtime.GOARCH }

// MarshalJSON is what `--format json` and `{{json .}}` print: every field.
func (r psRow) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{
		"ID": r.ID(), "Image": r.Image(), "Command": r.Command(), "CreatedAt": r.CreatedAt(),
		"RunningFor": r.RunningFor(), "Ports": r.Ports(), "State": r.State(), "Status": r.Status(),
		"Size": r.Size(), "Names": r.Names(), "Labels": r.Labels(), "Mounts": r.Mounts(),
		"LocalVolumes": r.LocalVolumes(), "Networks": r.Networks(),
	})
}

// ellipsis shortens s to max runes, ending it with "…" when cut.
func ellipsis(s string, max int) string {
	rs := []rune(s)
	if len(rs) <= max {
		return s
	}
	if max <= 1 {
		return string(rs[:max])
	}
	return string(rs[:max-1]) + "…"
}
