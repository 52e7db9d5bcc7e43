package cli

import (
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"berth/engine"
)

func init() { register(newPortCmd) }

// newPortCmd is `berth port CONTAINER [PRIVATE_PORT[/PROTO]]`.
func newPortCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use: "port CONTAINER [PRIVATE_PORT[/PROTO]]", Short: "List port mappings or a specific mapping for the container",
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := a.engine()
			if err != nil {
				return err
			}
			c, err := e.Get(args[0])
			if err != nil {
				return daemonError(a, err)
			}
			var want string
			if len(args) == 2 {
				want = args[1]
				if !strings.Contains(want, "/") {
					want += "/tcp"
				}
			}
			var lines []string
			for _, p := range c.State.Ports {
				key := strconv.Itoa(int(p.CtrPort)) + "/" + p.Proto
				ip := "0.0.0.0"
				if p.HostIP.IsValid() {
					ip = p.HostIP.String()
				}
				host := net.JoinHostPort(ip, strconv.Itoa(int(p.HostPort)))
				switch {
				case want == "":
					lines = append(lines, key+" -> "+host)
				case want == key:
					lines = append(lines, host)
				}
			}
			if want != "" && len(lines) == 0 {
				return statusError{engine.ExitFailure}.with(a, fmt.Errorf("Error: No public port '%s' published for %s", want, c.Name))
			}
			sort.Strings(lines)
			for _, l := range lines {
				fmt.Fprintln(a.stdout, l)
			}
			return nil
		},
	}
}
