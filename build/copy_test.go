package build

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// COPY follows docker's rules, checked in the layer each step wrote.
func TestCopyRules(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	dir := buildContext(t, `FROM base
COPY f.txt /into/
COPY f.txt /newname
COPY f.txt /etc
COPY dir /dst
COPY *.txt /multi/
COPY --chown=app:staff f.txt /owned
COPY --chown=svc f.txt /svc
COPY --chown=123:456 dir /numeric/
COPY --chmod=600 exe /exe600
COPY f.txt /tmp/f
COPY f.txt /var/run/f
WORKDIR /app
COPY f.txt .
COPY link-to-f exe /lnk/
`, map[string]string{"f.txt": "F", "a.txt": "A", "b.txt": "B", "dir/x": "X", "dir/sub/y": "Y", "exe": "#!"})
	mtime := time.Date(2020, 2, 3, 4, 5, 6, 7, time.UTC)
	if err := os.Chtimes(filepath.Join(dir, "f.txt"), mtime, mtime); err != nil {
		t.Fatal(err)
	}
	os.Chmod(filepath.Join(dir, "exe"), 0o755)
	os.Symlink("x", filepath.Join(dir, "dir/link"))
	os.Symlink("f.txt", filepath.Join(dir, "link-to-f"))

	img := mustBuild(t, s, newBackend(s), dir, Options{})
	layer := func(i int) string { return img.Layers[i] } // 0 is the base
	has := func(i int, p string) bool {
		_, err := os.Lstat(filepath.Join(layer(i), p))
		return err == nil
	}
	type want struct {
		layer      int
		path       string
		mode       uint32 // permission bits incl. sticky
		uid, gid   uint32
		typ        uint32
		contentOrL string // file content or symlink target
	}
	for _, w := range []want{
		{1, "into", 0o755, 0, 0, syscall.S_IFDIR, ""}, // a new directory
		{1, "into/f.txt", 0o644, 0, 0, syscall.S_IFREG, "F"},
		{2, "newname", 0o644, 0, 0, syscall.S_IFREG, "F"},
		{3, "etc", 0o755, 0, 0, syscall.S_IFDIR, ""}, // existing dir: copied into
		{3, "etc/f.txt", 0o644, 0, 0, syscall.S_IFREG, "F"},
		{4, "dst/x", 0o644, 0, 0, syscall.S_IFREG, "X"}, // a directory's contents
		{4, "dst/sub/y", 0o644, 0, 0, syscall.S_IFREG, "Y"},
		{4, "dst/link", 0o777, 0, 0, syscall.S_IFLNK, "x"},
		{5, "multi/a.txt", 0o644, 0, 0, syscall.S_IFREG, "A"},
		{5, "multi/b.txt", 0o644, 0, 0, syscall.S_IFREG, "B"},
		{5, "multi/f.txt", 0o644, 0, 0, syscall.S_IFREG, "F"},
		{6, "owned", 0o644, 1000, 50, syscall.S_IFREG, "F"},
		{7, "svc", 0o644, 1001, 50, syscall.S_IFREG, "F"}, // no group "svc": primary group
		{8, "numeric", 0o755, 123, 456, syscall.S_IFDIR, ""},
		{8, "numeric/sub/y", 0o644, 123, 456, syscall.S_IFREG, "Y"},
		{9, "exe600", 0o600, 0, 0, syscall.S_IFREG, "#!"},
		{10, "tmp", 0o1777, 0, 0, syscall.S_IFDIR, ""},   // the image's metadata, not a new dir's
		{11, "run/f", 0o644, 0, 0, syscall.S_IFREG, "F"}, // through /var/run -> /run
		{13, "app/f.txt", 0o644, 0, 0, syscall.S_IFREG, "F"},
		{14, "lnk/link-to-f", 0o644, 0, 0, syscall.S_IFREG, "F"}, // a source symlink is followed
		{14, "lnk/exe", 0o755, 0, 0, syscall.S_IFREG, "#!"},
	} {
		st := statIn(t, layer(w.layer), w.path)
		if st.Mode&syscall.S_IFMT != w.typ || st.Mode&0o7777 != w.mode || st.Uid != w.uid || st.Gid != w.gid {
			t.Errorf("layer %d %s: mode %o owner %d:%d, want type %o mode %o owner %d:%d", w.layer, w.path, st.Mode, st.Uid, st.Gid, w.typ, w.mode, w.uid, w.gid)
		}
		full := filepath.Join(layer(w.layer), w.path)
		switch w.typ {
		case syscall.S_IFREG:
			if data, _ := os.ReadFile(full); string(data) != w.contentOrL {
				t.Errorf("layer %d %s = %q, want %q", w.layer, w.path, data, w.contentOrL)
			}
		case syscall.S_IFLNK:
			if target, _ := os.Readlink(full); target != w.contentOrL {
				t.Errorf("layer %d %s -> %q, want %q", w.layer, w.path, target, w.contentOrL)
			}
		}
	}
	if st := statIn(t, layer(2), "newname"); st.Mtim.Sec != mtime.Unix() || st.Mtim.Nsec != 7 {
		t.Errorf("mtime not kept: %v", st.Mtim)
	}
	if st := statIn(t, layer(10), "tmp"); st.Mtim.Sec != testTime.Unix() {
		t.Errorf("/tmp in the layer has mtime %v, want the image's", st.Mtim)
	}
	for _, p := range []struct {
		layer int
		path  string
	}{{4, "dst/dir"}, {11, "var"}, {1, "f.txt"}} {
		if has(p.layer, p.path) {
			t.Errorf("layer %d has %s", p.layer, p.path)
		}
	}
}

func TestCopyErrors(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	files := map[string]string{"a.txt": "A", "b.txt": "B"}
	for _, tc := range []struct{ line, want string }{
		{"COPY missing /x", "COPY failed: file not found in build context or excluded by .dockerignore: stat missing: file does not exist"},
		{"COPY a.txt b.txt /nodir", "COPY failed: When using COPY with more than one source file, the destination must be a directory and end with a /"},
		{"COPY *.txt /nodir", "COPY failed: When using COPY with more than one source file, the destination must be a directory and end with a /"},
		{"COPY nomatch* /x/", "COPY failed: no source files were specified"},
		{"COPY ../outside /x", "COPY failed: forbidden path outside the build context: ../outside ()"},
		{"COPY --chmod=u+x a.txt /x", "COPY failed: invalid --chmod=u+x: must be an octal mode"},
		{"COPY --from=base /nope /x", "COPY failed: file not found in image base: stat nope: file does not exist"},
		{"ADD <<EOF /x\nhi\nEOF", "ADD with a heredoc source is not supported by berth build"},
	} {
		before, _ := s.List()
		_, _, err := run(t, s, newBackend(s), buildContext(t, "FROM base\n"+tc.line+"\n", files), Options{})
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: got %v, want %q", tc.line, err, tc.want)
		}
		if after, _ := s.List(); len(after) != len(before) {
			t.Errorf("%s: left %d images", tc.line, len(after)-len(before))
		}
		tmpEmpty(t, s)
	}
}

func TestDockerignore(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	dir := buildContext(t, "FROM base\nCOPY . /ctx\n", map[string]string{
		".dockerignore":   "# comment\n*.log\nsecret\n!secret/keep.txt\n**/cache\n",
		"a.log":           "log",
		"keep.txt":        "k",
		"secret/key":      "s",
		"secret/keep.txt": "kept",
		"sub/cache/c":     "c",
		"sub/ok":          "ok",
		"deep/er/cache/z": "z",
	})
	img := mustBuild(t, s, newBackend(s), dir, Options{})
	for p, want := range map[string]bool{
		"/ctx/keep.txt": true, "/ctx/a.log": false, "/ctx/secret/key": false, "/ctx/secret/keep.txt": true,
		"/ctx/sub/cache": false, "/ctx/sub/ok": true, "/ctx/deep/er/cache": false, "/ctx/deep/er": true,
		"/ctx/Dockerfile": true, "/ctx/.dockerignore": true,
	} {
		if exists(img, p) != want {
			t.Errorf("%s exists = %v, want %v", p, !want, want)
		}
	}
	// An excluded file is as absent as a missing one.
	os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte("FROM base\nCOPY a.log /x\n"), 0o644)
	_, _, err := run(t, s, newBackend(s), dir, Options{})
	if want := "COPY failed: file not found in build context or excluded by .dockerignore: stat a.log: file does not exist"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
	// Wildcards do not match excluded files either.
	os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte("FROM base\nCOPY *.log *.txt /w/\n"), 0o644)
	img = mustBuild(t, s, newBackend(s), dir, Options{})
	if exists(img, "/w/a.log") || !exists(img, "/w/keep.txt") {
		t.Error("wildcard saw an excluded file")
	}
}

func TestMultiStageCopyFrom(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	be := newBackend(s)
	dir := buildContext(t, `FROM base AS builder
RUN write /out/app binary && mkdir /out/lib
FROM builder AS second
RUN touch /second
FROM scratch
COPY --from=builder /out /out
COPY --from=0 /etc/passwd /passwd
COPY --from=base /etc/group /group
COPY --from=second /second /second
`, nil)
	img := mustBuild(t, s, be, dir, Options{})
	if len(img.Layers) != 4 {
		t.Errorf("%d layers, want the 4 COPYs on scratch", len(img.Layers))
	}
	if got := readFile(t, img, "/out/app"); got != "binary" {
		t.Errorf("/out/app = %q", got)
	}
	if !exists(img, "/out/lib") || !exists(img, "/second") || exists(img, "/bin/sh") {
		t.Error("wrong files in the final stage")
	}
	if !strings.HasPrefix(readFile(t, img, "/passwd"), "root:") || !strings.HasPrefix(readFile(t, img, "/group"), "root:") {
		t.Error("COPY --from by index or image failed")
	}
	if got := img.Config.Config.Env; len(got) != 1 || got[0] != "PATH="+defaultPath {
		t.Errorf("scratch stage Env = %q, want the default PATH", got)
	}
	if n := be.runs.Load(); n != 2 {
		t.Errorf("%d runs, want 2", n)
	}
}

func TestTargetStopsThere(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	be := newBackend(s)
	dir := buildContext(t, "FROM base AS one\nRUN touch /one\nFROM one AS two\nRUN touch /two\n", nil)
	img, out, err := run(t, s, be, dir, Options{Target: "ONE", Tags: []string{"t"}})
	if err != nil {
		t.Fatal(err)
	}
	if !exists(img, "/one") || exists(img, "/two") || be.runs.Load() != 1 || !strings.Contains(out, "Step 2/2 : RUN touch /one") {
		t.Errorf("target not respected:\n%s", out)
	}
}

// Symlinks in the context resolve inside it, as if it were "/": a link
// cannot make COPY read the host's files.
func TestContextSymlinksStayInside(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	dir := buildContext(t, "FROM base\n", map[string]string{"etc/passwd": "context's own"})
	os.Symlink("/etc/passwd", filepath.Join(dir, "abs"))
	os.Symlink("../../../../../../etc", filepath.Join(dir, "up"))
	for _, line := range []string{"COPY abs /x", "COPY up/passwd /x", "COPY up/pass* /x"} {
		os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte("FROM base\n"+line+"\n"), 0o644)
		img := mustBuild(t, s, newBackend(s), dir, Options{})
		if got := readFile(t, img, "/x"); got != "context's own" {
			t.Errorf("%s copied %q", line, got)
		}
	}
}
