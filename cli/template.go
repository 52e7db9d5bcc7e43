package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"text/template"
)

// templateFuncs are the functions docker offers in every --format template.
var templateFuncs = template.FuncMap{
	"json": func(v any) string {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			panic(err)
		}
		return strings.TrimSpace(buf.String())
	},
	"split": strings.Split,
	"join":  strings.Join,
	"title": strings.Title, //nolint:staticcheck // docker's own choice, kept for identical output
	"lower": strings.ToLower,
	"upper": strings.ToUpper,
	"pad": func(s string, prefix, suffix int) string {
		if s == "" {
			return s
		}
		return strings.Repeat(" ", prefix) + s + strings.Repeat(" ", suffix)
	},
	"truncate": func(s string, n int) string {
		if len(s) < n {
			return s
		}
		return s[:n]
	},
}

// headerFuncs stand in for templateFuncs when a table's header row is
// rendered from column names, so that `{{upper .Names}}` heads its
// column with "NAMES" rather than an error.
var headerFuncs = template.FuncMap{
	"json":     func(v string) string { return v },
	"split":    func(v, _ string) string { return v },
	"join":     func(v, _ string) string { return v },
	"title":    func(v string) string { return v },
	"lower":    func(v string) string { return v },
	"upper":    func(v string) string { return v },
	"truncate": func(v string, _ int) string { return v },
	"pad":      func(v string, _, _ int) string { return v },
}

// parseTemplate parses a --format value with docker's functions.
func parseTemplate(format string) (*template.Template, error) {
	t, err := template.New("").Funcs(templateFuncs).Parse(format)
	if err != nil {
		return nil, fmt.Errorf("template parsing error: %v", err)
	}
	return t, nil
}

// listFormat renders rows the way docker's list commands do: a "table"
// format is aligned in columns under a header, anything else is one
// template execution per row.
type listFormat struct {
	tmpl   *template.Template
	table  bool
	header map[string]string
}

// newListFormat reads a --format value; "table" alone means def, "json"
// means each row as JSON. Literal \t and \n are tab and newline.
func newListFormat(format, def string, header map[string]string) (*listFormat, error) {
	switch strings.TrimSpace(format) {
	case "", "table":
		format = def
	case "json":
		format = "{{json .}}"
	}
	f := &listFormat{header: header}
	if rest, ok := strings.CutPrefix(format, "table"); ok {
		f.table, format = true, rest
	}
	format = strings.Trim(format, " ")
	format = strings.NewReplacer(`\t`, "\t", `\n`, "\n").Replace(format)
	t, err := parseTemplate(format)
	if err != nil {
		return nil, err
	}
	f.tmpl = t
	return f, nil
}

// write renders rows to w, with the header first for a table.
func (f *listFormat) write(w io.Writer, rows []any) error {
	var body bytes.Buffer
	for _, r := range rows {
		if err := f.tmpl.Execute(&body, r); err != nil {
			return fmt.Errorf("template parsing error: %v", err)
		}
		body.WriteByte('\n')
	}
	if !f.table {
		_, err := body.WriteTo(w)
		return err
	}
	tw := tabwriter.NewWriter(w, 10, 1, 3, ' ', 0)
	var head bytes.Buffer
	if h, err := f.tmpl.Clone(); err == nil {
		h.Funcs(headerFuncs).Execute(&head, f.header)
	}
	head.WriteByte('\n')
	tw.Write(head.Bytes())
	tw.Write(body.Bytes())
	return tw.Flush()
}
