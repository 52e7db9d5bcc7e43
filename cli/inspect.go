package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/template"

	"github.com/spf13/cobra"

	"berth/engine"
)

func init() { register(newInspectCmd) }

type inspectOptions struct {
	format, kind string
	size         bool
}

func newInspectCmd(a *app) *cobra.Command {
	var o inspectOptions
	cmd := &cobra.Command{
		Use:   "inspect [OPTIONS] NAME|ID [NAME|ID...]",
		Short: "Return low-level information on Docker objects",
		Args:  minArgs(1),
		RunE:  func(cmd *cobra.Command, args []string) error { return runInspect(a, &o, args) },
	}
	f := cmd.Flags()
	f.StringVarP(&o.format, "format", "f", "", "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template")
	f.BoolVarP(&o.size, "size", "s", false, "Display total file sizes if the type is container")
	f.StringVar(&o.kind, "type", "", "Only inspect objects of the given type")
	return cmd
}

func runInspect(a *app, o *inspectOptions, refs []string) error {
	switch o.kind {
	case "", "container", "image", "volume", "network":
	case "config", "node", "plugin", "secret", "service", "task":
	default:
		return fmt.Errorf("%q is not a valid value for --type", o.kind)
	}
	var tmpl *template.Template
	if o.format != "" && o.format != "json" {
		t, err := parseTemplate(o.format)
		if err != nil {
			return statusError{64}.with(a, err)
		}
		tmpl = t
	}
	e, err := a.engine()
	if err != nil {
		return err
	}
	var found []any
	var errs []string
	for _, ref := range refs {
		v, err := inspectObject(e, o, ref)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		found = append(found, v)
	}
	var werr error
	if tmpl != nil {
		werr = writeInspectTemplate(a.stdout, tmpl, found)
	} else {
		werr = writeInspectJSON(a.stdout, found)
	}
	if werr != nil {
		errs = append(errs, werr.Error())
	}
	if len(errs) > 0 {
		fmt.Fprintln(a.stderr, strings.Join(errs, "\n"))
		return statusError{engine.ExitFailure}
	}
	return nil
}

// inspectObject finds ref among the kinds asked for: containers first,
// then images, as docker looks.
func inspectObject(e *engine.Engine, o *inspectOptions, ref string) (any, error) {
	if o.kind == "" || o.kind == "container" {
		c, err := e.Get(ref)
		if err == nil {
			r, err := e.Inspect(c.ID)
			if err != nil {
				return nil, err
			}
			if o.size {
				rw, rootfs := e.Size(c)
				r.SizeRw, r.SizeRootFs = &rw, &rootfs
			}
			return r, nil
		}
		if !engine.IsNotFound(err) {
			return nil, fmt.Errorf("Error: %v", err)
		}
	}
	if o.kind == "" || o.kind == "image" {
		if img, err := e.InspectImage(ref); err == nil {
			return img, nil
		} else if !engine.IsNotFound(err) {
			return nil, fmt.Errorf("Error: %v", err)
		}
	}
	if o.kind == "" || o.kind == "volume" {
		if v, err := e.VolumeInspect(ref, false); err == nil {
			return v, nil
		} else if o.kind == "volume" {
			return nil, fmt.Errorf("Error response from daemon: %v", err)
		}
	}
	if o.kind == "" || o.kind == "network" {
		if n, err := e.NetworkInspect(ref); err == nil {
			return n, nil
		} else if o.kind == "network" {
			return nil, fmt.Errorf("Error response from daemon: %v", err)
		}
	}
	what := o.kind
	if what == "" {
		what = "object"
	}
	return nil, fmt.Errorf("Error: No such %s: %s", what, ref)
}

// writeInspectJSON prints the objects as docker does: one JSON array,
// indented by four spaces, "[]" when nothing was found.
func writeInspectJSON(w io.Writer, objs []any) error {
	if len(objs) == 0 {
		_, err := io.WriteString(w, "[]\n")
		return err
	}
	b, err := json.MarshalIndent(objs, "", "    ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// writeInspectTemplate runs the template over each object. Like docker, a
// template that fails on the typed object is retried on its JSON form, so
// both {{.ID}} and {{.Id}} work.
func writeInspectTemplate(w io.Writer, tmpl *template.Template, objs []any) error {
	var out bytes.Buffer
	for _, obj := range objs {
		var buf bytes.Buffer
		if err := tmpl.Execute(&buf, obj); err != nil {
			buf.Reset()
			raw, merr := json.Marshal(obj)
			if merr != nil {
				return fmt.Errorf("template parsing error: %v", err)
			}
			var generic any
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.UseNumber()
			if derr := dec.Decode(&generic); derr != nil {
				return fmt.Errorf("unable to read inspect data: %v", derr)
			}
			if rerr := tmpl.Option("missingkey=error").Execute(&buf, generic); rerr != nil {
				w.Write(out.Bytes())
				return fmt.Errorf("template parsing error: %v", rerr)
			}
		}
		out.Write(buf.Bytes())
		out.WriteByte('\n')
	}
	_, err := out.WriteTo(w)
	return err
}

// with prints err as docker prints a status error and returns s.
func (s statusError) with(a *app, err error) error {
	fmt.Fprintln(a.stderr, err)
	return s
}
