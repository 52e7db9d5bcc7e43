package build

import (
	"fmt"
	"io"
	"strings"
)

// progress prints a build the way docker's classic builder does:
//
//	Step 3/10 : COPY app /app
//	 ---> Using cache
//	 ---> 0123456789ab
type progress struct {
	w     io.Writer
	n     int
	total int
}

func (p *progress) step(text string) {
	p.n++
	fmt.Fprintf(p.w, "Step %d/%d : %s\n", p.n, p.total, oneLine(text))
}

func (p *progress) cached() { fmt.Fprintln(p.w, " ---> Using cache") }

func (p *progress) image(id string) { fmt.Fprintf(p.w, " ---> %s\n", shortID(id)) }

func (p *progress) triggers(n int) {
	s := "s"
	if n == 1 {
		s = ""
	}
	fmt.Fprintf(p.w, "# Executing %d build trigger%s\n", n, s)
}

func (p *progress) printf(format string, a ...any) { fmt.Fprintf(p.w, format, a...) }

// oneLine keeps a heredoc or continued instruction from breaking the
// one-line-per-step layout.
func oneLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " ..."
	}
	return s
}
