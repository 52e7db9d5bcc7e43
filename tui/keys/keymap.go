// Package keys is the UI's one key map: every binding the panes act on
// and the help overlay lists, with its defaults and the user's overrides
// from keys.json.
package keys

import "github.com/charmbracelet/bubbles/key"

// Global keys work on every tab (shell tabs get only Detach, FullScreen
// and Split; every other key goes to the shell).
type Global struct {
	Quit, Help, NextTab, PrevTab                    key.Binding
	Containers, Images, Networks, Volumes, Topology key.Binding
	Detach, FullScreen, Split, Refresh, Jobs        key.Binding
}

// List keys are shared by the four list panes: moving, sorting,
// filtering, marking, and leaving a detail view.
type List struct {
	Up, Down, PageUp, PageDown, Top, Bottom  key.Binding
	Sort, Reverse, Filter, ClearFilter, Mark key.Binding
	Back                                     key.Binding
}

// Containers are the container pane's actions.
type Containers struct {
	Inspect, Start, Stop, Restart, Kill, Pause, Remove key.Binding
	Rename, Logs, Exec, Attach, Commit                 key.Binding
}

// Images are the image pane's actions.
type Images struct {
	Inspect, Run, Pull, Tag, Remove, Prune, Build key.Binding
}

// Volumes are the volume pane's actions; Browse opens (and descends in)
// the file list, Parent goes up a directory.
type Volumes struct {
	Inspect, Browse, Parent, Create, Remove, Prune key.Binding
}

// Networks are the network pane's actions.
type Networks struct {
	Inspect, Create, Remove, Prune key.Binding
}

// Dialog keys drive the confirm dialog, prompts and forms.
type Dialog struct {
	Yes, No, Submit, Cancel, Next, Prev key.Binding
}

// KeyMap is all of it.
type KeyMap struct {
	Global     Global
	List       List
	Containers Containers
	Images     Images
	Volumes    Volumes
	Networks   Networks
	Dialog     Dialog
}

func b(desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label(keys), desc))
}

// Default returns the built-in key map. Start is u, not s, because s sorts
// in every list; k kills, so moving is on the arrows (and g/G, home/end).
func Default() *KeyMap {
	return &KeyMap{
		Global: Global{
			Quit:       b("quit", "q", "ctrl+c"),
			Help:       b("help", "?"),
			NextTab:    b("next tab", "tab"),
			PrevTab:    b("previous tab", "shift+tab"),
			Containers: b("containers", "1"),
			Images:     b("images", "2"),
			Networks:   b("networks", "3"),
			Volumes:    b("volumes", "4"),
			Topology:   b("topology", "5"),
			Detach:     b("leave shell", "ctrl+]"),
			FullScreen: b("full screen shell", "ctrl+f"),
			Split:      b("split shells", "ctrl+\\"),
			Refresh:    b("reload", "ctrl+r"),
			Jobs:       b("pulls and builds", "J"),
		},
		List: List{
			Up:          b("up", "up"),
			Down:        b("down", "down"),
			PageUp:      b("page up", "pgup", "ctrl+u"),
			PageDown:    b("page down", "pgdown", "ctrl+d"),
			Top:         b("top", "home", "g"),
			Bottom:      b("bottom", "end", "G"),
			Sort:        b("sort column", "s"),
			Reverse:     b("reverse sort", "S"),
			Filter:      b("filter", "/"),
			ClearFilter: b("clear filter", "esc"),
			Mark:        b("mark", " "),
			Back:        b("back", "esc"),
		},
		Containers: Containers{
			Inspect: b("inspect", "enter", "i"),
			Start:   b("start", "u"),
			Stop:    b("stop", "o"),
			Restart: b("restart", "r"),
			Kill:    b("kill", "k"),
			Pause:   b("pause/unpause", "p"),
			Remove:  b("remove", "d"),
			Rename:  b("rename", "R"),
			Logs:    b("logs", "l"),
			Exec:    b("shell (exec sh)", "e"),
			Attach:  b("attach", "a"),
			Commit:  b("commit", "c"),
		},
		Images: Images{
			Inspect: b("inspect", "i"),
			Run:     b("run container", "n", "enter"),
			Pull:    b("pull", "P"),
			Tag:     b("tag", "t"),
			Remove:  b("remove", "d"),
			Prune:   b("prune dangling", "X"),
			Build:   b("build", "b"),
		},
		Volumes: Volumes{
			Inspect: b("inspect", "i"),
			Browse:  b("browse files", "enter"),
			Parent:  b("parent dir", "backspace"),
			Create:  b("create", "n"),
			Remove:  b("remove", "d"),
			Prune:   b("prune unused", "X"),
		},
		Networks: Networks{
			Inspect: b("inspect", "enter", "i"),
			Create:  b("create", "n"),
			Remove:  b("remove", "d"),
			Prune:   b("prune unused", "X"),
		},
		Dialog: Dialog{
			Yes:    b("yes", "y"),
			No:     b("no", "n", "esc"),
			Submit: b("submit", "enter"),
			Cancel: b("cancel", "esc"),
			Next:   b("next field", "tab", "down"),
			Prev:   b("previous field", "shift+tab", "up"),
		},
	}
}
