package images

import (
	"context"
	"slices"
	"strings"
	"testing"

	"berth/tui/backend"
	"berth/tui/common"
	"berth/tui/internal/drive"
	"berth/tui/internal/fakebackend"
	"berth/tui/internal/panetest"
)

func pick(t *testing.T, m *Model, d *drive.Driver, ref string) {
	t.Helper()
	panetest.Pick(t, d, m.Pane, ref)
}

// recorder is a JobReporter for running a job's Run by hand.
type recorder struct {
	strings.Builder
	progress []backend.Progress
}

func (r *recorder) Progress(p backend.Progress) { r.progress = append(r.progress, p) }

func TestRunForm(t *testing.T) {
	f, m, d := panetest.Load(t, New)
	pick(t, m, d, "busybox:latest")
	d.Keys("enter")
	p := drive.Find[common.PromptMsg](d)
	if len(p) != 1 || len(p[0].Fields) != 8 {
		t.Fatalf("%+v", p)
	}
	d.Run(p[0].Then([]string{"web2", `sh -c 'echo hi'`, "8080:80 8443:443", "data:/data", "app", "A=1 B='two words'", "64m", "0.5"}))
	calls := f.Calls()
	want := `run {Image:busybox:latest Name:web2 Cmd:[sh -c echo hi] Ports:[8080:80 8443:443] Volumes:[data:/data] Network:app Env:[A=1 B=two words] Memory:64m CPUs:0.5}`
	if !slices.Equal(calls, []string{want}) {
		t.Fatalf("calls %q", calls)
	}
	d.Run(p[0].Then([]string{"", "", "", "", "", "", "", "lots"}))
	st := drive.Find[common.StatusMsg](d)
	if last := st[len(st)-1]; last.Err == nil || !strings.Contains(last.Err.Error(), "cpus") {
		t.Fatalf("a bad cpus value is an error: %+v", last)
	}
}

func TestPullIsAJobWithProgress(t *testing.T) {
	f, _, d := panetest.Load(t, New)
	d.Keys("P")
	p := drive.Find[common.PromptMsg](d)
	d.Run(p[0].Then([]string{"alpine:3.21"}))
	jobs := drive.Find[common.JobMsg](d)
	if len(jobs) != 1 || jobs[0].Title != "pull alpine:3.21" {
		t.Fatalf("%+v", jobs)
	}
	var r recorder
	st := jobs[0].Run(context.Background(), &r)
	if st.Err != nil || st.Text != "pulled alpine:3.21" || len(r.progress) != 4 {
		t.Fatalf("%+v, %d progress reports", st, len(r.progress))
	}
	if !slices.Equal(f.Calls(), []string{"pull alpine:3.21"}) {
		t.Fatal(f.Calls())
	}
}

func TestBuildStreamsOutput(t *testing.T) {
	_, _, d := panetest.Load(t, New)
	d.Keys("b")
	p := drive.Find[common.PromptMsg](d)
	d.Run(p[0].Then([]string{"./app", "app:2"}))
	j := drive.Find[common.JobMsg](d)[0]
	var r recorder
	if st := j.Run(context.Background(), &r); st.Text != "built app:2" || !j.KeepOpen {
		t.Fatalf("%+v", st)
	}
	if !strings.Contains(r.String(), "Successfully built") {
		t.Fatal(r.String())
	}
}

func TestTagRemovePrune(t *testing.T) {
	f, m, d := panetest.Load(t, New)
	pick(t, m, d, "alpine:3.20")
	d.Keys("t")
	p := drive.Find[common.PromptMsg](d)
	d.Run(p[0].Then([]string{"mine:1"}))
	d.Keys("d")
	c := drive.Find[common.ConfirmMsg](d)
	if len(c) != 1 || !strings.Contains(c[0].Prompt, "alpine:3.20") {
		t.Fatalf("%+v", c)
	}
	c[0].Then()
	d.Keys("X")
	c = drive.Find[common.ConfirmMsg](d)
	if st := c[1].Then(); st.Text != "pruned 1 images" {
		t.Fatalf("%+v", st)
	}
	want := []string{"tag sha256:" + fakebackend.ID("alpine") + " mine:1", "rmi alpine:3.20 force=false", "prune-images all=false"}
	if got := f.Calls(); !slices.Equal(got, want) {
		t.Fatalf("%q", got)
	}
}

func TestDanglingImagesAreRemovedByID(t *testing.T) {
	f, m, d := panetest.Load(t, New)
	id := "sha256:" + fakebackend.ID("dangling")
	pick(t, m, d, Ref(backend.Image{ID: id}))
	d.Keys("d")
	drive.Find[common.ConfirmMsg](d)[0].Then()
	if got := f.Calls(); !slices.Equal(got, []string{"rmi " + id + " force=false"}) {
		t.Fatalf("%q", got)
	}
}

func TestInspectAndEventsReload(t *testing.T) {
	f, m, d := panetest.Load(t, New)
	d.Keys("i")
	if _, ok := m.Detail(); !ok || !strings.Contains(m.View(), "Kind: image") {
		t.Fatalf("no detail:\n%s", m.View())
	}
	d.Keys("esc")
	if _, err := f.PruneImages(false); err != nil {
		t.Fatal(err)
	}
	d.Send(common.ReloadMsg{Kind: "image"})
	if m.Table.Len() != 3 {
		t.Fatalf("%d rows after the prune", m.Table.Len())
	}
}
