// Package trace writes timestamped phase marks to $BERTH_TRACE (a file)
// when set: a cheap way to see where container start time goes across the
// CLI, monitor and init processes.
package trace

import (
	"fmt"
	"os"
	"time"
)

var path = os.Getenv("BERTH_TRACE")

// Mark records that the calling process reached phase.
func Mark(phase string) {
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return
	}
	fmt.Fprintf(f, "%d %d %s\n", time.Now().UnixMicro(), os.Getpid(), phase)
	f.Close()
}
