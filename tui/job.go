package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"berth/tui/backend"
	"berth/tui/common"
	"berth/tui/internal/textutil"
	"berth/tui/styles"
)

// keepLines is how much of a build's output the modal keeps.
const keepLines = 500

// job is a running pull or build and its modal. The job's goroutine
// writes into the reporter; the UI reads a snapshot whenever it is poked.
type job struct {
	id       int
	msg      common.JobMsg
	cancel   context.CancelFunc
	rep      *reporter
	done     chan common.StatusMsg
	finished bool
	result   common.StatusMsg
	// a snapshot, taken in Update so View does not lock
	layers []layer
	lines  []string
}

type layer struct {
	backend.Progress
}

// reporter is the common.JobReporter: it folds progress by layer and
// output into lines, and pokes the UI through a one-slot channel, so a
// fast pull coalesces into one redraw per frame instead of queuing.
type reporter struct {
	mu      sync.Mutex
	order   []string
	layers  map[string]backend.Progress
	lines   []string
	partial string
	poke    chan struct{}
}

func newReporter() *reporter {
	return &reporter{layers: map[string]backend.Progress{}, poke: make(chan struct{}, 1)}
}

func (r *reporter) notify() {
	select {
	case r.poke <- struct{}{}:
	default:
	}
}

// Progress records one layer's state.
func (r *reporter) Progress(p backend.Progress) {
	r.mu.Lock()
	if _, ok := r.layers[p.Layer]; !ok {
		r.order = append(r.order, p.Layer)
	}
	r.layers[p.Layer] = p
	r.mu.Unlock()
	r.notify()
}

// Write takes output; lines are split on \n (and \r, which progress
// output uses to redraw a line).
func (r *reporter) Write(b []byte) (int, error) {
	r.mu.Lock()
	text := r.partial + strings.ReplaceAll(string(b), "\r", "\n")
	parts := strings.Split(text, "\n")
	r.partial = parts[len(parts)-1]
	r.lines = append(r.lines, parts[:len(parts)-1]...)
	if len(r.lines) > keepLines {
		r.lines = append(r.lines[:0], r.lines[len(r.lines)-keepLines:]...)
	}
	r.mu.Unlock()
	r.notify()
	return len(b), nil
}

func (r *reporter) snapshot() ([]layer, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ls := make([]layer, len(r.order))
	for i, id := range r.order {
		ls[i] = layer{r.layers[id]}
	}
	lines := append([]string(nil), r.lines...)
	if r.partial != "" {
		lines = append(lines, r.partial)
	}
	return ls, lines
}

// startJob runs msg.Run in its own goroutine, shows its modal and waits
// for its news. Several jobs may run at once: esc sends the shown one to
// the background, the jobs key brings them back.
func (m *Model) startJob(msg common.JobMsg) tea.Cmd {
	m.jobSeq++
	ctx, cancel := context.WithCancel(m.ctx)
	j := &job{id: m.jobSeq, msg: msg, cancel: cancel, rep: newReporter(), done: make(chan common.StatusMsg, 1)}
	m.jobs = append(m.jobs, j)
	m.job = j
	go func() {
		j.done <- msg.Run(ctx, j.rep)
	}()
	return j.wait()
}

// wait returns the next poke or the end.
func (j *job) wait() tea.Cmd {
	return func() tea.Msg {
		select {
		case st := <-j.done:
			return jobDoneMsg{id: j.id, status: st}
		case <-j.rep.poke:
			return jobTickMsg{id: j.id}
		}
	}
}

// jobByID is a job not yet dismissed, or nil.
func (m *Model) jobByID(id int) *job {
	for _, j := range m.jobs {
		if j.id == id {
			return j
		}
	}
	return nil
}

// dismiss forgets a job (and closes its modal if shown).
func (m *Model) dismiss(j *job) {
	m.jobs = slices.DeleteFunc(m.jobs, func(x *job) bool { return x == j })
	if m.job == j {
		m.job = nil
	}
}

// onJobTick takes a snapshot of what the job reported; a job in the
// background keeps being waited on all the same.
func (m *Model) onJobTick(msg jobTickMsg) tea.Cmd {
	j := m.jobByID(msg.id)
	if j == nil || j.finished {
		return nil
	}
	j.layers, j.lines = j.rep.snapshot()
	return j.wait()
}

// onJobDone puts the result on the status line. A job whose output is
// worth reading (a build) stays until it is dismissed: on screen if it is
// shown, else for the jobs key to show.
func (m *Model) onJobDone(msg jobDoneMsg) tea.Cmd {
	j := m.jobByID(msg.id)
	if j == nil {
		return nil
	}
	j.layers, j.lines = j.rep.snapshot()
	j.finished, j.result = true, msg.status
	j.cancel()
	m.status = msg.status
	if !j.msg.KeepOpen || msg.status.Err != nil && len(j.lines) == 0 {
		m.dismiss(j)
	} else if m.job != j && msg.status.Err == nil {
		m.status.Text += " · " + m.keys.Global.Jobs.Help().Key + " shows the output"
	}
	return nil
}

// jobsNote says, in the modal, that there are other jobs to go to.
func (m *Model) jobsNote() string {
	if len(m.jobs) < 2 {
		return ""
	}
	return fmt.Sprintf(" · %s next job (%d/%d)", m.keys.Global.Jobs.Help().Key, slices.Index(m.jobs, m.job)+1, len(m.jobs))
}

// showJobs is the jobs key outside the modal: the newest job.
func (m *Model) showJobs() tea.Cmd {
	if len(m.jobs) == 0 {
		m.status = common.StatusMsg{Text: "no pull or build is running"}
		return nil
	}
	m.job = m.jobs[len(m.jobs)-1]
	return nil
}

// jobKey: esc sends a running job to the background (ctrl+c cancels it);
// once finished, esc or enter dismisses it; the jobs key goes to the next
// job.
func (m *Model) jobKey(k tea.KeyMsg) tea.Cmd {
	j := m.job
	d := m.keys.Dialog
	if key.Matches(k, m.keys.Global.Jobs) {
		i := slices.Index(m.jobs, j)
		m.job = m.jobs[(i+1)%len(m.jobs)]
		return nil
	}
	if j.finished {
		if key.Matches(k, d.Cancel) || key.Matches(k, d.Submit) || key.Matches(k, m.keys.Global.Quit) {
			m.dismiss(j)
		}
		return nil
	}
	switch {
	case k.Type == tea.KeyCtrlC:
		j.cancel()
		m.status = common.StatusMsg{Text: "cancelling " + j.msg.Title}
	case key.Matches(k, d.Cancel):
		m.job = nil
		m.status = common.StatusMsg{Text: j.msg.Title + ": in the background · " + m.keys.Global.Jobs.Help().Key + " shows it"}
	}
	return nil
}

// view draws the modal: a bar per layer, then the output's last lines;
// more ends the footer.
func (j *job) view(st styles.Styles, w, h int, more string) string {
	inner := min(w-6, 100)
	rows := []string{st.DialogTitle.Render(textutil.Fit(j.msg.Title, inner))}
	room := h - 6
	var body []string
	for _, l := range j.layers {
		body = append(body, layerLine(st, l, inner))
	}
	for _, line := range j.lines {
		body = append(body, textutil.Fit(line, inner))
	}
	if len(body) > room {
		// The newest matters: show the tail.
		body = body[len(body)-room:]
	}
	if len(body) == 0 {
		body = []string{st.Dim.Render("starting…")}
	}
	rows = append(rows, body...)
	footer := "esc background · ctrl+c cancel"
	switch {
	case j.finished && j.result.Err != nil:
		footer = "failed: " + j.result.Err.Error() + " · esc close"
	case j.finished:
		footer = j.result.Text + " · esc close"
	}
	rows = append(rows, "", st.Dim.Render(textutil.Fit(footer+more, inner)))
	return st.Dialog.Render(lipgloss.JoinVertical(lipgloss.Left, rows...))
}

// layerLine is "sha256:abcd  [#####-----]  1.2MB/4MB".
func layerLine(st styles.Styles, l layer, w int) string {
	name := textutil.Fit(textutil.ShortID(l.Layer), 12)
	amount := textutil.Size(l.Current) + "/" + textutil.Size(l.Size)
	if l.Done {
		amount = "done " + textutil.Size(l.Size)
	}
	amount = textutil.FitRight(amount, 20)
	barW := w - 12 - 20 - 4
	frac := 0.0
	switch {
	case l.Done:
		frac = 1
	case l.Size > 0:
		frac = min(1, float64(l.Current)/float64(l.Size))
	}
	fill := int(frac * float64(barW))
	bar := "[" + strings.Repeat("#", fill) + strings.Repeat("-", max(0, barW-fill)) + "]"
	tone := st.Warn
	if l.Done {
		tone = st.Good
	}
	return name + " " + tone.Render(bar) + " " + amount
}
