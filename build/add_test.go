package build

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func gzipBytes(t *testing.T, data []byte) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// compressWith compresses data with a command-line tool, or skips.
func compressWith(t *testing.T, tool string, data []byte) []byte {
	if _, err := exec.LookPath(tool); err != nil {
		t.Skipf("%s not installed", tool)
	}
	cmd := exec.Command(tool, "-c")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// ADD extracts local tar archives, whatever their name, into the
// destination directory, keeping the owners they record; anything else
// is copied as COPY would.
func TestAddArchives(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	app := makeTar(t, tarEntry{name: "app/"}, tarEntry{name: "app/bin/run", body: "run", mode: 0o755}, tarEntry{name: "./app/README", body: "readme"})
	// Owner 7 on one entry, to see archive owners survive.
	var owned bytes.Buffer
	tw := tar.NewWriter(&owned)
	tw.WriteHeader(&tar.Header{Name: "o", Typeflag: tar.TypeReg, Mode: 0o640, Uid: 7, Gid: 8, Size: 1, ModTime: testTime})
	tw.Write([]byte("o"))
	tw.Close()
	dir := buildContext(t, `FROM base
ADD app.tar.gz /opt/
ADD plain.tar /
ADD archive-without-suffix /x
ADD notatar.gz /n/
ADD readme.txt /r.txt
ADD --chown=app owned.tar /owned
`, map[string]string{
		"app.tar.gz":             string(gzipBytes(t, app)),
		"plain.tar":              string(makeTar(t, tarEntry{name: "p/y", body: "y"})),
		"archive-without-suffix": string(makeTar(t, tarEntry{name: "z", body: "z"})),
		"notatar.gz":             string(gzipBytes(t, []byte("just text"))),
		"readme.txt":             "text",
		"owned.tar":              owned.String(),
	})
	img := mustBuild(t, s, newBackend(s), dir, Options{})
	for p, want := range map[string]string{
		"/opt/app/bin/run": "run", "/opt/app/README": "readme", "/p/y": "y", "/x/z": "z", "/r.txt": "text", "/owned/o": "o",
	} {
		if got := readFile(t, img, p); got != want {
			t.Errorf("%s = %q, want %q", p, got, want)
		}
	}
	if got := readFile(t, img, "/n/notatar.gz"); got != string(gzipBytes(t, []byte("just text"))) {
		t.Error("a gzip file that is not a tar was not copied as is")
	}
	if st := statIn(t, img.Layers[1], "opt/app/bin/run"); st.Mode&0o7777 != 0o755 {
		t.Errorf("extracted mode %o", st.Mode)
	}
	if st := statIn(t, topLayer(img), "owned/o"); st.Uid != 7 || st.Gid != 8 || st.Mode&0o777 != 0o640 {
		t.Errorf("archive entry owner %d:%d mode %o, want 7:8 640", st.Uid, st.Gid, st.Mode)
	}
	if st := statIn(t, topLayer(img), "owned"); st.Uid != 1000 {
		t.Errorf("directory created for --chown=app owned by %d", st.Uid)
	}
}

func TestAddCompressedWithTools(t *testing.T) {
	data := makeTar(t, tarEntry{name: "d/x", body: "x"})
	for _, tool := range []string{"bzip2", "xz"} {
		t.Run(tool, func(t *testing.T) {
			s := newStore(t)
			baseImage(t, s)
			dir := buildContext(t, "FROM base\nADD data.tar.any /data\n", map[string]string{"data.tar.any": string(compressWith(t, tool, data))})
			img := mustBuild(t, s, newBackend(s), dir, Options{})
			if got := readFile(t, img, "/data/d/x"); got != "x" {
				t.Errorf("/data/d/x = %q", got)
			}
		})
	}
}

// An archive that climbs out of the destination fails the build while
// its layer is being written, and leaves nothing behind.
func TestAddArchiveBreakout(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	before, _ := s.List()
	evil := makeTar(t, tarEntry{name: "ok", body: "ok"}, tarEntry{name: "../../etc/evil", body: "x"})
	dir := buildContext(t, "FROM base\nADD evil.tar /x/\n", map[string]string{"evil.tar": string(evil)})
	_, _, err := run(t, s, newBackend(s), dir, Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "ADD failed: extracting evil.tar: entry \"../../etc/evil\": path escapes") {
		t.Errorf("got %v", err)
	}
	if after, _ := s.List(); len(after) != len(before) {
		t.Error("a failed ADD left an image")
	}
	tmpEmpty(t, s)
	if _, err := os.Stat(filepath.Join(s.Root(), "..", "etc")); err == nil {
		t.Error("archive wrote outside")
	}
}
