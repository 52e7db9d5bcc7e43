package engine

import (
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"unicode"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"

	"berth/build"
)

// ParseChanges applies the Dockerfile instructions of `commit --change`
// and `import --change` to an empty image config, as docker's daemon does
// (BuildFromConfig): CMD, ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL,
// ONBUILD, STOPSIGNAL, USER, VOLUME and WORKDIR, with the Dockerfile's
// exec and shell forms, quoting and $variables (set by earlier ENVs of the
// same changes). Every instruction name is checked before any is applied,
// so a bad one fails the whole set.
func ParseChanges(changes []string) (dockerspec.DockerOCIImageConfig, error) {
	lines := logicalLines(strings.Join(changes, "\n"))
	for _, line := range lines {
		if instr, _ := cutSpace(line); !validChange[strings.ToLower(instr)] {
			return dockerspec.DockerOCIImageConfig{}, fmt.Errorf("%s is not a valid change command", instr)
		}
	}
	var c changeSet
	for _, line := range lines {
		instr, rest := cutSpace(line)
		if err := c.apply(strings.ToUpper(instr), rest); err != nil {
			return dockerspec.DockerOCIImageConfig{}, err
		}
	}
	return c.cfg, nil
}

// validChange is docker's validCommitCommands.
var validChange = map[string]bool{
	"cmd": true, "entrypoint": true, "healthcheck": true, "env": true, "expose": true, "label": true,
	"onbuild": true, "stopsignal": true, "user": true, "volume": true, "workdir": true,
}

// changeSet is the config being built; cmdSet records a CMD with
// arguments, which a later ENTRYPOINT keeps instead of clearing.
type changeSet struct {
	cfg    dockerspec.DockerOCIImageConfig
	cmdSet bool
}

func (c *changeSet) apply(instr, rest string) error {
	cfg := &c.cfg
	switch instr {
	case "CMD":
		cfg.Cmd = commandLine(rest, false)
		c.cmdSet = c.cmdSet || len(cfg.Cmd) > 0
	case "ENTRYPOINT":
		cfg.Entrypoint = commandLine(rest, true)
		if !c.cmdSet {
			cfg.Cmd = nil
		}
	case "ENV", "LABEL":
		kvs, err := c.keyValues(instr, rest)
		if err != nil {
			return err
		}
		for _, kv := range kvs {
			if instr == "ENV" {
				cfg.Env = setEnv(cfg.Env, kv[0], kv[1])
				continue
			}
			if cfg.Labels == nil {
				cfg.Labels = map[string]string{}
			}
			cfg.Labels[kv[0]] = kv[1]
		}
	case "EXPOSE":
		words, err := c.words(instr, rest, false)
		if err != nil {
			return err
		}
		for _, w := range words {
			ports, err := build.ExposedPorts(w)
			if err != nil {
				return err
			}
			if cfg.ExposedPorts == nil {
				cfg.ExposedPorts = map[string]struct{}{}
			}
			for _, p := range ports {
				cfg.ExposedPorts[p] = struct{}{}
			}
		}
	case "VOLUME":
		words, err := c.words(instr, rest, true)
		if err != nil {
			return err
		}
		for _, v := range words {
			if v == "" {
				return fmt.Errorf("VOLUME specified can not be an empty string")
			}
			if cfg.Volumes == nil {
				cfg.Volumes = map[string]struct{}{}
			}
			cfg.Volumes[v] = struct{}{}
		}
	case "USER", "WORKDIR", "STOPSIGNAL":
		return c.single(instr, rest)
	case "ONBUILD":
		if err := onbuild(rest); err != nil {
			return err
		}
		cfg.OnBuild = append(cfg.OnBuild, rest)
	default: // HEALTHCHECK
		hc, err := healthcheck(rest)
		if err != nil {
			return err
		}
		cfg.Healthcheck = hc
	}
	return nil
}

// single applies the instructions that take exactly one word.
func (c *changeSet) single(instr, rest string) error {
	words, err := c.words(instr, rest, false)
	if err != nil {
		return err
	}
	if len(words) != 1 {
		return fmt.Errorf("%s requires exactly one argument", instr)
	}
	w := words[0]
	switch instr {
	case "USER":
		c.cfg.User = w
	case "WORKDIR":
		if w == "" {
			return fmt.Errorf("cannot normalize nothing")
		}
		// A relative WORKDIR is taken from the one set before.
		c.cfg.WorkingDir = path.Join("/", c.cfg.WorkingDir, w)
	default:
		if _, err := ParseSignal(w); err != nil || w == "" {
			return fmt.Errorf("Invalid signal: %s", w)
		}
		c.cfg.StopSignal = w
	}
	return nil
}

// words splits and processes an instruction's arguments; a JSON array is
// taken as is where jsonForm allows it (VOLUME).
func (c *changeSet) words(instr, rest string, jsonForm bool) ([]string, error) {
	if jsonForm {
		if list, ok := execForm(rest); ok {
			return c.processAll(list)
		}
	}
	words := splitWords(rest)
	if len(words) == 0 {
		return nil, fmt.Errorf("%s requires at least one argument", instr)
	}
	return c.processAll(words)
}

func (c *changeSet) processAll(words []string) ([]string, error) {
	out := make([]string, len(words))
	for i, w := range words {
		var err error
		if out[i], err = processWord(w, c.cfg.Env); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// keyValues reads ENV's and LABEL's pairs: "k=v k2='v 2'", or the old
// form "k the value". Variables expand from the environment as it was
// before the instruction.
func (c *changeSet) keyValues(instr, rest string) ([][2]string, error) {
	words := splitWords(rest)
	if len(words) == 0 {
		return nil, fmt.Errorf("%s requires at least one argument", instr)
	}
	var raw [][2]string
	if !strings.Contains(words[0], "=") {
		k, v := cutSpace(rest)
		if v == "" {
			return nil, fmt.Errorf("%s must have two arguments", instr)
		}
		raw = append(raw, [2]string{k, v})
	} else {
		for _, w := range words {
			k, v, ok := strings.Cut(w, "=")
			if !ok {
				return nil, fmt.Errorf("Syntax error - can't find = in %q. Must be of the form: name=value", w)
			}
			raw = append(raw, [2]string{k, v})
		}
	}
	out := make([][2]string, len(raw))
	for i, kv := range raw {
		pair, err := c.processAll(kv[:])
		if err != nil {
			return nil, err
		}
		if pair[0] == "" {
			return nil, fmt.Errorf("%s names can not be blank", instr)
		}
		out[i] = [2]string{pair[0], pair[1]}
	}
	return out, nil
}

// commandLine reads CMD's or ENTRYPOINT's exec form (a JSON array) or
// shell form, run by /bin/sh -c. An empty ENTRYPOINT clears it.
func commandLine(rest string, emptyAsNil bool) []string {
	if list, ok := execForm(rest); ok {
		return list
	}
	if rest == "" && emptyAsNil {
		return nil
	}
	cmd := []string{"/bin/sh", "-c"}
	if rest != "" {
		cmd = append(cmd, rest)
	}
	return cmd
}

// execForm reads a JSON array of strings; anything else is shell form.
func execForm(rest string) ([]string, bool) {
	if !strings.HasPrefix(rest, "[") || !strings.HasSuffix(rest, "]") {
		return nil, false
	}
	list := []string{}
	if json.Unmarshal([]byte(rest), &list) != nil {
		return nil, false
	}
	return list, true
}

// setEnv replaces the first entry for key, or appends one.
func setEnv(env []string, key, value string) []string {
	for i, kv := range env {
		if k, _, _ := strings.Cut(kv, "="); k == key {
			env[i] = key + "=" + value
			return env
		}
	}
	return append(env, key+"="+value)
}

// onbuild checks the trigger as docker does.
func onbuild(rest string) error {
	trigger, _ := cutSpace(rest)
	switch strings.ToUpper(trigger) {
	case "":
		return fmt.Errorf("ONBUILD requires at least one argument")
	case "ONBUILD":
		return fmt.Errorf("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")
	case "FROM", "MAINTAINER":
		return fmt.Errorf("%s isn't allowed as an ONBUILD trigger", strings.ToUpper(trigger))
	}
	return nil
}

// healthcheck reads HEALTHCHECK's options and command with buildkit's
// Dockerfile parser, the one `berth build` uses.
func healthcheck(rest string) (*dockerspec.HealthcheckConfig, error) {
	res, err := parser.Parse(strings.NewReader("HEALTHCHECK " + rest))
	if err != nil || len(res.AST.Children) != 1 {
		return nil, fmt.Errorf("HEALTHCHECK %s: %v", rest, err)
	}
	ins, err := instructions.ParseInstruction(res.AST.Children[0])
	if err != nil {
		return nil, err
	}
	hc, ok := ins.(*instructions.HealthCheckCommand)
	if !ok {
		return nil, fmt.Errorf("HEALTHCHECK %s: not a health check", rest)
	}
	return hc.Health, nil
}

// logicalLines splits Dockerfile text into instructions: blank and
// comment lines go, and a line ending in a backslash continues on the next.
func logicalLines(text string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(text, "\n") {
		if t := strings.TrimSpace(line); t == "" || t[0] == '#' {
			continue
		}
		body := strings.TrimRightFunc(line, unicode.IsSpace)
		if strings.HasSuffix(body, `\`) {
			cur.WriteString(body[:len(body)-1])
			continue
		}
		cur.WriteString(body)
		out = append(out, strings.TrimSpace(cur.String()))
		cur.Reset()
	}
	if t := strings.TrimSpace(cur.String()); t != "" {
		out = append(out, t)
	}
	return out
}

// cutSpace splits s at its first run of white space.
func cutSpace(s string) (string, string) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i:])
}
