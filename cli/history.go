package cli

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	units "github.com/docker/go-units"
	"github.com/spf13/cobra"

	"berth/storage/images"
)

func init() { register(newHistoryCmd) }

func newHistoryCmd(a *app) *cobra.Command {
	var human, quiet, noTrunc bool
	var format string
	cmd := &cobra.Command{
		Use: "history [OPTIONS] IMAGE", Short: "Show the history of an image", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			def := "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"
			switch {
			case quiet:
				def = "{{.ID}}"
			case !human:
				def = "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"
			}
			lf, err := newListFormat(format, def, map[string]string{"ID": "IMAGE", "CreatedSince": "CREATED",
				"CreatedAt": "CREATED AT", "CreatedBy": "CREATED BY", "Size": "SIZE", "Comment": "COMMENT"})
			if err != nil {
				return flagError{cmd: commandName(cmd), err: err}
			}
			e, err := a.engine()
			if err != nil {
				return err
			}
			entries, err := e.Images.History(args[0])
			if err != nil {
				return daemonError(a, err)
			}
			var rows []any
			for _, h := range entries {
				rows = append(rows, historyRow{h: h, human: human, trunc: !noTrunc})
			}
			return lf.write(a.stdout, rows)
		},
	}
	f := cmd.Flags()
	f.BoolVarP(&human, "human", "H", true, "Print sizes and dates in human readable format")
	f.BoolVarP(&quiet, "quiet", "q", false, "Only show image IDs")
	f.BoolVar(&noTrunc, "no-trunc", false, "Don't truncate output")
	f.StringVar(&format, "format", "", "Format output using a custom template")
	return cmd
}

// historyRow is one line of `docker history`, with docker's --format fields.
type historyRow struct {
	h            images.HistoryEntry
	human, trunc bool
}

func (r historyRow) ID() string {
	if r.trunc {
		return truncateID(r.h.ID)
	}
	return r.h.ID
}

// truncateID is docker's stringid.TruncateID: the first 12 characters
// after any "sha256:", which leaves "<missing>" as it is.
func truncateID(id string) string {
	if _, hex, ok := strings.Cut(id, ":"); ok {
		id = hex
	}
	if len(id) > 12 {
		id = id[:12]
	}
	return id
}

// created is the entry's time as the daemon sends it, whole seconds; an
// entry without one is the Unix epoch.
func (r historyRow) created() time.Time {
	if r.h.Created.IsZero() {
		return time.Unix(0, 0)
	}
	return time.Unix(r.h.Created.Unix(), 0)
}

func (r historyRow) CreatedAt() string { return r.created().UTC().Format(time.RFC3339) }

func (r historyRow) CreatedSince() string {
	if !r.human {
		return r.CreatedAt()
	}
	return units.HumanDuration(time.Now().UTC().Sub(r.created())) + " ago"
}

func (r historyRow) CreatedBy() string {
	by := strings.ReplaceAll(r.h.CreatedBy, "\t", " ")
	if r.trunc {
		return ellipsis(by, 45)
	}
	return by
}

func (r historyRow) Size() string {
	if r.human {
		return units.HumanSizeWithPrecision(float64(r.h.Size), 3)
	}
	return strconv.FormatInt(r.h.Size, 10)
}

func (r historyRow) Comment() string { return r.h.Comment }

// MarshalJSON is what `--format json` and `{{json .}}` print.
func (r historyRow) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{
		"ID": r.ID(), "CreatedAt": r.CreatedAt(), "CreatedSince": r.CreatedSince(),
		"CreatedBy": r.CreatedBy(), "Size": r.Size(), "Comment": r.Comment(),
	})
}
