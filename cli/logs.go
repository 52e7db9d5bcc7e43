package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"berth/engine"
)

func init() { register(newLogsCmd) }

type logsOptions struct {
	follow, timestamps, details bool
	since, until, tail          string
}

func newLogsCmd(a *app) *cobra.Command {
	var o logsOptions
	cmd := &cobra.Command{
		Use:   "logs [OPTIONS] CONTAINER",
		Short: "Fetch the logs of a container",
		Args:  exactArgs(1),
		RunE:  func(cmd *cobra.Command, args []string) error { return runLogs(a, &o, args[0]) },
	}
	f := cmd.Flags()
	f.BoolVar(&o.details, "details", false, "Show extra details provided to logs")
	f.BoolVarP(&o.follow, "follow", "f", false, "Follow log output")
	f.StringVar(&o.since, "since", "", `Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)`)
	f.StringVarP(&o.tail, "tail", "n", "all", "Number of lines to show from the end of the logs")
	f.BoolVarP(&o.timestamps, "timestamps", "t", false, "Show timestamps")
	f.StringVar(&o.until, "until", "", `Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)`)
	return cmd
}

func runLogs(a *app, o *logsOptions, ref string) error {
	now := time.Now()
	opts := engine.LogsOptions{Follow: o.follow, Tail: -1}
	var err error
	if opts.Since, err = timeFlag("since", o.since, now); err != nil {
		return err
	}
	if opts.Until, err = timeFlag("until", o.until, now); err != nil {
		return err
	}
	// Like the daemon, a tail that is not a number shows everything.
	if n, err := strconv.Atoi(o.tail); err == nil {
		opts.Tail = n
	}
	e, err := a.engine()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return e.Logs(ctx, ref, opts, func(l engine.LogEntry) error {
		var w io.Writer = a.stdout
		if l.Stream == "stderr" {
			w = a.stderr
		}
		line := l.Line
		if o.details { // no log attributes are recorded: just their separator
			line = append([]byte{' '}, line...)
		}
		if o.timestamps {
			line = append([]byte(l.Time.Format(engine.TimestampFormat)+" "), line...)
		}
		_, err := w.Write(line)
		return err
	})
}

// timeFlag reads a --since/--until value; empty means unset.
func timeFlag(name, value string, now time.Time) (time.Time, error) {
	if value == "" {
		return time.Time{}, nil
	}
	t, err := engine.ParseTimestamp(value, now)
	if err != nil {
		return time.Time{}, fmt.Errorf("invalid value for %q: %v", name, err)
	}
	return t, nil
}
