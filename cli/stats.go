package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"berth/engine"
)

func init() { register(newStatsCmd) }

// statsInterval is how far apart the two samples behind a CPU % are, and
// how often the streaming view redraws.
var statsInterval = time.Second

type statsOptions struct {
	all, noStream, noTrunc bool
	format                 string
}

func newStatsCmd(a *app) *cobra.Command {
	var o statsOptions
	cmd := &cobra.Command{
		Use:   "stats [OPTIONS] [CONTAINER...]",
		Short: "Display a live stream of container(s) resource usage statistics",
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runStats(ctx, a, &o, args)
		},
	}
	f := cmd.Flags()
	f.BoolVarP(&o.all, "all", "a", false, "Show all containers (default shows just running)")
	f.StringVar(&o.format, "format", "", "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template")
	f.BoolVar(&o.noStream, "no-stream", false, "Disable streaming stats and only pull the first result")
	f.BoolVar(&o.noTrunc, "no-trunc", false, "Do not truncate output")
	return cmd
}

// statsTarget is a container to show and what the user called it.
type statsTarget struct{ ref, id string }

func runStats(ctx context.Context, a *app, o *statsOptions, refs []string) error {
	lf, err := newListFormat(o.format, statsTable, statsHeader)
	if err != nil {
		return err
	}
	e, err := a.engine()
	if err != nil {
		return err
	}
	var named []statsTarget
	for _, ref := range refs {
		c, err := e.Get(ref)
		if err != nil {
			return err
		}
		named = append(named, statsTarget{ref: ref, id: c.ID})
	}
	targets := func() []statsTarget {
		if len(refs) > 0 {
			return named
		}
		list, _ := e.List()
		var out []statsTarget
		for _, c := range list {
			if o.all || c.State.Running() {
				out = append(out, statsTarget{ref: c.ID, id: c.ID})
			}
		}
		return out
	}
	prev := map[string]*engine.Sample{}
	if o.noStream {
		ts := targets()
		sampleAll(e, ts, prev)
		if len(prev) > 0 {
			sleepCtx(ctx, statsInterval)
		}
		return lf.write(a.stdout, statsRows(e, ts, prev, !o.noTrunc))
	}
	for {
		var frame bytes.Buffer
		frame.WriteString("\033[2J\033[H")
		if err := lf.write(&frame, statsRows(e, targets(), prev, !o.noTrunc)); err != nil {
			return err
		}
		if _, err := io.Copy(a.stdout, &frame); err != nil {
			return err
		}
		if !sleepCtx(ctx, statsInterval) {
			return nil
		}
	}
}

// sampleAll records a first sample of every running target.
func sampleAll(e *engine.Engine, ts []statsTarget, into map[string]*engine.Sample) {
	for _, t := range ts {
		if s, err := e.Stats(t.id); err == nil && s.Running {
			into[t.id] = s
		}
	}
}

// statsRows samples every target now, with CPU % measured against the
// previous sample, which it then replaces.
func statsRows(e *engine.Engine, ts []statsTarget, prev map[string]*engine.Sample, trunc bool) []any {
	rows := make([]any, 0, len(ts))
	for _, t := range ts {
		s, err := e.Stats(t.id)
		if err != nil {
			continue // removed meanwhile
		}
		rows = append(rows, statsRow{container: t.ref, s: s, cpu: engine.CPUPercent(prev[t.id], s), trunc: trunc})
		prev[t.id] = s
	}
	return rows
}

// sleepCtx waits d, reporting false if ctx ended first.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
