package build

import (
	"reflect"
	"strings"
	"testing"
)

// The builder reads images from their layer directories the way overlayfs
// would merge them: whiteouts and opaque directories hide what is below,
// and symlinks resolve inside the image.
func TestImageFSMergesLayers(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	be := newBackend(s)
	dir := buildContext(t, `FROM base AS tree
RUN rm /etc/group && write /etc/extra x
RUN opaque /var && write /var/new n
RUN link /loop /loop && link /abs /etc && link /rel ../../etc/extra
FROM scratch
COPY --from=tree /etc /etc
COPY --from=tree /var /var
COPY --from=tree /abs/passwd /rel /linked/
`, nil)
	img := mustBuild(t, s, be, dir, Options{})
	fsys := newImageFS("test", img.Layers)
	names := func(p string) []string {
		n, err := fsys.readDir(p)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if got, want := names("etc"), []string{"extra", "passwd"}; !reflect.DeepEqual(got, want) {
		t.Errorf("/etc = %v, want %v (group whited out)", got, want)
	}
	if got, want := names("var"), []string{"new"}; !reflect.DeepEqual(got, want) {
		t.Errorf("/var = %v, want %v (opaque)", got, want)
	}
	if got := readFile(t, img, "/linked/passwd"); !strings.HasPrefix(got, "root:") {
		t.Errorf("/linked/passwd = %q", got)
	}
	if got := readFile(t, img, "/linked/rel"); got != "x" {
		t.Errorf("a relative link climbing past / resolved to %q", got)
	}

	// --chown names need the files the layers still show.
	mustBuild(t, s, be, dir, Options{Target: "tree", Tags: []string{"tree"}})
	dir = buildContext(t, "FROM tree\nCOPY --chown=app:staff f /f\n", map[string]string{"f": "f"})
	_, _, err := run(t, s, be, dir, Options{})
	if err == nil || !strings.Contains(err.Error(), "no /etc/group in the image") {
		t.Errorf("chown with a whited-out /etc/group: %v", err)
	}
	dir = buildContext(t, "FROM tree\nCOPY --from=tree /loop /x\n", nil)
	if _, _, err = run(t, s, be, dir, Options{}); err == nil || !strings.Contains(err.Error(), "too many levels of symbolic links") {
		t.Errorf("symlink loop: %v", err)
	}
}
