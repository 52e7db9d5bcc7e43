package build

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// dockerfile is a parsed Dockerfile: its stages in order, the ARGs before
// the first FROM (which only FROM lines and "ARG name" in a stage see) and
// the escape character of its "# escape=" directive.
type dockerfile struct {
	stages   []instructions.Stage
	metaArgs []instructions.ArgCommand
	escape   rune
}

// parseDockerfile turns a Dockerfile into typed instructions with
// buildkit's parser. Instructions are parsed one node at a time, not with
// instructions.Parse, so that every error names its line the way docker's
// classic builder words it.
func parseDockerfile(r io.Reader, warnings io.Writer) (*dockerfile, error) {
	res, err := parser.Parse(r)
	if err != nil {
		return nil, parseError(errorLine(err), err)
	}
	res.PrintWarnings(warnings)
	d := &dockerfile{escape: res.EscapeToken}
	for _, n := range res.AST.Children {
		v, err := instructions.ParseInstruction(n)
		if err != nil {
			return nil, parseError(n.StartLine, err)
		}
		switch c := v.(type) {
		case *instructions.Stage:
			d.stages = append(d.stages, *c)
		case *instructions.ArgCommand:
			if len(d.stages) == 0 {
				d.metaArgs = append(d.metaArgs, *c)
				continue
			}
			d.addCommand(c)
		case instructions.Command:
			if len(d.stages) == 0 {
				return nil, parseError(n.StartLine, fmt.Errorf("%s before the first FROM: no build stage in current context", strings.ToUpper(n.Value)))
			}
			d.addCommand(c)
		default:
			return nil, parseError(n.StartLine, fmt.Errorf("%T is not a command type", v))
		}
	}
	if len(d.stages) == 0 {
		return nil, errors.New("Dockerfile parse error: no FROM instruction")
	}
	return d, nil
}

func (d *dockerfile) addCommand(c instructions.Command) {
	s := &d.stages[len(d.stages)-1]
	s.AddCommand(c)
}

// parseTrigger parses an ONBUILD trigger ("RUN make") into its command.
func parseTrigger(expr string) (instructions.Command, error) {
	res, err := parser.Parse(strings.NewReader(expr))
	if err != nil {
		return nil, fmt.Errorf("ONBUILD trigger %q: %w", expr, err)
	}
	if len(res.AST.Children) != 1 {
		return nil, fmt.Errorf("ONBUILD trigger %q: not a single instruction", expr)
	}
	cmd, err := instructions.ParseCommand(res.AST.Children[0])
	if err != nil {
		return nil, fmt.Errorf("ONBUILD trigger %q: %w", expr, err)
	}
	return cmd, nil
}

// parseError words a syntax error like docker: "Dockerfile parse error on
// line 3: unknown instruction: FOO". (BuildKit's "did you mean" hint is
// left out, as the classic builder has none.)
func parseError(line int, err error) error {
	var unknown *instructions.UnknownInstructionError
	if errors.As(err, &unknown) {
		err = unknown
	}
	if line <= 0 {
		return fmt.Errorf("Dockerfile parse error: %w", err)
	}
	return fmt.Errorf("Dockerfile parse error on line %d: %w", line, err)
}

// errorLine is the first line a buildkit parser error points at, or 0.
func errorLine(err error) int {
	var le *parser.LocationError
	if errors.As(err, &le) {
		for _, rs := range le.Locations {
			if len(rs) > 0 {
				return rs[0].Start.Line
			}
		}
	}
	return 0
}
