package cli

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	units "github.com/docker/go-units"
	"github.com/moby/moby/api/types/container"
	"github.com/spf13/pflag"

	"berth/engine"
)

// createFlags are the flags `run` and `create` share, in docker's spelling.
type createFlags struct {
	name, user, workdir, hostname, entrypoint, network, restart, stopSignal string
	env, envFiles, labels                                                   []string
	volumes, mounts, tmpfs, volumesFrom                                     []string
	publish, expose, aliases                                                []string
	ip                                                                      string
	publishAll                                                              bool
	interactive, tty, autoRemove                                            bool
	memory, memorySwap                                                      string
	cpus                                                                    float64
	cpuShares, pidsLimit                                                    int64
}

func (f *createFlags) register(fs *pflag.FlagSet) {
	fs.SetInterspersed(false) // flags after the image belong to the command
	fs.Bool("help", false, "Print usage")
	fs.StringVar(&f.name, "name", "", "Assign a name to the container")
	fs.StringArrayVarP(&f.env, "env", "e", nil, "Set environment variables")
	fs.StringArrayVar(&f.envFiles, "env-file", nil, "Read in a file of environment variables")
	fs.StringArrayVarP(&f.labels, "label", "l", nil, "Set meta data on a container")
	fs.StringVarP(&f.workdir, "workdir", "w", "", "Working directory inside the container")
	fs.StringVarP(&f.user, "user", "u", "", "Username or UID (format: <name|uid>[:<group|gid>])")
	fs.StringVarP(&f.hostname, "hostname", "h", "", "Container host name")
	fs.StringVar(&f.entrypoint, "entrypoint", "", "Overwrite the default ENTRYPOINT of the image")
	fs.StringVar(&f.network, "network", "", "Connect a container to a network (bridge, host, none or a user-defined one)")
	fs.StringVar(&f.network, "net", "", "Connect a container to a network")
	fs.MarkHidden("net")
	fs.StringVar(&f.restart, "restart", "no", "Restart policy to apply when a container exits")
	fs.StringVar(&f.stopSignal, "stop-signal", "", "Signal to stop the container")
	fs.BoolVarP(&f.interactive, "interactive", "i", false, "Keep STDIN open even if not attached")
	fs.BoolVarP(&f.tty, "tty", "t", false, "Allocate a pseudo-TTY")
	fs.BoolVar(&f.autoRemove, "rm", false, "Automatically remove the container when it exits")
	fs.StringVarP(&f.memory, "memory", "m", "", "Memory limit")
	fs.StringVar(&f.memorySwap, "memory-swap", "", "Swap limit equal to memory plus swap: '-1' to enable unlimited swap")
	fs.Float64Var(&f.cpus, "cpus", 0, "Number of CPUs")
	fs.Int64VarP(&f.cpuShares, "cpu-shares", "c", 0, "CPU shares (relative weight)")
	fs.Int64Var(&f.pidsLimit, "pids-limit", 0, "Tune container pids limit (set -1 for unlimited)")
	fs.StringArrayVarP(&f.volumes, "volume", "v", nil, "Bind mount a volume")
	fs.StringArrayVar(&f.mounts, "mount", nil, "Attach a filesystem mount to the container")
	fs.StringArrayVar(&f.tmpfs, "tmpfs", nil, "Mount a tmpfs directory")
	fs.StringArrayVar(&f.volumesFrom, "volumes-from", nil, "Mount volumes from the specified container(s)")
	f.registerNet(fs)
}

// options turns the flags and positional arguments into a create request.
func (f *createFlags) options(args []string) (engine.CreateOptions, error) {
	o := engine.CreateOptions{Name: f.name, Image: args[0]}
	cfg := &o.Config
	cfg.Cmd = args[1:]
	cfg.User, cfg.WorkingDir, cfg.Hostname = f.user, f.workdir, f.hostname
	cfg.Tty, cfg.OpenStdin = f.tty, f.interactive
	cfg.StopSignal = f.stopSignal
	if f.entrypoint != "" {
		cfg.Entrypoint = []string{f.entrypoint}
	}
	if f.workdir != "" && !strings.HasPrefix(f.workdir, "/") {
		return o, fmt.Errorf("the working directory '%s' is invalid, it needs to be an absolute path", f.workdir)
	}
	env, err := readEnv(f.envFiles, f.env)
	if err != nil {
		return o, err
	}
	cfg.Env = env
	if len(f.labels) > 0 {
		cfg.Labels = map[string]string{}
		for _, l := range f.labels {
			k, v, _ := strings.Cut(l, "=")
			cfg.Labels[k] = v
		}
	}
	if f.stopSignal != "" {
		if _, err := engine.ParseSignal(f.stopSignal); err != nil {
			return o, err
		}
	}
	hc := &o.HostConfig
	if err := f.mountOptions(cfg, hc); err != nil {
		return o, err
	}
	hc.AutoRemove = f.autoRemove
	hc.NetworkMode = container.NetworkMode(f.network)
	if err := f.netOptions(cfg, hc, &o.Net); err != nil {
		return o, err
	}
	if hc.RestartPolicy, err = parseRestart(f.restart); err != nil {
		return o, err
	}
	if hc.Memory, err = parseBytes(f.memory, "-m, --memory"); err != nil {
		return o, err
	}
	if f.memorySwap == "-1" {
		hc.MemorySwap = -1
	} else if hc.MemorySwap, err = parseBytes(f.memorySwap, "--memory-swap"); err != nil {
		return o, err
	}
	if f.cpus < 0 || math.IsNaN(f.cpus) {
		return o, fmt.Errorf("invalid argument \"%v\" for \"--cpus\" flag: range of CPUs is from 0.01 to the number of CPUs", f.cpus)
	}
	hc.NanoCPUs = int64(math.Round(f.cpus * 1e9))
	hc.CPUShares = f.cpuShares
	if f.pidsLimit != 0 {
		limit := f.pidsLimit
		hc.PidsLimit = &limit
	}
	return o, nil
}

func parseBytes(s, flag string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	n, err := units.RAMInBytes(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid argument %q for %q flag: invalid size: '%s'", s, flag, s)
	}
	return n, nil
}

// parseRestart reads no | always | unless-stopped | on-failure[:N].
func parseRestart(s string) (container.RestartPolicy, error) {
	name, count, hasCount := strings.Cut(s, ":")
	p := container.RestartPolicy{Name: container.RestartPolicyMode(name)}
	if hasCount {
		n, err := strconv.Atoi(count)
		if err != nil {
			return p, fmt.Errorf("invalid restart policy format: maximum retry count must be an integer")
		}
		p.MaximumRetryCount = n
	}
	return p, nil
}

// readEnv reads --env-file files then -e values; "-e NAME" takes NAME from
// berth's own environment, as docker does.
func readEnv(files, vars []string) ([]string, error) {
	var out []string
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			line := strings.TrimLeft(sc.Text(), " \t")
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if k, _, _ := strings.Cut(line, "="); strings.ContainsAny(k, " \t") {
				f.Close()
				return nil, fmt.Errorf("invalid environment variable in %s line %d: %q", path, n, line)
			}
			out = appendEnv(out, line)
		}
		f.Close()
	}
	for _, v := range vars {
		out = appendEnv(out, v)
	}
	return out, nil
}

func appendEnv(out []string, kv string) []string {
	if strings.Contains(kv, "=") {
		return append(out, kv)
	}
	if v, ok := os.LookupEnv(kv); ok {
		return append(out, kv+"="+v)
	}
	return out
}

// create parses the flags and creates the container, for run and create.
func (f *createFlags) create(a *app, cmd string, args []string) (*engine.Engine, *engine.Container, error) {
	opts, err := f.options(args)
	if err != nil {
		return nil, nil, flagError{cmd: cmd, err: err}
	}
	e, err := a.engine()
	if err != nil {
		return nil, nil, err
	}
	c, err := e.Create(opts)
	return e, c, err
}
