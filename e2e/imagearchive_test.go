package e2e

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/creack/pty"
)

// archiveOf builds an archive in memory from name/content pairs; a name
// ending in "/" is a directory.
func archiveOf(t *testing.T, files ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for i := 0; i+1 < len(files); i += 2 {
		h := &tar.Header{Name: files[i], Mode: 0o644, Size: int64(len(files[i+1])), Typeflag: tar.TypeReg}
		if strings.HasSuffix(files[i], "/") {
			h = &tar.Header{Name: files[i], Mode: 0o755, Typeflag: tar.TypeDir}
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(files[i+1]))
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// busyboxLayer is a one-layer root filesystem: static busybox as /bin/sh
// plus /etc/motd saying motd.
func busyboxLayer(t *testing.T, motd string) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rootfs.tar")
	writeImageTar(t, path, func(tw *tar.Writer) {
		tw.WriteHeader(&tar.Header{Name: "etc/motd", Mode: 0o644, Size: int64(len(motd))})
		tw.Write([]byte(motd))
	})
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// docker2010Config is an image config the way Docker 20.10 writes one,
// docker-only fields included, for a single layer and a CMD.
func docker2010Config(t *testing.T, layer []byte, cmd []string, labels map[string]string) []byte {
	t.Helper()
	cfg := map[string]any{
		"architecture": runtime.GOARCH,
		"config": map[string]any{
			"Hostname": "", "Domainname": "", "User": "", "AttachStdin": false, "AttachStdout": false,
			"Env": []string{"PATH=/bin"}, "Cmd": cmd, "Image": "", "Volumes": nil, "WorkingDir": "",
			"Entrypoint": nil, "OnBuild": nil, "Labels": labels,
		},
		"container":        "3f4b3b1f9f6c2c3d5e1d8c0a9b7e6f5d4c3b2a1908f7e6d5c4b3a29180f7e6d5",
		"container_config": map[string]any{"Hostname": "3f4b3b1f9f6c", "Cmd": []string{"/bin/sh", "-c", "#(nop) CMD"}},
		"created":          "2021-06-15T20:19:30.8Z",
		"docker_version":   "20.10.7",
		"history": []map[string]any{
			{"created": "2021-06-15T20:19:30.1Z", "created_by": "/bin/sh -c #(nop) ADD file:0123456789abcdef0123456789abcdef in / "},
			{"created": "2021-06-15T20:19:30.8Z", "created_by": "/bin/sh -c #(nop)  CMD [\"sh\"]", "empty_layer": true},
		},
		"os":     "linux",
		"rootfs": map[string]any{"type": "layers", "diff_ids": []string{"sha256:" + sha256Hex(layer)}},
	}
	raw, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// dockerSaveTar writes the tarball `docker save` of Docker 20.10 makes for
// a one-layer image: <v1 id>/{VERSION,json,layer.tar}, <config hex>.json,
// manifest.json and repositories, in docker's (sorted) order.
func dockerSaveTar(t *testing.T, path string, config, layer []byte, repo, tag string) {
	t.Helper()
	cfgHex := sha256Hex(config)
	v1 := sha256Hex([]byte("v1 " + cfgHex))
	v1JSON := fmt.Sprintf(`{"id":%q,"created":"2021-06-15T20:19:30.8Z","container_config":{"Cmd":null},"os":"linux"}`, v1)
	manifest := fmt.Sprintf(`[{"Config":"%s.json","RepoTags":["%s:%s"],"Layers":["%s/layer.tar"]}]`, cfgHex, repo, tag, v1)
	repos := fmt.Sprintf(`{%q:{%q:%q}}`, repo, tag, v1)
	files := []string{
		cfgHex + ".json", string(config),
		v1 + "/", "",
		v1 + "/VERSION", "1.0",
		v1 + "/json", v1JSON,
		v1 + "/layer.tar", string(layer),
		"manifest.json", manifest,
		"repositories", repos,
	}
	if cfgHex > v1 { // docker's walk is sorted
		files = slices.Concat(files[2:10], files[:2], files[10:])
	}
	if err := os.WriteFile(path, archiveOf(t, files...), 0o644); err != nil {
		t.Fatal(err)
	}
}

// ociLayoutTar writes an OCI image layout tarball (as skopeo copy
// oci-archive: does) with one gzipped layer, named by ref.name.
func ociLayoutTar(t *testing.T, path string, config, layer []byte, refName string) {
	t.Helper()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(layer)
	zw.Close()
	manifest := fmt.Sprintf(`{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",`+
		`"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%d},`+
		`"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%d}]}`,
		sha256Hex(config), len(config), sha256Hex(gz.Bytes()), gz.Len())
	index := fmt.Sprintf(`{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json",`+
		`"digest":"sha256:%s","size":%d,"annotations":{"org.opencontainers.image.ref.name":%q}}]}`,
		sha256Hex([]byte(manifest)), len(manifest), refName)
	data := archiveOf(t,
		"blobs/", "", "blobs/sha256/", "",
		"blobs/sha256/"+sha256Hex(config), string(config),
		"blobs/sha256/"+sha256Hex(gz.Bytes()), gz.String(),
		"blobs/sha256/"+sha256Hex([]byte(manifest)), manifest,
		"index.json", index,
		"oci-layout", `{"imageLayoutVersion":"1.0.0"}`)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// importMini imports a busybox rootfs whose CMD prints motd, as ref.
func importMini(e *env, ref, motd string) string {
	e.t.Helper()
	path := filepath.Join(e.t.TempDir(), "rootfs.tar")
	os.WriteFile(path, busyboxLayer(e.t, motd), 0o644)
	args := []string{"import", "-c", `CMD ["/bin/busybox", "cat", "/etc/motd"]`, path}
	if ref != "" {
		args = append(args, ref)
	}
	return e.must(args...)
}

// failsCleanly checks a command failed with exit 1 and one line of error.
func failsCleanly(t *testing.T, r result, want string) {
	t.Helper()
	if r.code != 1 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, want) {
		t.Fatalf("exit %d, stderr %q; want exit 1 and one line with %q", r.code, r.stderr, want)
	}
}

func TestSaveRmiLoadRun(t *testing.T) {
	e := newEnv(t)
	id := importMini(e, "mini:1", "saved")
	e.must("tag", "mini:1", "mini:alias")
	archive := filepath.Join(t.TempDir(), "mini.tar")
	e.must("save", "-o", archive, "mini:1", "mini:alias")
	e.must("rmi", "mini:1", "mini:alias")
	if out := e.must("images", "-q", "mini"); out != "" {
		t.Fatalf("images left after rmi: %q", out)
	}
	if out := e.must("load", "-i", archive); out != "Loaded image: mini:1\nLoaded image: mini:alias" {
		t.Fatalf("load printed %q", out)
	}
	if got := e.must("image", "inspect", "-f", "{{.Id}} {{.RepoTags}}", "mini:1"); got != id+" [mini:1 mini:alias]" {
		t.Fatalf("after load: %s, saved %s", got, id)
	}
	if out := e.must("run", "--rm", "mini:alias"); out != "saved" {
		t.Fatalf("run of loaded image: %q", out)
	}

	// Through a pipe: save to stdout, load from stdin (docker save | docker load).
	saved := e.run("", "image", "save", "mini:1")
	if saved.code != 0 || !strings.Contains(saved.stdout, "manifest.json") {
		t.Fatalf("save to stdout: exit %d %s", saved.code, saved.stderr)
	}
	e.must("image", "rm", "mini:1", "mini:alias")
	if r := e.run(saved.stdout, "image", "load", "-q"); r.code != 0 || r.stdout != "Loaded image: mini:1\n" {
		t.Fatalf("load from stdin: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if out := e.must("run", "--rm", "mini:1"); out != "saved" {
		t.Fatalf("run after piped load: %q", out)
	}

	// By ID: the archive has no tags and load reports the ID.
	e.must("save", "-o", archive, id[7:19])
	e.must("rmi", "mini:1")
	if out := e.must("load", "-i", archive); out != "Loaded image ID: "+id {
		t.Fatalf("load of an untagged save printed %q", out)
	}

	failsCleanly(t, e.run("", "save", "nosuch:1"), "No such image: nosuch:1")
	failsCleanly(t, e.run("", "save", "-o", "/nonexistent/dir/x.tar", id), `invalid output path: directory "/nonexistent/dir" does not exist`)
	failsCleanly(t, e.run("", "load", "-i", "/nonexistent.tar"), "no such file or directory")
}

func TestSaveRefusesTerminal(t *testing.T) {
	e := newEnv(t)
	cmd := e.command("save", "busybox")
	term, err := pty.Start(cmd)
	if err != nil {
		t.Fatal(err)
	}
	defer term.Close()
	out, _ := io.ReadAll(term) // ends with EIO once berth exits
	err = cmd.Wait()
	if ee, ok := err.(interface{ ExitCode() int }); !ok || ee.ExitCode() != 1 ||
		!strings.Contains(string(out), "cowardly refusing to save to a terminal. Use the -o flag or redirect") {
		t.Fatalf("save to a terminal: %v %q", err, out)
	}
}

// A tarball built byte for byte as Docker 20.10's `docker save` writes it
// loads with docker's image ID (the digest of its config) and runs.
func TestLoadDockerClassicTarball(t *testing.T) {
	e := newEnv(t)
	layer := busyboxLayer(t, "classic")
	config := docker2010Config(t, layer, []string{"/bin/busybox", "cat", "/etc/motd"}, map[string]string{"org.example.team": "berth"})
	archive := filepath.Join(t.TempDir(), "classic.tar")
	dockerSaveTar(t, archive, config, layer, "classic", "20.10")
	if out := e.must("load", "-i", archive); out != "Loaded image: classic:20.10" {
		t.Fatalf("load printed %q", out)
	}
	if id := e.must("image", "inspect", "-f", "{{.Id}}", "classic:20.10"); id != "sha256:"+sha256Hex(config) {
		t.Fatalf("image ID %s, docker's is sha256:%s", id, sha256Hex(config))
	}
	if out := e.must("run", "--rm", "classic:20.10"); out != "classic" {
		t.Fatalf("run: %q", out)
	}
	if l := e.must("image", "inspect", "-f", `{{index .Config.Labels "org.example.team"}}`, "classic:20.10"); l != "berth" {
		t.Fatalf("label: %q", l)
	}
}

func TestLoadOCILayout(t *testing.T) {
	e := newEnv(t)
	layer := busyboxLayer(t, "oci")
	config := docker2010Config(t, layer, []string{"/bin/busybox", "cat", "/etc/motd"}, nil)
	archive := filepath.Join(t.TempDir(), "oci.tar")
	ociLayoutTar(t, archive, config, layer, "example.com/oci/app:1")
	if out := e.must("load", "-i", archive); out != "Loaded image: example.com/oci/app:1" {
		t.Fatalf("load printed %q", out)
	}
	if out := e.must("run", "--rm", "example.com/oci/app:1"); out != "oci" {
		t.Fatalf("run: %q", out)
	}
}

// A bad archive fails with one message, exit 1, and leaves no image and
// no staging files behind.
func TestLoadCorruptArchives(t *testing.T) {
	e := newEnv(t)
	dir := t.TempDir()
	layer := busyboxLayer(t, "x")
	good := filepath.Join(dir, "good.tar")
	dockerSaveTar(t, good, docker2010Config(t, layer, nil, nil), layer, "bad", "1")
	data, _ := os.ReadFile(good)
	os.WriteFile(filepath.Join(dir, "truncated.tar"), data[:len(data)/2], 0o644)
	dockerSaveTar(t, filepath.Join(dir, "diffid.tar"), docker2010Config(t, []byte("other"), nil, nil), layer, "bad", "1")
	escape := archiveOf(t, "../../escaped", "x")
	dockerSaveTar(t, filepath.Join(dir, "escape.tar"), docker2010Config(t, escape, nil, nil), escape, "bad", "1")
	for file, want := range map[string]string{
		"truncated.tar": "unexpected EOF",
		"diffid.tar":    "invalid diffID for layer 0",
		"escape.tar":    "path escapes the layer",
	} {
		failsCleanly(t, e.run("", "load", "-i", filepath.Join(dir, file)), want)
	}
	if out := e.must("images", "-q", "--filter", "reference=bad"); out != "" {
		t.Fatalf("images after failed loads: %q", out)
	}
	if left, _ := os.ReadDir(filepath.Join(e.root, "images", "tmp")); len(left) != 0 {
		t.Fatalf("staging left in the store: %v", left)
	}
}

func TestHistoryOutput(t *testing.T) {
	e := newEnv(t)
	layer := busyboxLayer(t, "h")
	config := docker2010Config(t, layer, nil, nil)
	archive := filepath.Join(t.TempDir(), "h.tar")
	dockerSaveTar(t, archive, config, layer, "hist", "1")
	e.must("load", "-i", archive)
	lines := strings.Split(e.must("history", "hist:1"), "\n")
	if len(lines) != 3 || strings.Join(strings.Fields(lines[0]), " ") != "IMAGE CREATED CREATED BY SIZE COMMENT" {
		t.Fatalf("history:\n%s", strings.Join(lines, "\n"))
	}
	// Newest first: the CMD (no layer, 0B) carries the image ID; the ADD
	// below it is <missing>, truncated to 45 columns, with its layer's size.
	add := "/bin/sh -c #(nop) ADD file:0123456789abcdef0123456789abcdef in / "
	top, below := strings.Fields(lines[1]), strings.Fields(lines[2])
	if top[0] != sha256Hex(config)[:12] || !strings.Contains(lines[1], `/bin/sh -c #(nop)  CMD ["sh"]`) || top[len(top)-1] != "0B" {
		t.Errorf("top entry: %q", lines[1])
	}
	if below[0] != "<missing>" || !strings.Contains(lines[2], string([]rune(add)[:44])+"…") || !strings.HasSuffix(below[len(below)-1], "MB") {
		t.Errorf("layer entry: %q", lines[2])
	}
	full := e.must("history", "--no-trunc", "--format", "{{.ID}}|{{.CreatedBy}}|{{.CreatedAt}}", "-H=false", "hist:1")
	want := "sha256:" + sha256Hex(config) + `|/bin/sh -c #(nop)  CMD ["sh"]|2021-06-15T20:19:30Z` + "\n" +
		"<missing>|" + add + "|2021-06-15T20:19:30Z"
	if full != want {
		t.Errorf("history --no-trunc --format:\n%s\nwant\n%s", full, want)
	}
	if q := e.must("image", "history", "-q", "hist:1"); q != sha256Hex(config)[:12]+"\n<missing>" {
		t.Errorf("history -q: %q", q)
	}
	if size := e.must("history", "-H=false", "--format", "{{.Size}}", "hist:1"); !strings.HasPrefix(size, "0\n") || size == "0\n0" {
		t.Errorf("history sizes in bytes: %q", size)
	}
	failsCleanly(t, e.run("", "history", "nosuch"), "Error response from daemon: No such image: nosuch:latest")
}

func TestTagAndImagesFormat(t *testing.T) {
	e := newEnv(t)
	id := importMini(e, "fmt:1", "f")
	e.must("tag", "fmt:1", "localhost:5000/team/fmt:2")
	out := e.must("images", "--format", "{{.Repository}}|{{.Tag}}|{{.ID}}|{{.Size}}", "--filter", "reference=*fmt*")
	want := "fmt|1|" + id[7:19] + "|"
	if lines := strings.Split(out, "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], want) {
		t.Fatalf("images --format with reference=*fmt*: %q", out) // the glob does not cross "/"
	}
	out = e.must("images", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}", "localhost:5000/team/fmt")
	if out != "localhost:5000/team/fmt:2 "+id {
		t.Fatalf("images REPOSITORY: %q", out)
	}
	// --digests adds a DIGEST column that names the image for run.
	out = e.must("images", "--digests", "fmt")
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(lines[0], "REPOSITORY   TAG       DIGEST") || len(lines) != 2 {
		t.Fatalf("images --digests:\n%s", out)
	}
	digest := strings.Fields(lines[1])[2]
	if !strings.HasPrefix(digest, "sha256:") {
		t.Fatalf("digest column: %q", lines[1])
	}
	if out := e.must("run", "--rm", "fmt@"+digest); out != "f" {
		t.Fatalf("run by the shown digest: %q", out)
	}
	// -q lists the ID once per row, as docker does.
	if out := e.must("images", "-q", "--filter", "reference=*/*/fmt", "--filter", "reference=fmt"); out != id[7:19]+"\n"+id[7:19] {
		t.Fatalf("images -q: %q", out)
	}
	r := e.run("", "tag", "nosuch", "x:1")
	failsCleanly(t, r, "No such image: nosuch:latest")
}

func TestImagesFilter(t *testing.T) {
	e := newEnv(t)
	importMini(e, "old:1", "o")
	dangling := importMini(e, "", "d")
	layer := busyboxLayer(t, "l")
	archive := filepath.Join(t.TempDir(), "l.tar")
	dockerSaveTar(t, archive, docker2010Config(t, layer, nil, map[string]string{"tier": "web"}), layer, "labelled", "1")
	e.must("load", "-i", archive)
	list := func(args ...string) string {
		return e.must(append([]string{"images", "--format", "{{.Repository}}:{{.Tag}}"}, args...)...)
	}
	if got := list("--filter", "dangling=true"); got != "<none>:<none>" {
		t.Errorf("dangling=true: %q", got)
	}
	if got := e.must("images", "-q", "--no-trunc", "-f", "dangling=true"); got != dangling {
		t.Errorf("dangling=true -q: %q, want %s", got, dangling)
	}
	if got := list("--filter", "dangling=false", "--filter", "reference=old"); got != "old:1" {
		t.Errorf("dangling=false: %q", got)
	}
	if got := list("--filter", "label=tier=web"); got != "labelled:1" {
		t.Errorf("label=tier=web: %q", got)
	}
	if got := list("--filter", "label=tier=db"); got != "" {
		t.Errorf("label=tier=db: %q", got)
	}
	// labelled was created in 2021: before every import.
	if got := list("--filter", "before=old:1"); got != "labelled:1" {
		t.Errorf("before=old:1: %q", got)
	}
	if got := list("--filter", "since=labelled:1", "--filter", "dangling=false"); got != "old:1" {
		t.Errorf("since=labelled:1: %q", got)
	}
	failsCleanly(t, e.run("", "images", "--filter", "color=red"), "Error response from daemon: invalid filter 'color'")
	failsCleanly(t, e.run("", "images", "--filter", "dangling=maybe"), "invalid filter 'dangling=[maybe]'")
	failsCleanly(t, e.run("", "images", "--filter", "before=nosuch"), "No such image: nosuch:latest")
}

func TestImagePrune(t *testing.T) {
	e := newEnv(t)
	importMini(e, "keep:1", "k")
	dangling := importMini(e, "", "d")
	used := importMini(e, "", "u")
	e.must("create", "--name", "user", used)
	out := e.must("image", "prune", "-f")
	if !strings.HasPrefix(out, "Deleted Images:\ndeleted: "+dangling+"\ndeleted: sha256:") ||
		!strings.Contains(out, "\n\nTotal reclaimed space: ") || strings.Contains(out, used) {
		t.Fatalf("image prune:\n%s", out)
	}
	if out := e.must("image", "prune", "-f"); out != "Total reclaimed space: 0B" {
		t.Fatalf("second prune: %q", out)
	}
	// -a takes tagged images too, but none a container uses.
	out = e.must("image", "prune", "-a", "-f")
	if !strings.Contains(out, "untagged: keep:1\n") || strings.Contains(out, used) {
		t.Fatalf("image prune -a:\n%s", out)
	}
	if ids := e.must("images", "-q", "--no-trunc"); ids != used {
		t.Fatalf("left after prune -a: %q", ids)
	}
	e.must("rm", "user")
	if r := e.run("n\n", "image", "prune", "-a"); r.code != 0 || !strings.Contains(r.stdout, "WARNING! This will remove all images without at least one container associated to them.") {
		t.Fatalf("prune without -f: %d %q", r.code, r.stdout)
	}
	if ids := e.must("images", "-q"); ids == "" {
		t.Fatal("prune answered no removed images")
	}
	failsCleanly(t, e.run("", "image", "prune", "-f", "--filter", "reference=x"), "invalid filter 'reference'")
}
