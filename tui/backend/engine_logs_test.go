package backend

import "testing"

// A logs session shows what the container printed and what it prints
// next, with terminal line ends, and ends when the container stops.
func TestLogsSession(t *testing.T) {
	b := newWorld(t)
	id := run(t, b, "logger", "echo first; sleep 0.5; echo second; sleep 0.5; exit 0")
	s, err := b.Logs(id)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	out := watch(s)
	at := out.await(t, 0, "first\r\n")
	out.await(t, at, "second\r\n")
	if code, err := s.Wait(); code != 0 || err != nil {
		t.Errorf("wait: %d, %v", code, err)
	}
	if _, err := b.Logs("no-such-container"); err == nil {
		t.Error("logs of a missing container")
	}
}
