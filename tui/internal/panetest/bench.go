package panetest

import (
	"strings"
	"time"

	"github.com/muesli/termenv"

	"berth/tui/internal/listpane"
	"berth/tui/styles"
)

// BenchEnv is Env for benchmarks: colour forced on, the costly case that
// a buffer (no terminal) would not get by itself, and the real clock.
func BenchEnv() listpane.Env {
	var sb strings.Builder
	st := styles.New(&sb, false)
	st.R.SetColorProfile(termenv.TrueColor)
	env := Env()
	env.Styles, env.Now = st, time.Now
	return env
}
