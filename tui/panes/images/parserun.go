package images

import (
	"fmt"
	"strconv"
	"strings"

	"berth/tui/backend"
	"berth/tui/internal/textutil"
)

// ParseRun reads the form's values (in runFields order) into RunOptions:
// the list fields split like a shell line, so quotes work.
func ParseRun(image string, v []string) (backend.RunOptions, error) {
	o := backend.RunOptions{Image: image, Name: strings.TrimSpace(v[0]),
		Network: strings.TrimSpace(v[4]), Memory: strings.TrimSpace(v[6])}
	lists := []struct {
		name string
		in   string
		out  *[]string
	}{{"command", v[1], &o.Cmd}, {"ports", v[2], &o.Ports}, {"volumes", v[3], &o.Volumes}, {"env", v[5], &o.Env}}
	for _, l := range lists {
		w, err := textutil.Words(l.in)
		if err != nil {
			return o, fmt.Errorf("%s: %w", l.name, err)
		}
		*l.out = w
	}
	if s := strings.TrimSpace(v[7]); s != "" {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f < 0 {
			return o, fmt.Errorf("cpus: %q is not a number of CPUs", s)
		}
		o.CPUs = f
	}
	return o, nil
}
