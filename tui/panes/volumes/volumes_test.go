package volumes

import (
	"slices"
	"strings"
	"testing"

	"berth/tui/common"
	"berth/tui/internal/drive"
	"berth/tui/internal/panetest"
)

// errTest is a listing error, as a volume's unreadable directory gives.
var errTest = errorString("permission denied")

type errorString string

func (e errorString) Error() string { return string(e) }

func TestBrowseFiles(t *testing.T) {
	f, m, d := panetest.Load(t, New)
	d.Keys("home", "enter") // data
	if m.browse == nil || m.browse.dir != "/" {
		t.Fatal("enter opens the file browser")
	}
	if c, _ := m.browse.files.Current(); c.Name != "logs" {
		t.Fatalf("directories first: %s", c.Name)
	}
	d.Keys("enter")
	if m.browse.dir != "/logs" || !strings.Contains(m.View(), "app.log") {
		t.Fatalf("descend: %s\n%s", m.browse.dir, m.View())
	}
	d.Keys("backspace")
	if m.browse.dir != "/" {
		t.Fatal("backspace goes up")
	}
	d.Keys("down", "enter") // a file: nothing
	if m.browse.dir != "/" {
		t.Fatal("enter on a file does not descend")
	}
	d.Keys("esc")
	if m.browse != nil {
		t.Fatal("esc leaves the browser")
	}
	want := []string{"files data /", "files data /logs", "files data /"}
	if got := f.Calls(); !slices.Equal(got, want) {
		t.Fatalf("%q", got)
	}
}

func TestCreateRemovePrune(t *testing.T) {
	f, m, d := panetest.Load(t, New)
	d.Keys("n")
	d.Run(drive.Find[common.PromptMsg](d)[0].Then([]string{"logs"}))
	d.Keys("end") // scratch, unused
	d.Keys("d")
	c := drive.Find[common.ConfirmMsg](d)
	if len(c) != 1 || !strings.Contains(c[0].Prompt, "scratch") || strings.Contains(c[0].Prompt, "in use") {
		t.Fatalf("%+v", c)
	}
	c[0].Then()
	d.Keys("X")
	drive.Find[common.ConfirmMsg](d)[1].Then()
	want := []string{"volume-create logs", "volume-rm scratch force=false", "volume-prune"}
	if got := f.Calls(); !slices.Equal(got, want) {
		t.Fatalf("%q", got)
	}
	d.Send(common.ReloadMsg{Kind: "volume"})
	if m.Table.Len() != 1 {
		t.Fatalf("%d volumes after the prune", m.Table.Len())
	}
}

func TestBrowseError(t *testing.T) {
	_, m, d := panetest.Load(t, New)
	d.Keys("end", "enter") // scratch has no files listed: "/" is empty, fine
	if m.browse == nil || !strings.Contains(m.View(), "empty directory") {
		t.Fatalf("%s", m.View())
	}
	d.Send(filesMsg{volume: "scratch", dir: "/nope", err: errTest})
	st := drive.Find[common.StatusMsg](d)
	if len(st) == 0 || st[0].Err == nil || m.browse.dir != "/" {
		t.Fatal("a listing error is reported and the browser stays put")
	}
}
