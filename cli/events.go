package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"text/template"
	"time"

	"github.com/spf13/cobra"

	"berth/engine"
	"berth/engine/events"
)

func init() { register(newEventsCmd) }

type eventsOptions struct {
	since, until, format string
	filter               filterFlag
}

func newEventsCmd(a *app) *cobra.Command {
	o := eventsOptions{filter: filterFlag{}}
	cmd := &cobra.Command{
		Use:   "events [OPTIONS]",
		Short: "Get real time events from the server",
		Args:  acceptsNoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runEvents(ctx, a, &o)
		},
	}
	f := cmd.Flags()
	f.VarP(o.filter, "filter", "f", "Filter output based on conditions provided")
	f.StringVar(&o.format, "format", "", "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template")
	f.StringVar(&o.since, "since", "", "Show all events created since timestamp")
	f.StringVar(&o.until, "until", "", "Stream events until this timestamp")
	return cmd
}

var eventFilterKeys = []string{"config", "container", "daemon", "event", "image", "label", "network",
	"node", "plugin", "scope", "secret", "service", "type", "volume"}

func runEvents(ctx context.Context, a *app, o *eventsOptions) error {
	now := time.Now()
	since, err := timeFlag("since", o.since, now)
	if err != nil {
		return err
	}
	until, err := timeFlag("until", o.until, now)
	if err != nil {
		return err
	}
	if !since.IsZero() && !until.IsZero() && until.Before(since) {
		return fmt.Errorf("`since` time (%s) cannot be after `until` time (%s)", o.since, o.until)
	}
	if err := o.filter.validate(eventFilterKeys...); err != nil {
		return err
	}
	show, err := eventPrinter(o.format)
	if err != nil {
		return err
	}
	e, err := a.engine()
	if err != nil {
		return err
	}
	if !until.IsZero() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, until)
		defer cancel()
	}
	// Watch before replaying so nothing falls between the two; what both
	// see is shown once.
	live, err := e.Events.Watch(ctx)
	if err != nil {
		return err
	}
	var last int64
	if !since.IsZero() {
		for _, m := range e.Events.Since(since) {
			if !until.IsZero() && m.TimeNano > until.UnixNano() {
				break
			}
			last = m.TimeNano
			if eventMatches(o.filter, m) {
				if err := show(a.stdout, m); err != nil {
					return err
				}
			}
		}
	}
	for m := range live {
		if m.TimeNano <= last || !eventMatches(o.filter, m) {
			continue
		}
		if err := show(a.stdout, m); err != nil {
			return err
		}
	}
	return nil
}

// eventPrinter renders one event per line: docker's own layout, or a
// --format template.
func eventPrinter(format string) (func(io.Writer, events.Message) error, error) {
	if format == "" {
		return func(w io.Writer, m events.Message) error {
			_, err := io.WriteString(w, eventLine(m))
			return err
		}, nil
	}
	if format == "json" {
		format = "{{json .}}"
	}
	tmpl, err := parseTemplate(format)
	if err != nil {
		return nil, err
	}
	return func(w io.Writer, m events.Message) error { return execLine(w, tmpl, m) }, nil
}

func execLine(w io.Writer, tmpl *template.Template, v any) error {
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, v); err != nil {
		return err
	}
	buf.WriteByte('\n')
	_, err := buf.WriteTo(w)
	return err
}

// eventLine is docker's line: time, type, action, actor, and the actor's
// attributes sorted by key.
func eventLine(m events.Message) string {
	var b strings.Builder
	switch {
	case m.TimeNano != 0:
		b.WriteString(time.Unix(0, m.TimeNano).Format(engine.TimestampFormat) + " ")
	case m.Time != 0:
		b.WriteString(time.Unix(m.Time, 0).Format(engine.TimestampFormat) + " ")
	}
	fmt.Fprintf(&b, "%s %s %s", m.Type, m.Action, m.Actor.ID)
	if len(m.Actor.Attributes) > 0 {
		keys := make([]string, 0, len(m.Actor.Attributes))
		for k := range m.Actor.Attributes {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		attrs := make([]string, len(keys))
		for i, k := range keys {
			attrs[i] = k + "=" + m.Actor.Attributes[k]
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(attrs, ", "))
	}
	b.WriteByte('\n')
	return b.String()
}
