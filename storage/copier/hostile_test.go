package copier

import (
	"archive/tar"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"testing"
)

const ctrHostname = "container-hostname"

// hostileRoot plants symlinks that lead out of the container if followed
// on the host: to "/", up with "..", to the host's /etc, and to the
// sibling "outside" directory by absolute and relative paths.
func hostileRoot(t *testing.T, e *env) {
	write(t, e.ctr+"/etc/hostname", ctrHostname)
	symlink(t, "/", e.ctr+"/evil")
	symlink(t, "../../../../../../..", e.ctr+"/up")
	symlink(t, "/etc", e.ctr+"/hostetc")
	symlink(t, "/etc/hostname", e.ctr+"/hostname")
	symlink(t, e.outside, e.ctr+"/out-abs")
	symlink(t, "../outside", e.ctr+"/out-rel")
	symlink(t, "/up/hostetc", e.ctr+"/chain")
	os.Mkdir(e.ctr+"/d", 0o755)
	symlink(t, "../../outside/sentinel", e.ctr+"/d/s")
}

func TestHostileCopyOut(t *testing.T) {
	for _, c := range []struct {
		src    string
		follow bool
	}{
		{"/evil/etc/hostname", false},
		{"/up/etc/hostname", false},
		{"/hostetc/hostname", false},
		{"/chain/hostname", false},
		{"/hostname", true},
		{"/evil/../../../etc/hostname", false},
		{"../../etc/hostname", false},
	} {
		t.Run(c.src, func(t *testing.T) {
			e := newEnv(t)
			hostileRoot(t, e)
			if err := CopyOut(e.root, c.src, e.host+"/got", c.follow, nil); err != nil {
				t.Fatal(err)
			}
			if got := describe(e.host + "/got"); got != ctrHostname {
				t.Fatalf("read %q, not the container's hostname", got)
			}
		})
	}
	for _, src := range []string{"/out-abs/sentinel", "/out-rel/sentinel", "/d/s"} {
		t.Run(src, func(t *testing.T) {
			e := newEnv(t)
			hostileRoot(t, e)
			err := CopyOut(e.root, src, e.host+"/got", true, nil)
			if !errors.Is(err, fs.ErrNotExist) || describe(e.host+"/got") != "missing" {
				t.Fatalf("err = %v, got %q", err, describe(e.host+"/got"))
			}
		})
	}
}

// Writes through the same links land inside the container root; newEnv's
// cleanup checks that outside and the host's /etc are untouched.
func TestHostileCopyIn(t *testing.T) {
	for dst, lands := range map[string]string{
		"/evil/pwned":        "/pwned",
		"/up/pwned":          "/pwned",
		"/hostetc/pwned":     "/etc/pwned",
		"/chain/pwned":       "/etc/pwned",
		"/hostname":          "/etc/hostname",
		"/out-rel/":          "/outside/",
		"/d/s":               "/outside/sentinel",
		"/evil/../../pwned":  "/pwned",
		"/evil/etc/hostname": "/etc/hostname",
	} {
		t.Run(dst, func(t *testing.T) {
			e := newEnv(t)
			hostileRoot(t, e)
			os.Mkdir(e.ctr+"/outside", 0o755) // so "/out-rel/" is an existing directory
			write(t, e.host+"/pwned", "payload")
			if err := CopyIn(e.root, e.host+"/pwned", dst, false, false, nil); err != nil {
				t.Fatal(err)
			}
			want := e.ctr + lands
			if lands[len(lands)-1] == '/' {
				want += "pwned"
			}
			if got := describe(want); got != "payload" {
				t.Errorf("%s: %q", want, got)
			}
		})
	}
	// Absolute links to host paths resolve in the root, where they are missing.
	e := newEnv(t)
	hostileRoot(t, e)
	write(t, e.host+"/pwned", "payload")
	if err := CopyIn(e.root, e.host+"/pwned", "/out-abs/sentinel", false, false, nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v", err)
	}
}

// A tar stream cannot climb out of the destination either: ".." names,
// absolute names and the stream's own symlinks all stay inside.
func TestHostileStream(t *testing.T) {
	linkThenFile := func(target string) []byte {
		var b bytes.Buffer
		tw := tar.NewWriter(&b)
		tw.WriteHeader(&tar.Header{Typeflag: tar.TypeSymlink, Name: "x", Linkname: target})
		tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: "x/pwned", Size: 1, Mode: 0o644})
		tw.Write([]byte("x"))
		tw.Close()
		return b.Bytes()
	}
	for name, stream := range map[string]func(e *env) []byte{
		"dotdot":   func(*env) []byte { return tarOf(t, "../../outside/pwned", "x") },
		"abs":      func(e *env) []byte { return tarOf(t, e.outside+"/pwned", "x") },
		"link-abs": func(e *env) []byte { return linkThenFile(e.outside) },
		"link-rel": func(*env) []byte { return linkThenFile("../outside") },
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t) // its cleanup checks that outside is untouched
			hostileRoot(t, e)
			for _, dst := range []string{"/", "/d", "/evil"} {
				t.Logf("%s: err = %v", dst, CopyIn(e.root, "-", dst, false, false, bytes.NewReader(stream(e))))
			}
		})
	}
}
