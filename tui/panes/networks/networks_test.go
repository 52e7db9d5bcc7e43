package networks

import (
	"slices"
	"strings"
	"testing"

	"berth/tui/common"
	"berth/tui/internal/drive"
	"berth/tui/internal/fakebackend"
	"berth/tui/internal/panetest"
)

func TestCreateRemovePrune(t *testing.T) {
	f, m, d := panetest.Load(t, New)
	d.Keys("n")
	p := drive.Find[common.PromptMsg](d)
	d.Run(p[0].Then([]string{"back", "y"}))
	d.Keys("home") // sorted by name: app first
	if c, _ := m.Table.Current(); c.Name != "app" {
		t.Fatalf("first is %s", c.Name)
	}
	d.Keys("d")
	c := drive.Find[common.ConfirmMsg](d)
	if len(c) != 1 || !strings.Contains(c[0].Prompt, "app") {
		t.Fatalf("%+v", c)
	}
	c[0].Then()
	d.Keys("X")
	c = drive.Find[common.ConfirmMsg](d)
	c[1].Then()
	want := []string{"network-create back internal=true", "network-rm " + fakebackend.ID("app"), "network-prune"}
	if got := f.Calls(); !slices.Equal(got, want) {
		t.Fatalf("%q", got)
	}
}

func TestMarkedRemove(t *testing.T) {
	f, m, d := panetest.Load(t, New)
	d.Keys("home", " ", " ", "d")
	c := drive.Find[common.ConfirmMsg](d)
	if len(c) != 1 || !strings.Contains(c[0].Prompt, "2 networks") {
		t.Fatalf("%+v", c)
	}
	c[0].Then()
	if n := len(f.Calls()); n != 2 {
		t.Fatalf("%q", f.Calls())
	}
	d.Send(common.ReloadMsg{Kind: "network"})
	if m.Table.Len() != 1 || len(m.Table.Marked()) != 0 {
		t.Fatal("removed rows (and their marks) go on reload")
	}
}

func TestFilterAndDetail(t *testing.T) {
	_, m, d := panetest.Load(t, New)
	d.Keys("/")
	d.Type("172.18")
	d.Keys("enter")
	if m.Table.Len() != 1 {
		t.Fatalf("%d rows match a subnet", m.Table.Len())
	}
	d.Keys("enter")
	if _, ok := m.Detail(); !ok {
		t.Fatal("enter opens the detail")
	}
	if !strings.Contains(m.View(), "network app") {
		t.Fatal(m.View())
	}
}
