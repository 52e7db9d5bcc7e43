package e2e

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// runSh runs a shell snippet in a fresh --rm container and returns stdout.
func (e *env) runSh(script string, flags ...string) string {
	e.t.Helper()
	args := append(append([]string{"run", "--rm"}, flags...), "busybox", "sh", "-c", script)
	r := e.run("", args...)
	if r.code != 0 {
		e.t.Fatalf("%q: exit %d: %s", script, r.code, r.stderr)
	}
	return strings.TrimSpace(r.stdout)
}

func TestIsolation(t *testing.T) {
	e := newEnv(t)
	checks := []struct{ name, script, want string }{
		// Docker's default capability set, in both bounding and effective sets.
		{"capabilities", "grep -E '^Cap(Bnd|Eff)' /proc/self/status | cut -f2 | tr '\\n' ' '", "00000000a80425fb 00000000a80425fb"},
		{"default bridge", "ls /sys/class/net", "eth0\nlo"},
		{"loopback up", "cat /sys/class/net/lo/operstate", "unknown"},
		{"own pid namespace", "cat /proc/1/comm; ps -o pid | tail -n +2 | awk '$1 > 20' | wc -l", "sh\n0"},
		{"keys masked", "wc -c < /proc/keys; mount | grep -c ' /proc/timer_list '", "0\n1"},
		{"proc/sys read-only", "echo 1 > /proc/sys/vm/drop_caches 2>/dev/null && echo writable || echo refused", "refused"},
		{"sysfs read-only", "touch /sys/kernel/x 2>/dev/null && echo writable || echo refused", "refused"},
		{"host root hidden", "test -e /work || test -e /old_root && echo visible || echo hidden", "hidden"},
		{"minimal dev", "ls /dev | tr '\\n' ' '", "core fd full mqueue null ptmx pts random shm stderr stdin stdout tty urandom zero"},
		{"device allowlist", "mknod /tmp/disk b 7 0 && (head -c1 /tmp/disk >/dev/null 2>&1 && echo opened || echo denied)", "denied"},
		{"devpts", "mount | grep -c ' /dev/pts type devpts'", "1"},
		{"hosts file", "grep -c localhost /etc/hosts", "2"},
		{"hostname file is short id", "test \"$(cat /etc/hostname)\" = \"$(hostname)\" && hostname | wc -c", "13"},
		{"shm is tmpfs", "df /dev/shm | tail -1 | cut -d' ' -f1", "shm"},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if got := e.runSh(c.script); got != c.want {
				t.Fatalf("%s: got %q, want %q", c.script, got, c.want)
			}
		})
	}
}

func TestHostNetwork(t *testing.T) {
	e := newEnv(t)
	e.runSh("true") // the default bridge exists from now on
	// netlink, not /sys: sysfs shows the namespace of whoever mounted it.
	got := e.runSh("ip -o link | cut -d: -f2 | sort | tr -d '\n'", "--network", "host")
	if want := "berth0 lo"; got != want {
		t.Fatalf("--network host sees %q, its host namespace has %q", got, want)
	}
	if got := e.runSh("ls /sys/class/net", "--network", "none"); got != "lo" {
		t.Fatalf("--network none sees %q", got)
	}
}

func TestWritableLayerGoesWithContainer(t *testing.T) {
	e := newEnv(t)
	id := e.must("create", "busybox", "sh", "-c", "echo data > /newfile; rm /bin/ls")
	e.must("start", "-a", id)
	upper := e.root + "/containers/" + id + "/upper"
	if _, err := os.Stat(upper + "/newfile"); err != nil {
		t.Fatalf("write did not land in the writable layer: %v", err)
	}
	// The image itself is untouched: a new container still has ls.
	if got := e.runSh("test -e /bin/ls && echo present"); got != "present" {
		t.Fatalf("deleting in one container changed the image: %q", got)
	}
	e.must("rm", id)
	if _, err := os.Stat(upper); !os.IsNotExist(err) {
		t.Fatalf("writable layer survived rm: %v", err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// Every namespace Docker gives a container is the container's own, and an
// exec'd process shares exactly those.
func TestOwnNamespaces(t *testing.T) {
	e := newEnv(t)
	kinds := []string{"pid", "net", "ipc", "mnt", "uts", "cgroup"}
	script := ""
	for _, k := range kinds {
		script += "readlink /proc/1/ns/" + k + "; "
	}
	id := e.must("run", "-d", "busybox", "sleep", "1000")
	inside := strings.Fields(e.must("exec", id, "sh", "-c", script))
	execs := strings.Fields(e.must("exec", id, "sh", "-c", strings.ReplaceAll(script, "/proc/1/", "/proc/self/")))
	if len(inside) != len(kinds) {
		t.Fatalf("namespaces inside: %v", inside)
	}
	for i, k := range kinds {
		host, err := os.Readlink("/proc/self/ns/" + k)
		if err != nil {
			t.Fatal(err)
		}
		if inside[i] == host {
			t.Errorf("%s namespace is the host's (%s)", k, host)
		}
		if execs[i] != inside[i] {
			t.Errorf("exec'd process is in %s, the container in %s", execs[i], inside[i])
		}
	}
}
