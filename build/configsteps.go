package build

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	"golang.org/x/sys/unix"
)

// configChange handles the instructions that change only the config. The
// history comment of each is docker's, with values after expansion, which
// also makes it the step's cache key.
func (b *Builder) configChange(st *stage, cmd instructions.Command, v vars) (*change, error) {
	cfg := cloneConfig(st.cfg)
	c := &cfg.Config
	var comment string
	switch x := cmd.(type) {
	case *instructions.EnvCommand:
		comment = "ENV"
		for _, kv := range x.Env {
			c.Env = envSet(c.Env, kv.Key, kv.Value)
			comment += " " + kv.Key + "=" + kv.Value
		}
	case *instructions.LabelCommand:
		comment = "LABEL"
		if c.Labels == nil {
			c.Labels = map[string]string{}
		}
		for _, kv := range x.Labels {
			c.Labels[kv.Key] = kv.Value
			comment += " " + kv.String()
		}
	case *instructions.ArgCommand:
		comment = "ARG"
		for _, kv := range x.Args {
			st.args.declare(kv, b.args, b.meta)
			comment += " " + kv.Key
			if kv.Value != nil {
				comment += "=" + *kv.Value
			}
		}
	case *instructions.MaintainerCommand:
		cfg.Author = x.Maintainer
		comment = "MAINTAINER " + x.Maintainer
	case *instructions.UserCommand:
		c.User = x.User
		comment = "USER " + x.User
	case *instructions.CmdCommand:
		c.Cmd = commandLine(&cfg, x.ShellDependantCmdLine)
		st.cmdSet = true
		comment = fmt.Sprintf("CMD %q", c.Cmd)
	case *instructions.EntrypointCommand:
		c.Entrypoint = commandLine(&cfg, x.ShellDependantCmdLine)
		if !st.cmdSet {
			c.Cmd = nil // an inherited CMD was meant for the old ENTRYPOINT
		}
		comment = fmt.Sprintf("ENTRYPOINT %q", c.Entrypoint)
	case *instructions.ExposeCommand:
		ports, err := b.exposedPorts(x.Ports, v)
		if err != nil {
			return nil, err
		}
		if c.ExposedPorts == nil {
			c.ExposedPorts = map[string]struct{}{}
		}
		for _, p := range ports {
			c.ExposedPorts[p] = struct{}{}
		}
		comment = "EXPOSE " + strings.Join(ports, " ")
	case *instructions.VolumeCommand:
		if c.Volumes == nil {
			c.Volumes = map[string]struct{}{}
		}
		for _, vol := range x.Volumes {
			c.Volumes[vol] = struct{}{}
		}
		comment = fmt.Sprintf("VOLUME %v", x.Volumes)
	case *instructions.StopSignalCommand:
		if !validSignal(x.Signal) {
			return nil, fmt.Errorf("STOPSIGNAL: invalid signal: %s", x.Signal)
		}
		c.StopSignal = x.Signal
		comment = "STOPSIGNAL " + x.Signal
	case *instructions.HealthCheckCommand:
		if old := c.Healthcheck; old != nil && len(old.Test) > 0 && old.Test[0] != "NONE" {
			b.out.printf("Note: overriding previous HEALTHCHECK: %v\n", old.Test)
		}
		c.Healthcheck = x.Health
		comment = "HEALTHCHECK " + healthcheckString(x.Health)
	case *instructions.ShellCommand:
		c.Shell = x.Shell
		comment = fmt.Sprintf("SHELL %q", x.Shell)
	case *instructions.OnbuildCommand:
		c.OnBuild = append(c.OnBuild, x.Expression)
		comment = "ONBUILD " + x.Expression
	default:
		return nil, fmt.Errorf("%s is not supported by berth build", strings.ToUpper(cmd.Name()))
	}
	return &change{cfg: cfg, createdBy: nopCreatedBy(&cfg, comment)}, nil
}

// commandLine is CMD's or ENTRYPOINT's exec form: as written, or the
// SHELL plus the command.
func commandLine(cfg *dockerspec.DockerOCIImage, cl instructions.ShellDependantCmdLine) []string {
	if !cl.PrependShell || cl.CmdLine == nil {
		return cl.CmdLine
	}
	return append(append([]string{}, shellOf(cfg)...), strings.Join(cl.CmdLine, " "))
}

// exposedPorts expands EXPOSE's arguments ("80", "53/udp", "8000-8002")
// into config keys ("80/tcp"), sorted.
func (b *Builder) exposedPorts(specs []string, v vars) ([]string, error) {
	var out []string
	for _, spec := range specs {
		words, err := b.lex.ProcessWords(spec, v)
		if err != nil {
			return nil, err
		}
		for _, w := range words {
			ports, err := ExposedPorts(w)
			if err != nil {
				return nil, fmt.Errorf("EXPOSE %s: %w", w, err)
			}
			out = append(out, ports...)
		}
	}
	sort.Strings(out)
	return out, nil
}

// ExposedPorts reads one EXPOSE (or --expose) word, "80", "80/udp" or
// "8000-8010/tcp", as "port/proto" keys; a host part "ip:host:" is
// dropped, as docker's nat.ParsePortSpecs does. Errors are docker's.
func ExposedPorts(spec string) ([]string, error) {
	if i := strings.LastIndex(spec, ":"); i >= 0 {
		spec = spec[i+1:]
	}
	ports, proto, _ := strings.Cut(spec, "/")
	proto = strings.ToLower(proto)
	switch proto {
	case "":
		proto = "tcp"
	case "tcp", "udp", "sctp":
	default:
		return nil, fmt.Errorf("invalid proto: %s", proto)
	}
	first, last, isRange := strings.Cut(ports, "-")
	if !isRange {
		last = first
	}
	lo, err1 := strconv.ParseUint(first, 10, 16)
	hi, err2 := strconv.ParseUint(last, 10, 16)
	if ports == "" || err1 != nil || err2 != nil || hi < lo {
		return nil, fmt.Errorf("invalid containerPort: %s", ports)
	}
	var out []string
	for p := lo; p <= hi; p++ {
		out = append(out, strconv.FormatUint(p, 10)+"/"+proto)
	}
	return out, nil
}

// validSignal accepts what docker's signal.ParseSignal does: a number, or
// a name with or without "SIG", including SIGRTMIN+n and SIGRTMAX-n.
func validSignal(s string) bool {
	if n, err := strconv.Atoi(s); err == nil {
		return n > 0 && n < 65
	}
	name := "SIG" + strings.TrimPrefix(strings.ToUpper(s), "SIG")
	if strings.HasPrefix(name, "SIGRTMIN") || strings.HasPrefix(name, "SIGRTMAX") {
		return true
	}
	return unix.SignalNum(name) != 0
}

// healthcheckString prints a healthcheck as docker's history does, which
// is Go's %q of its HealthConfig struct:
// &{["CMD-SHELL" "curl -f localhost"] "30s" "0s" "0s" "0s" '\x00'}.
func healthcheckString(h *dockerspec.HealthcheckConfig) string {
	return fmt.Sprintf("&{%q %q %q %q %q %q}", h.Test, h.Interval, h.Timeout, h.StartPeriod, h.StartInterval, rune(h.Retries))
}
