package keys

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
)

// scope is a set of bindings live at the same moment: one key may not do
// two things in it. Back and ClearFilter share esc on purpose (one works
// in the detail view, the other in the list), so they are in different
// scopes.
type scope struct {
	name  string
	binds map[string]*key.Binding
}

func (k *KeyMap) scopes() []scope {
	all := k.Actions()
	pick := func(name string, prefixes ...string) scope {
		s := scope{name: name, binds: map[string]*key.Binding{}}
		for n, b := range all {
			for _, p := range prefixes {
				if strings.HasPrefix(n, p) && n != "list.back" {
					s.binds[n] = b
				}
			}
		}
		return s
	}
	global := []string{"quit", "help", "next-tab", "prev-tab", "tab.", "detach", "fullscreen", "split", "refresh", "jobs"}
	with := func(more ...string) []string { return append(append([]string{}, global...), more...) }
	detail := scope{name: "detail view", binds: map[string]*key.Binding{}}
	for n, b := range pick("", with()...).binds {
		detail.binds[n] = b
	}
	for _, n := range []string{"list.up", "list.down", "list.page-up", "list.page-down", "list.top", "list.bottom", "list.back"} {
		detail.binds[n] = all[n]
	}
	return []scope{
		pick("containers pane", with("list.", "containers.")...),
		pick("images pane", with("list.", "images.")...),
		pick("volumes pane", with("list.", "volumes.")...),
		pick("networks pane", with("list.", "networks.")...),
		pick("dialogs", "dialog.yes", "dialog.no"),
		pick("forms", "dialog.submit", "dialog.cancel", "dialog.next", "dialog.prev"),
		detail,
	}
}

// Check reports keys bound to two actions that are live at once.
func (k *KeyMap) Check() error {
	var clashes []string
	for _, s := range k.scopes() {
		owner := map[string]string{}
		names := make([]string, 0, len(s.binds))
		for n := range s.binds {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			for _, key := range s.binds[n].Keys() {
				if o, ok := owner[key]; ok && o != n {
					clashes = append(clashes, fmt.Sprintf("%q is both %s and %s (%s)", Display(key), o, n, s.name))
					continue
				}
				owner[key] = n
			}
		}
	}
	if len(clashes) > 0 {
		return fmt.Errorf("key clash: %s", strings.Join(clashes, "; "))
	}
	return nil
}

func sorted(s []string) []string { sort.Strings(s); return s }
