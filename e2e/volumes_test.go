package e2e

import (
	"archive/tar"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// writeSrvImageTar makes an image whose /srv holds files with owners,
// modes, a symlink and an xattr, to check that copy-up keeps them.
func writeSrvImageTar(t *testing.T, path string) {
	writeImageTar(t, path, func(tw *tar.Writer) {
		for _, d := range []string{"srv/", "srv/sub/"} {
			tw.WriteHeader(&tar.Header{Name: d, Typeflag: tar.TypeDir, Mode: 0o755})
		}
		file := func(name string, mode int64, uid int, body string, xattrs map[string]string) {
			h := &tar.Header{Name: name, Mode: mode, Uid: uid, Gid: uid, Size: int64(len(body)), Format: tar.FormatPAX}
			if xattrs != nil {
				h.PAXRecords = map[string]string{}
				for k, v := range xattrs {
					h.PAXRecords["SCHILY.xattr."+k] = v
				}
			}
			tw.WriteHeader(h)
			tw.Write([]byte(body))
		}
		file("srv/hello.txt", 0o640, 1000, "from the image\n", map[string]string{"user.note": "kept"})
		file("srv/sub/deep.txt", 0o600, 33, "deep\n", nil)
		tw.WriteHeader(&tar.Header{Name: "srv/link", Typeflag: tar.TypeSymlink, Linkname: "hello.txt"})
	})
}

// srvImages imports the /srv image twice: plain, and with VOLUME /srv.
func (e *env) srvImages() {
	e.t.Helper()
	tarball := filepath.Join(e.t.TempDir(), "srv.tar")
	writeSrvImageTar(e.t, tarball)
	e.must("import", tarball, "srv:1")
	e.must("import", "-c", "VOLUME /srv", tarball, "srv:vol")
}

// volumePath is where a volume's contents live on the host.
func (e *env) volumePath(name string) string {
	return e.must("volume", "inspect", "-f", "{{.Mountpoint}}", name)
}

func TestNamedVolumeOutlivesContainers(t *testing.T) {
	e := newEnv(t)
	if out := e.must("volume", "create", "--label", "team=a", "data"); out != "data" {
		t.Fatalf("volume create printed %q", out)
	}
	// Creating it again returns the same volume, as docker does.
	e.must("volume", "create", "data")
	e.must("run", "--name", "writer", "-v", "data:/data", "busybox", "sh", "-c", "echo one > /data/f")
	e.must("rm", "writer")
	if out := e.must("run", "--rm", "-v", "data:/data", "busybox", "cat", "/data/f"); out != "one" {
		t.Fatalf("data written by a removed container: %q", out)
	}
	// Two containers at once, one of them read-only.
	e.must("run", "-d", "--name", "reader", "-v", "data:/data:ro", "busybox", "sleep", "1000")
	e.must("run", "--rm", "-v", "data:/data", "busybox", "sh", "-c", "echo two > /data/g")
	if out := e.must("exec", "reader", "cat", "/data/g"); out != "two" {
		t.Fatalf("a second container's write seen by the first: %q", out)
	}
	if r := e.run("", "exec", "reader", "sh", "-c", "echo x > /data/h"); r.code == 0 || !strings.Contains(r.stderr, "Read-only file system") {
		t.Fatalf("write to a read-only volume: %d %q", r.code, r.stderr)
	}
	// In use: rm refuses and names the container; ls marks it not dangling.
	if r := e.run("", "volume", "rm", "data"); r.code != 1 || !strings.Contains(r.stderr, "volume is in use") || !strings.Contains(r.stderr, "reader") {
		t.Fatalf("volume rm of a volume in use: %d %q", r.code, r.stderr)
	}
	if out := e.must("volume", "ls", "-q", "--filter", "dangling=true"); out != "" {
		t.Fatalf("dangling volumes while used: %q", out)
	}
	if out := e.must("volume", "ls", "--filter", "label=team=a", "--format", "{{.Name}} {{.Driver}} {{.Links}}"); out != "data local 1" {
		t.Fatalf("volume ls: %q", out)
	}
	if out := e.must("volume", "inspect", "-f", "{{.Name}} {{.Driver}} {{index .Labels \"team\"}} {{.Containers}}", "data"); out != "data local a [reader]" {
		t.Fatalf("volume inspect: %q", out)
	}
	if out := e.must("ps", "--filter", "volume=data", "--format", "{{.Names}}"); out != "reader" {
		t.Fatalf("ps --filter volume=data: %q", out)
	}
	if !strings.HasPrefix(e.volumePath("data"), e.root) {
		t.Fatalf("volume lives outside the root: %s", e.volumePath("data"))
	}
	if m := e.inspect("reader", `{{range .Mounts}}{{.Type}} {{.Name}} {{.Destination}} {{.RW}}{{end}}`); m != "volume data /data false" {
		t.Fatalf("inspect Mounts: %q", m)
	}
	e.must("rm", "-f", "reader")
	e.must("volume", "rm", "data")
	if r := e.run("", "volume", "inspect", "data"); r.code != 1 || !strings.Contains(r.stderr, "no such volume") {
		t.Fatalf("inspect of a removed volume: %d %q", r.code, r.stderr)
	}
	e.must("volume", "rm", "-f", "data") // -f: missing is fine
	// A volume an --rm container used can be removed as soon as run returns.
	for i := 0; i < 3; i++ {
		e.must("run", "--rm", "-v", "brief:/x", "busybox", "true")
		e.must("volume", "rm", "brief")
	}
	// A run that names a new volume creates it.
	e.must("run", "--rm", "-v", "fresh:/x", "busybox", "true")
	if out := e.must("volume", "ls", "-q"); out != "fresh" {
		t.Fatalf("volume made by run: %q", out)
	}
}

var anonName = regexp.MustCompile(`^[0-9a-f]{64}$`)

func TestAnonymousVolumes(t *testing.T) {
	e := newEnv(t)
	e.srvImages()
	e.must("create", "--name", "a", "-v", "/data", "busybox", "true")
	name := e.inspect("a", "{{range .Mounts}}{{.Name}}{{end}}")
	if !anonName.MatchString(name) {
		t.Fatalf("anonymous volume name %q", name)
	}
	e.must("rm", "a") // plain rm keeps it
	if out := e.must("volume", "ls", "-q"); out != name {
		t.Fatalf("after rm: %q", out)
	}
	e.must("create", "--name", "b", "-v", "/data", "busybox", "true")
	other := e.inspect("b", "{{range .Mounts}}{{.Name}}{{end}}")
	e.must("rm", "-v", "b") // rm -v removes it
	if out := e.must("volume", "ls", "-q"); out != name || other == name {
		t.Fatalf("after rm -v: %q (%s)", out, other)
	}
	// run --rm removes the anonymous volumes too, here the image's VOLUME.
	if out := e.must("run", "--rm", "srv:vol", "/bin/busybox", "cat", "/srv/hello.txt"); out != "from the image" {
		t.Fatalf("image VOLUME copy-up: %q", out)
	}
	// The monitor removes them right after the exit that run reports.
	eventually(t, 5*time.Second, "run --rm to remove its anonymous volume", func() bool {
		return e.must("volume", "ls", "-q") == name
	})
	// prune removes unused anonymous volumes, and named ones only with -a.
	e.must("volume", "create", "named")
	out := e.must("volume", "prune", "-f")
	if !strings.Contains(out, name) || strings.Contains(out, "named") {
		t.Fatalf("volume prune: %q", out)
	}
	e.must("volume", "prune", "-af")
	if out := e.must("volume", "ls", "-q"); out != "" {
		t.Fatalf("after prune -a: %q", out)
	}
}

func TestCopyUp(t *testing.T) {
	e := newEnv(t)
	e.srvImages()
	e.must("run", "--rm", "-v", "web:/srv", "srv:1", "/bin/busybox", "true")
	dir := e.volumePath("web")
	st := statOf(t, filepath.Join(dir, "hello.txt"))
	if st.mode != 0o640 || st.uid != 1000 || st.gid != 1000 {
		t.Fatalf("copied file: %+v", st)
	}
	if st := statOf(t, filepath.Join(dir, "sub/deep.txt")); st.mode != 0o600 || st.uid != 33 {
		t.Fatalf("copied nested file: %+v", st)
	}
	if l, err := os.Readlink(filepath.Join(dir, "link")); err != nil || l != "hello.txt" {
		t.Fatalf("copied symlink: %q %v", l, err)
	}
	// user.* xattrs need a filesystem that stores them (tmpfs only since
	// Linux 6.6; the cgroup v2 VM runs from one): check where they can be.
	if userXattrs(t, dir) {
		if v := xattrOf(t, filepath.Join(dir, "hello.txt"), "user.note"); v != "kept" {
			t.Fatalf("copied xattr: %q", v)
		}
	} else {
		t.Logf("no user.* xattrs on the filesystem of %s: xattr copy not checked", dir)
	}
	// Copy-up happens once: a change made in the volume stays.
	e.must("run", "--rm", "-v", "web:/srv", "srv:1", "/bin/busybox", "sh", "-c", "echo changed > /srv/hello.txt; rm /srv/sub/deep.txt")
	if out := e.must("run", "--rm", "-v", "web:/srv", "srv:1", "/bin/busybox", "sh", "-c", "cat /srv/hello.txt; ls /srv/sub"); out != "changed" {
		t.Fatalf("second mount of a filled volume: %q", out)
	}
	// volume-nocopy leaves it empty; a non-empty volume hides the image's files.
	e.must("run", "--rm", "--mount", "type=volume,src=empty,dst=/srv,volume-nocopy", "srv:1", "/bin/busybox", "true")
	if ents, _ := os.ReadDir(e.volumePath("empty")); len(ents) != 0 {
		t.Fatalf("volume-nocopy volume holds %v", ents)
	}
	e.must("run", "--rm", "-v", "full:/x", "busybox", "sh", "-c", "echo mine > /x/own")
	if out := e.must("run", "--rm", "-v", "full:/srv", "srv:1", "/bin/busybox", "ls", "/srv"); out != "own" {
		t.Fatalf("non-empty volume over an image dir: %q", out)
	}
	// A bind mount hides the image's files without changing them.
	host := t.TempDir()
	os.WriteFile(filepath.Join(host, "mine"), []byte("host\n"), 0o644)
	if out := e.must("run", "--rm", "-v", host+":/srv", "srv:1", "/bin/busybox", "ls", "/srv"); out != "mine" {
		t.Fatalf("bind over image dir: %q", out)
	}
	if out := e.must("run", "--rm", "srv:1", "/bin/busybox", "cat", "/srv/hello.txt"); out != "from the image" {
		t.Fatalf("image after a bind hid it: %q", out)
	}
}

// A monitor killed in the middle of a copy-up leaves the volume empty,
// and the next start fills it completely.
func TestCopyUpKilled(t *testing.T) {
	e := newEnv(t)
	e.srvImages()
	e.must("create", "--name", "c", "-v", "web:/srv", "srv:1", "/bin/busybox", "cat", "/srv/sub/deep.txt")
	cmd := e.command("start", "-a", "c")
	cmd.Env = append(os.Environ(), "BERTH_FAULT=copyup.filled")
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("start with the monitor killed mid copy-up succeeded: %s", out)
	}
	if ents, _ := os.ReadDir(e.volumePath("web")); len(ents) != 0 {
		t.Fatalf("half-filled volume after the kill: %v", ents)
	}
	if out := e.must("start", "-a", "c"); out != "deep" {
		t.Fatalf("start after the kill: %q", out)
	}
	if ents, _ := os.ReadDir(e.volumePath("web")); len(ents) != 3 {
		t.Fatalf("volume after a complete copy-up: %v", ents)
	}
}

func TestBindMounts(t *testing.T) {
	e := newEnv(t)
	host := t.TempDir()
	e.must("run", "--rm", "-v", host+":/mnt", "busybox", "sh", "-c", "echo hi > /mnt/out")
	if b, _ := os.ReadFile(filepath.Join(host, "out")); string(b) != "hi\n" {
		t.Fatalf("write through a bind: %q", b)
	}
	// -v makes a missing host directory; --mount refuses it.
	missing := filepath.Join(host, "made", "here")
	e.must("run", "--rm", "-v", missing+":/m", "busybox", "true")
	if fi, err := os.Stat(missing); err != nil || !fi.IsDir() {
		t.Fatalf("-v did not create %s: %v", missing, err)
	}
	r := e.run("", "run", "--rm", "--mount", "type=bind,src="+filepath.Join(host, "nope")+",dst=/m", "busybox", "true")
	if r.code != 125 || !strings.Contains(r.stderr, "bind source path does not exist") {
		t.Fatalf("--mount of a missing source: %d %q", r.code, r.stderr)
	}
	// Read-only binds refuse writes; a file can be bound too.
	if r := e.run("", "run", "--rm", "-v", host+":/mnt:ro", "busybox", "touch", "/mnt/x"); r.code == 0 || !strings.Contains(r.stderr, "Read-only file system") {
		t.Fatalf("write to a read-only bind: %d %q", r.code, r.stderr)
	}
	if out := e.must("run", "--rm", "--mount", "type=bind,source="+filepath.Join(host, "out")+",target=/etc/greeting,readonly", "busybox", "cat", "/etc/greeting"); out != "hi" {
		t.Fatalf("file bind: %q", out)
	}
	// The user's own /etc/hosts wins over berth's.
	os.WriteFile(filepath.Join(host, "hosts"), []byte("10.9.9.9 mine\n"), 0o644)
	if out := e.must("run", "--rm", "-v", filepath.Join(host, "hosts")+":/etc/hosts", "busybox", "cat", "/etc/hosts"); out != "10.9.9.9 mine" {
		t.Fatalf("user /etc/hosts: %q", out)
	}
}

func TestTmpfsMounts(t *testing.T) {
	e := newEnv(t)
	e.must("run", "-d", "--name", "t", "--tmpfs", "/run/x:size=1m,mode=1770", "--mount", "type=tmpfs,dst=/scratch,tmpfs-size=2m", "busybox", "sleep", "1000")
	mounts := e.must("exec", "t", "cat", "/proc/mounts")
	if !regexp.MustCompile(`tmpfs /run/x tmpfs rw,nosuid,nodev,noexec,\S*size=1024k,mode=1770`).MatchString(mounts) {
		t.Fatalf("--tmpfs mount:\n%s", mounts)
	}
	if !strings.Contains(mounts, "tmpfs /scratch tmpfs") || !strings.Contains(mounts, "size=2048k") {
		t.Fatalf("--mount type=tmpfs:\n%s", mounts)
	}
	e.must("exec", "t", "sh", "-c", "echo gone > /run/x/f")
	e.must("restart", "-t", "0", "t")
	if r := e.run("", "exec", "t", "cat", "/run/x/f"); r.code == 0 {
		t.Fatalf("tmpfs contents survived a restart: %q", r.stdout)
	}
}

func TestVolumesFrom(t *testing.T) {
	e := newEnv(t)
	host := t.TempDir()
	e.must("run", "--name", "src", "-v", "shared:/data", "-v", "/anon", "-v", host+":/host", "busybox", "sh", "-c", "echo s > /data/f; echo a > /anon/f")
	if out := e.must("run", "--rm", "--volumes-from", "src", "busybox", "cat", "/data/f", "/anon/f"); out != "s\na" {
		t.Fatalf("--volumes-from: %q", out)
	}
	if r := e.run("", "run", "--rm", "--volumes-from", "src:ro", "busybox", "touch", "/data/x"); r.code == 0 || !strings.Contains(r.stderr, "Read-only file system") {
		t.Fatalf("--volumes-from :ro: %d %q", r.code, r.stderr)
	}
	// The borrowed anonymous volume stays the source's: rm -v of a
	// borrower keeps it, rm -v of the source removes it.
	anon := e.inspect("src", `{{range .Mounts}}{{if eq .Destination "/anon"}}{{.Name}}{{end}}{{end}}`)
	e.must("create", "--name", "borrower", "--volumes-from", "src", "busybox", "true")
	e.must("rm", "-v", "borrower")
	if out := e.must("volume", "ls", "-q", "--filter", "name="+anon); out != anon {
		t.Fatalf("borrower's rm -v removed the source's volume: %q", out)
	}
	e.must("rm", "-v", "src")
	if out := e.must("volume", "ls", "-q"); out != "shared" {
		t.Fatalf("after rm -v of the source: %q", out)
	}
}

// Bad mount specs: one line, docker's exit code, and neither a container
// nor a volume left.
func TestMountBadInput(t *testing.T) {
	e := newEnv(t)
	for _, args := range [][]string{
		{"-v", "rel/path:/x"},
		{"-v", "vol:relative"},
		{"-v", "vol:/x:bogus"},
		{"-v", "a:/x", "-v", "b:/x"},
		{"-v", "bad$name:/x"},
		{"-v", "vol:/"},
		{"--mount", "type=volume,dst=/x,colour=red"},
		{"--mount", "type=bind,dst=/x"},
		{"--mount", "src=vol"},
		{"--mount", "type=tmpfs,src=x,dst=/x"},
		{"--tmpfs", "relative"},
		{"--tmpfs", "/x:size=banana"},
		{"--volumes-from", "nosuchcontainer"},
		{"--volumes-from", "x:rx"},
		{"-v", "ok:/ok", "--volumes-from", "nosuchcontainer"},
	} {
		r := e.run("", append(append([]string{"run", "--rm"}, args...), "busybox", "true")...)
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if r.code != 125 || len(lines) > 2 || r.stderr == "" {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
		if ps := e.must("ps", "-aq"); ps != "" {
			t.Errorf("%v left a container", args)
		}
		if vs := e.must("volume", "ls", "-q"); vs != "" {
			t.Errorf("%v left volumes %q", args, vs)
		}
	}
	for _, name := range []string{"a", "bad/name", "-dash"} {
		if r := e.run("", "volume", "create", "--", name); r.code != 1 || !strings.Contains(r.stderr, "create "+name) {
			t.Errorf("volume create %q: %d %q", name, r.code, r.stderr)
		}
	}
	if r := e.run("", "volume", "create", "-o", "colour=red", "vv"); r.code != 1 || !strings.Contains(r.stderr, "colour") {
		t.Errorf("volume create with an unknown option: %d %q", r.code, r.stderr)
	}
	if vs := e.must("volume", "ls", "-q"); vs != "" {
		t.Errorf("bad volume creates left %q", vs)
	}
}

// A copy-up that runs out of space fails the start with one clear line
// and leaves the volume empty; once space is back the next start fills it.
func TestCopyUpFullDisk(t *testing.T) {
	dir, err := os.MkdirTemp("", "btfull")
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Mount("tmpfs", dir, "tmpfs", 0, "size=24m"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		unix.Unmount(dir, unix.MNT_DETACH)
		os.RemoveAll(dir)
	})
	e := newEnvAt(t, dir+"/root")
	img := filepath.Join(t.TempDir(), "big.tar")
	writeImageTar(t, img, func(tw *tar.Writer) {
		big := make([]byte, 3<<20)
		tw.WriteHeader(&tar.Header{Name: "srv/big", Mode: 0o644, Size: int64(len(big))})
		tw.Write(big)
	})
	e.must("import", img, "big:1")
	e.must("create", "--name", "c", "-v", "vol:/srv", "big:1", "/bin/busybox", "true")
	// Fill the disk, then give back 1 MB: too little for the 3 MB copy.
	filler := filepath.Join(dir, "filler")
	fill, _ := os.Create(filler)
	chunk := make([]byte, 64<<10)
	for {
		if _, err := fill.Write(chunk); err != nil {
			break
		}
	}
	size, _ := fill.Seek(0, 1)
	fill.Truncate(size - 1<<20)
	fill.Close()
	r := e.run("", "start", "-a", "c")
	if r.code != 125 || !strings.Contains(r.stderr, "no space left on device") || strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
		t.Fatalf("start with a copy-up on a full disk: %d %q", r.code, r.stderr)
	}
	os.Remove(filler)
	if ents, _ := os.ReadDir(e.volumePath("vol")); len(ents) != 0 {
		t.Fatalf("volume after a failed copy-up: %v", ents)
	}
	if ents, _ := os.ReadDir(filepath.Dir(e.volumePath("vol"))); len(ents) != 2 {
		t.Fatalf("volume directory after a failed copy-up: %v", ents)
	}
	e.must("start", "-a", "c")
	if fi, err := os.Stat(filepath.Join(e.volumePath("vol"), "big")); err != nil || fi.Size() != 3<<20 {
		t.Fatalf("copy-up after space came back: %v", err)
	}
}

// A create killed after it made its anonymous volume leaves no container;
// the volume it left is unused, and prune removes it.
func TestKilledCreateLeavesPrunableVolume(t *testing.T) {
	e := newEnv(t)
	cmd := e.command("create", "--name", "victim", "-v", "/data", "busybox", "true")
	cmd.Env = append(os.Environ(), "BERTH_FAULT=create.written")
	if err := cmd.Run(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("fault point not reached: %v", err)
	}
	if ps := e.must("ps", "-aq"); ps != "" {
		t.Fatalf("a killed create left a container: %q", ps)
	}
	if out := e.must("volume", "ls", "-q", "--filter", "dangling=true"); !anonName.MatchString(out) {
		t.Fatalf("dangling volumes after a killed create: %q", out)
	}
	e.must("volume", "prune", "-f")
	if out := e.must("volume", "ls", "-q"); out != "" {
		t.Fatalf("after prune: %q", out)
	}
}
