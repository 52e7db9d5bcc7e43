package volumes

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// helperEnv re-executes the test binary as a helper process (see helper),
// to stand in for separate berth processes, some of which get SIGKILLed.
const helperEnv = "BERTH_VOLUMES_HELPER"

func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		if err := helper(mode, os.Getenv("VOLROOT"), os.Getenv("VOLNAME")); err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// helper runs one operation on the store at root:
//
//	create     wait for stdin to close, Create(name), print "created=<bool>"
//	fill-hang  Populate(name) with a fill that copies some files, prints
//	           "filling" and never returns
//	fill-many  print "start", Populate(name) with fillMany
func helper(mode, root, name string) error {
	s, err := Open(root)
	if err != nil {
		return err
	}
	switch mode {
	case "create":
		io.Copy(io.Discard, os.Stdin) // a starting gun for all helpers at once
		_, created, err := s.Create(name, map[string]string{"pid": fmt.Sprint(os.Getpid())}, nil)
		if err != nil {
			return err
		}
		fmt.Printf("created=%v\n", created)
	case "fill-hang":
		_, err := s.Populate(name, func(staging string) error {
			if err := fillMany(staging); err != nil {
				return err
			}
			fmt.Println("filling")
			select {}
		})
		return err
	case "fill-many":
		fmt.Println("start")
		_, err := s.Populate(name, fillMany)
		return err
	default:
		return fmt.Errorf("unknown helper mode %q", mode)
	}
	return nil
}

const manyFiles = 200

// fillMany copies up an "image directory" of many top-level entries, so
// that the moves into _data take long enough to be killed amid.
func fillMany(staging string) error {
	for i := range manyFiles {
		p := filepath.Join(staging, fmt.Sprintf("f%03d", i))
		if err := os.WriteFile(p, []byte(p), 0o644); err != nil {
			return err
		}
	}
	if err := os.Mkdir(filepath.Join(staging, "sub"), 0o700); err != nil {
		return err
	}
	return os.Chmod(staging, 0o777|os.ModeSticky)
}

// checkMany reports whether dir holds exactly what fillMany makes (and the
// mode it gives the root), or nothing at all.
func checkMany(t *testing.T, dir string) (full bool) {
	t.Helper()
	names := entries(t, dir)
	if len(names) == 0 {
		return false
	}
	if len(names) != manyFiles+1 || names[len(names)-1] != "sub" {
		t.Fatalf("%s half filled: %d entries", dir, len(names))
	}
	fi, err := os.Stat(dir)
	if err != nil || fi.Mode()&os.ModePerm != 0o777 || fi.Mode()&os.ModeSticky == 0 {
		t.Fatalf("%s: mode %v, %v", dir, fi.Mode(), err)
	}
	return true
}

// startHelper starts the test binary as a helper and returns it with its
// stdin and stdout.
func startHelper(t *testing.T, mode, root, name string) (*exec.Cmd, io.WriteCloser, *bufio.Reader) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode, "VOLROOT="+root, "VOLNAME="+name)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, in, bufio.NewReader(out)
}

// readLine reads the next line a helper printed.
func readLine(t *testing.T, r *bufio.Reader) string {
	t.Helper()
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatalf("helper output %q: %v", line, err)
	}
	return strings.TrimSpace(line)
}

func newStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "volumes"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustCreate(t *testing.T, s *Store, name string, labels, opts map[string]string) *Volume {
	t.Helper()
	v, created, err := s.Create(name, labels, opts)
	if err != nil || !created {
		t.Fatalf("Create(%q) = %v, %v", name, created, err)
	}
	return v
}

// entries lists a directory's names, sorted; nil if it does not exist.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	f, err := os.Open(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	names, err := f.Readdirnames(-1)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	return names
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}
