package keys

import (
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
)

// Actions names every binding for keys.json. The names are stable: they
// are the configuration file's vocabulary.
func (k *KeyMap) Actions() map[string]*key.Binding {
	g, l, c, i, v, n, d := &k.Global, &k.List, &k.Containers, &k.Images, &k.Volumes, &k.Networks, &k.Dialog
	return map[string]*key.Binding{
		"quit": &g.Quit, "help": &g.Help, "next-tab": &g.NextTab, "prev-tab": &g.PrevTab,
		"tab.containers": &g.Containers, "tab.images": &g.Images, "tab.networks": &g.Networks,
		"tab.volumes": &g.Volumes, "tab.topology": &g.Topology,
		"detach": &g.Detach, "fullscreen": &g.FullScreen, "split": &g.Split, "refresh": &g.Refresh, "jobs": &g.Jobs,

		"list.up": &l.Up, "list.down": &l.Down, "list.page-up": &l.PageUp, "list.page-down": &l.PageDown,
		"list.top": &l.Top, "list.bottom": &l.Bottom, "list.sort": &l.Sort, "list.reverse": &l.Reverse,
		"list.filter": &l.Filter, "list.clear-filter": &l.ClearFilter, "list.mark": &l.Mark, "list.back": &l.Back,

		"containers.inspect": &c.Inspect, "containers.start": &c.Start, "containers.stop": &c.Stop,
		"containers.restart": &c.Restart, "containers.kill": &c.Kill, "containers.pause": &c.Pause,
		"containers.remove": &c.Remove, "containers.rename": &c.Rename, "containers.logs": &c.Logs,
		"containers.exec": &c.Exec, "containers.attach": &c.Attach, "containers.commit": &c.Commit,

		"images.inspect": &i.Inspect, "images.run": &i.Run, "images.pull": &i.Pull, "images.tag": &i.Tag,
		"images.remove": &i.Remove, "images.prune": &i.Prune, "images.build": &i.Build,

		"volumes.inspect": &v.Inspect, "volumes.browse": &v.Browse, "volumes.parent": &v.Parent,
		"volumes.create": &v.Create, "volumes.remove": &v.Remove, "volumes.prune": &v.Prune,

		"networks.inspect": &n.Inspect, "networks.create": &n.Create, "networks.remove": &n.Remove,
		"networks.prune": &n.Prune,

		"dialog.yes": &d.Yes, "dialog.no": &d.No, "dialog.submit": &d.Submit, "dialog.cancel": &d.Cancel,
		"dialog.next": &d.Next, "dialog.prev": &d.Prev,
	}
}

// ActionNames returns the action names, sorted, for error messages.
func (k *KeyMap) ActionNames() []string {
	var names []string
	for n := range k.Actions() {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// label is how a binding's keys read in the help: "enter/i", "space".
func label(keys []string) string {
	shown := make([]string, len(keys))
	for i, k := range keys {
		shown[i] = Display(k)
	}
	return strings.Join(shown, "/")
}

// Display is a key as the help shows it: the space bar's key string is a
// blank, which reads as nothing.
func Display(k string) string {
	switch k {
	case " ":
		return "space"
	case "":
		return "none"
	}
	return k
}
