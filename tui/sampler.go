package tui

import (
	"errors"
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/backend"
	"berth/tui/common"
)

// watcher is a pane that says which containers it shows (the containers
// pane): only those are sampled, so a thousand containers cost nothing
// until they scroll into view, and only for what it draws.
type watcher interface {
	Watched() (ids []string, what backend.Reading)
}

// nextSample schedules the sampler's next round; the next tick is set
// only once a round is in, so a slow engine never gets rounds piled up.
func (m *Model) nextSample() tea.Cmd {
	if m.opts.SampleEvery < 0 {
		return nil
	}
	return tea.Tick(m.opts.SampleEvery, func(time.Time) tea.Msg { return sampleTickMsg{} })
}

// watched is what to sample now: the containers on screen in the
// containers pane (or the one in its detail view), nothing on other tabs.
func (m *Model) watched() ([]string, backend.Reading) {
	if m.modal != nil || m.tooSmall() {
		return nil, backend.ReadCPU
	}
	if w, ok := m.content().(watcher); ok {
		return w.Watched()
	}
	return nil, backend.ReadCPU
}

// sample reads the watched containers' stats off the loop.
func (m *Model) sample() tea.Cmd {
	ids, what := m.watched()
	if len(ids) == 0 {
		return m.nextSample()
	}
	b := m.b
	return func() tea.Msg {
		out := samplesMsg{samples: make(map[string]backend.Sample, len(ids))}
		for _, id := range ids {
			s, err := b.Stats(id, what)
			if err != nil {
				out.errs = append(out.errs, fmt.Errorf("stats %.12s: %w", id, err))
				continue
			}
			out.samples[id] = s
		}
		return out
	}
}

// onSamples stores a round, tells the panes, and schedules the next.
func (m *Model) onSamples(msg samplesMsg) tea.Cmd {
	for id, s := range msg.samples {
		m.store.Add(id, s)
	}
	if len(msg.errs) > 0 {
		m.status = common.StatusMsg{Err: errors.Join(msg.errs...)}
	}
	return tea.Batch(m.toPanes(common.SampledMsg{}), m.nextSample())
}
