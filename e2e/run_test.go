package e2e

import (
	"os"
	"strings"
	"testing"
)

func TestRunEchoAndRemove(t *testing.T) {
	e := newEnv(t)
	r := e.run("", "run", "--rm", "busybox", "echo", "hi")
	if r.code != 0 || r.stdout != "hi\n" {
		t.Fatalf("run --rm echo hi: code %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	if out := e.must("ps", "-aq"); out != "" {
		t.Fatalf("--rm left containers: %q", out)
	}
}

func TestCommandIsPID1(t *testing.T) {
	e := newEnv(t)
	if out := e.must("run", "--rm", "busybox", "sh", "-c", "echo $$"); out != "1" {
		t.Fatalf("echo $$ = %q, want 1", out)
	}
}

func TestExitCodes(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"own exit code", []string{"run", "--rm", "busybox", "sh", "-c", "exit 3"}, 3, ""},
		{"not found", []string{"run", "--rm", "busybox", "nosuchcmd"}, 127, "executable file not found"},
		{"not executable", []string{"run", "--rm", "busybox", "/etc/passwd"}, 126, "permission denied"},
		{"unknown flag", []string{"run", "--bogus", "busybox", "true"}, 125, "unknown flag"},
		{"unknown image", []string{"run", "--rm", "nosuchimage", "true"}, 125, "Unable to find image"},
		{"bad memory", []string{"run", "--rm", "--memory", "lots", "busybox", "true"}, 125, "invalid size"},
		{"tiny memory", []string{"run", "--rm", "--memory", "1m", "busybox", "true"}, 125, "Minimum memory limit"},
		{"bad user", []string{"run", "--rm", "-u", "nobody2", "busybox", "true"}, 125, "unable to find user nobody2"},
		{"bad restart", []string{"run", "--restart", "sometimes", "busybox", "true"}, 125, "invalid restart policy"},
		{"bad name", []string{"run", "--name", "a/b", "busybox", "true"}, 125, "Invalid container name"},
		{"bad network", []string{"run", "--rm", "--network", "nonet", "busybox", "true"}, 125, "network nonet not found"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.run("", c.args...)
			if r.code != c.code {
				t.Fatalf("exit %d, want %d (stderr %q)", r.code, c.code, r.stderr)
			}
			if c.msg != "" && !strings.Contains(r.stderr, c.msg) {
				t.Fatalf("stderr %q does not mention %q", r.stderr, c.msg)
			}
			if c.msg != "" && strings.Count(strings.TrimSpace(r.stderr), "\n") > 1 {
				t.Fatalf("want one clear message, got %q", r.stderr)
			}
		})
	}
	// Refused runs leave nothing behind (--rm ones removed themselves).
	if out := e.must("ps", "-a", "--format", "{{.Names}} {{.Status}}"); strings.Contains(out, "Up") {
		t.Fatalf("refused runs left running containers: %q", out)
	}
}

func TestBadInputLeavesNothing(t *testing.T) {
	e := newEnv(t)
	for _, args := range [][]string{
		{"create", "--memory", "1m", "busybox"},
		{"create", "--memory", "x", "busybox"},
		{"create", "--cpus", "1000", "busybox"},
		{"create", "nosuchimage"},
		{"create", "--name", "bad name", "busybox"},
	} {
		if r := e.run("", args...); r.code != 125 {
			t.Fatalf("%v: exit %d, want 125 (%s)", args, r.code, r.stderr)
		}
	}
	if out := e.must("ps", "-aq"); out != "" {
		t.Fatalf("refused creates left containers: %q", out)
	}
	ents, _ := os.ReadDir(e.root + "/containers")
	names, _ := os.ReadDir(e.root + "/names")
	if len(ents) != 0 || len(names) != 0 {
		t.Fatalf("refused creates left state: %d container dirs, %d names", len(ents), len(names))
	}
}

func TestRunOptions(t *testing.T) {
	e := newEnv(t)
	envFile := t.TempDir() + "/env"
	os.WriteFile(envFile, []byte("# comment\nFROMFILE=yes\n"), 0o644)
	out := e.must("run", "--rm", "--name", "opts", "-e", "A=1", "--env-file", envFile,
		"-w", "/tmp/work", "-u", "65534:65534", "--hostname", "myhost", "busybox",
		"sh", "-c", `echo "$A $FROMFILE $(pwd) $(id -u):$(id -g) $(hostname) $(cat /etc/hostname)"`)
	if want := "1 yes /tmp/work 65534:65534 myhost myhost"; out != want {
		t.Fatalf("got %q, want %q", out, want)
	}
	out = e.must("run", "--rm", "--entrypoint", "echo", "busybox", "from", "entrypoint")
	if out != "from entrypoint" {
		t.Fatalf("--entrypoint: %q", out)
	}
	out = e.must("run", "--rm", "-u", "nobody", "busybox", "sh", "-c", "id -un; echo $HOME")
	if out != "nobody\n/home" && !strings.HasPrefix(out, "nobody\n") {
		t.Fatalf("-u nobody: %q", out)
	}
}

func TestStdinPipe(t *testing.T) {
	e := newEnv(t)
	r := e.run("hello from stdin\n", "run", "--rm", "-i", "busybox", "cat")
	if r.code != 0 || r.stdout != "hello from stdin\n" {
		t.Fatalf("run -i cat: %d %q %q", r.code, r.stdout, r.stderr)
	}
}

// `run --rm` returns as soon as the container exits and its monitor
// removes it just after; running the same name again at once still works.
func TestRunRmNameReusedAtOnce(t *testing.T) {
	e := newEnv(t)
	for i := 0; i < 5; i++ {
		e.must("run", "--rm", "--name", "again", "busybox", "true")
	}
}
