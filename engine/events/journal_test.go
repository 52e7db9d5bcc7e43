package events

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWatchSeesAppendsFromOtherWriters(t *testing.T) {
	dir := t.TempDir()
	j := Open(dir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := j.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// A second journal value stands for another berth process.
	other := Open(dir)
	other.Emit("create", "abc", map[string]string{"name": "x"})
	select {
	case m := <-ch:
		if string(m.Action) != "create" || m.Actor.ID != "abc" || m.Actor.Attributes["name"] != "x" {
			t.Fatalf("got %+v", m)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no event")
	}
}

func TestRotationKeepsWatchersAndHistory(t *testing.T) {
	dir := t.TempDir()
	j := Open(dir)
	// Pre-fill past the rotation size.
	line := `{"Type":"container","Action":"old","time":1}` + "\n"
	os.WriteFile(filepath.Join(dir, fileName), []byte(strings.Repeat(line, rotateSize/len(line)+1)), 0o600)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := j.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	j.Emit("start", "id1", nil)
	j.Emit("die", "id1", nil)
	got := []string{}
	for len(got) < 2 {
		select {
		case m := <-ch:
			got = append(got, string(m.Action))
		case <-time.After(5 * time.Second):
			t.Fatalf("watcher lost events across rotation, got %v", got)
		}
	}
	if got[0] != "start" || got[1] != "die" {
		t.Fatalf("order %v", got)
	}
	if _, err := os.Stat(filepath.Join(dir, fileName+".1")); err != nil {
		t.Fatalf("no rotated generation: %v", err)
	}
	if n := len(j.Since(start.Add(-time.Second))); n != 2 {
		t.Fatalf("Since found %d events, want 2", n)
	}
}

// BenchmarkEventLatency measures how long a watcher takes to see an event
// another writer appended: the time for a UI to learn of a CLI's change.
func BenchmarkEventLatency(b *testing.B) {
	dir := b.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := Open(dir).Watch(ctx)
	if err != nil {
		b.Fatal(err)
	}
	w := Open(dir)
	var total time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		w.Emit("create", "id", nil)
		<-ch
		total += time.Since(t0)
	}
	b.ReportMetric(float64(total.Microseconds())/float64(b.N), "µs/event")
}
