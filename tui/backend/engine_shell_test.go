package backend

import (
	"testing"

	"github.com/moby/moby/api/types/container"

	"berth/engine"
)

func TestExecSession(t *testing.T) {
	b := newWorld(t)
	id := run(t, b, "sh-exec", "sleep 100")
	s, err := b.Exec(id, []string{"sh"}, 24, 80)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	out := watch(s)

	s.Write([]byte("echo hi\r"))
	at := out.await(t, 0, "\nhi\r\n")
	s.Write([]byte("stty size\r"))
	at = out.await(t, at, "\n24 80\r\n")
	if err := s.Resize(30, 100); err != nil {
		t.Fatal(err)
	}
	s.Write([]byte("stty size\r"))
	out.await(t, at, "\n30 100\r\n")
	s.Write([]byte("exit 3\r"))
	if code, err := s.Wait(); code != 3 || err != nil {
		t.Errorf("wait: %d, %v", code, err)
	}
	out.ended(t)
	if _, err := b.Exec(id, nil, 24, 80); err == nil {
		t.Error("an exec without a command worked")
	}
}

func TestExecCloseHangsUp(t *testing.T) {
	b := newWorld(t)
	id := run(t, b, "sh-hup", "sleep 100")
	s, err := b.Exec(id, []string{"sh"}, 24, 80)
	if err != nil {
		t.Fatal(err)
	}
	out := watch(s)
	out.await(t, 0, "# ")
	s.Close()
	out.ended(t) // a Read blocked on the terminal ends with the session
	if code, err := s.Wait(); code != 128+1 || err != nil {
		t.Errorf("wait after hang-up: %d, %v (want SIGHUP's 129)", code, err)
	}
}

func TestAttachSession(t *testing.T) {
	b := newWorld(t)
	c, err := b.e.Create(engine.CreateOptions{Name: "sh-attach", Image: "busybox", Config: container.Config{
		Cmd: []string{"sh"}, Tty: true, OpenStdin: true,
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Remove(c.ID, true) })
	if err := b.Start(c.ID); err != nil {
		t.Fatal(err)
	}
	s, err := b.Attach(c.ID, 24, 80)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	out := watch(s)

	s.Write([]byte("echo hi\r"))
	at := out.await(t, 0, "\nhi\r\n")
	s.Write([]byte("stty size\r"))
	at = out.await(t, at, "\n24 80\r\n")
	if err := s.Resize(30, 100); err != nil {
		t.Fatal(err)
	}
	s.Write([]byte("stty size\r"))
	out.await(t, at, "\n30 100\r\n")
	s.Write([]byte("exit 3\r"))
	if code, err := s.Wait(); code != 3 || err != nil {
		t.Errorf("wait: %d, %v", code, err)
	}
	out.ended(t)
	eventually(t, "the container to stop", func() bool { return row(t, b, c.ID).State == "exited" })
	if _, err := b.Attach(c.ID, 24, 80); err == nil {
		t.Error("attaching to a stopped container worked")
	}
}

func TestAttachDetach(t *testing.T) {
	b := newWorld(t)
	id := run(t, b, "sh-detach", "while :; do echo tick; sleep 0.1; done")
	s, err := b.Attach(id, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := watch(s)
	out.await(t, 0, "tick\n")
	s.Close()
	out.ended(t)
	if code, err := s.Wait(); err == nil {
		t.Errorf("wait after detach: %d, no error", code)
	}
	if r := row(t, b, id); r.State != "running" {
		t.Errorf("detaching stopped the container: %s", r.State)
	}
}
