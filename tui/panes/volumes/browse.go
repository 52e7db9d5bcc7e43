package volumes

import (
	"fmt"
	"path"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/backend"
	"berth/tui/internal/cmds"
	"berth/tui/internal/listpane"
	"berth/tui/internal/table"
	"berth/tui/internal/textutil"
	"berth/tui/styles"
)

// browser is the file list of one directory of a volume.
type browser struct {
	volume, dir string
	files       *table.Table[backend.File]
}

// files lists dir of volume off the loop.
func (m *Model) files(volume, dir string) tea.Cmd {
	b := m.b
	return func() tea.Msg {
		fs, err := b.Files(volume, dir)
		return filesMsg{volume: volume, dir: dir, files: fs, err: err}
	}
}

func (m *Model) onFiles(f filesMsg) tea.Cmd {
	if f.err != nil {
		// Stay where we were (the list, or the directory above).
		return cmds.Err(fmt.Errorf("volume %s: %w", f.volume, f.err))
	}
	if m.browse == nil || m.browse.volume != f.volume {
		m.browse = &browser{volume: f.volume, files: newFileTable(m.Now)}
		w, h := m.Size()
		m.browse.files.SetSize(w, h-1)
	}
	m.browse.dir = f.dir
	m.browse.files.SetRows(f.files)
	m.browse.files.Top()
	return nil
}

func (m *Model) browseKey(k tea.KeyMsg) tea.Cmd {
	km, l := m.Keys.Volumes, m.Keys.List
	br := m.browse
	if listpane.Navigate(br.files, l, k) {
		return nil
	}
	switch {
	case key.Matches(k, l.Back):
		m.browse = nil
	case key.Matches(k, km.Parent):
		if br.dir != "/" {
			return m.files(br.volume, path.Dir(br.dir))
		}
	case key.Matches(k, km.Browse):
		if f, ok := br.files.Current(); ok && f.Dir {
			return m.files(br.volume, path.Join(br.dir, f.Name))
		}
	case key.Matches(k, l.Sort):
		br.files.CycleSort()
	case key.Matches(k, l.Reverse):
		br.files.ReverseSort()
	}
	return nil
}

func (m *Model) browseView() string {
	br := m.browse
	w, _ := m.Size()
	title := m.Styles.Title.Render("volume "+br.volume+":"+br.dir) +
		m.Styles.Dim.Render("  enter open · backspace up · esc back")
	return textutil.Fit(title, w) + "\n" + br.files.View(m.Styles, "empty directory")
}

type fcol = table.Column[backend.File]

// newFileTable lists directories first, then by name.
func newFileTable(now func() time.Time) *table.Table[backend.File] {
	name := func(f backend.File) string {
		if f.Dir {
			return f.Name + "/"
		}
		return f.Name
	}
	t := table.New(func(f backend.File) string { return f.Name },
		func(f backend.File) styles.Tone {
			if f.Dir {
				return styles.Good
			}
			return styles.Normal
		},
		fcol{Title: "NAME", Width: 16, Flex: 1, Text: name, Less: func(a, b backend.File) bool {
			if a.Dir != b.Dir {
				return a.Dir
			}
			return a.Name < b.Name
		}},
		fcol{Title: "SIZE", Width: 8, Right: true, Text: func(f backend.File) string {
			if f.Dir {
				return "-"
			}
			return textutil.Size(f.Size)
		}, Less: func(a, b backend.File) bool { return a.Size < b.Size }},
		fcol{Title: "MODE", Width: 10, Drop: 2, Text: func(f backend.File) string { return f.Mode }},
		fcol{Title: "MODIFIED", Width: 14, Drop: 1, Text: func(f backend.File) string { return textutil.Ago(f.MTime, now()) },
			Less: func(a, b backend.File) bool { return a.MTime.Before(b.MTime) }},
	)
	t.SortBy("NAME", false)
	return t
}
