package volumes

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func TestPopulate(t *testing.T) {
	s := newStore(t)
	v := mustCreate(t, s, "vol", nil, nil)
	mtime := time.Date(2020, 1, 2, 3, 4, 5, 6000, time.UTC)
	filled, err := s.Populate("vol", func(staging string) error {
		os.WriteFile(filepath.Join(staging, "conf"), []byte("x=1\n"), 0o640)
		os.MkdirAll(filepath.Join(staging, "sub/dir"), 0o755)
		os.Symlink("conf", filepath.Join(staging, "link"))
		// The image directory's own metadata, which _data takes on.
		if err := os.Chown(staging, 1000, 1001); err != nil {
			return err
		}
		if err := os.Chmod(staging, 0o750|os.ModeSetgid); err != nil {
			return err
		}
		if err := unix.Setxattr(staging, "user.color", []byte("blue"), 0); err != nil {
			return err
		}
		return os.Chtimes(staging, mtime, mtime)
	})
	if err != nil || !filled {
		t.Fatalf("Populate = %v, %v", filled, err)
	}
	if n := entries(t, v.Mountpoint); !slices.Equal(n, []string{"conf", "link", "sub"}) {
		t.Errorf("_data holds %q", n)
	}
	if b, _ := os.ReadFile(filepath.Join(v.Mountpoint, "conf")); string(b) != "x=1\n" {
		t.Errorf("conf = %q", b)
	}
	var st syscall.Stat_t
	if err := syscall.Stat(v.Mountpoint, &st); err != nil || st.Uid != 1000 || st.Gid != 1001 || st.Mode&0o7777 != 0o2750 {
		t.Errorf("_data: owner %d:%d mode %o, %v", st.Uid, st.Gid, st.Mode&0o7777, err)
	}
	if got := time.Unix(st.Mtim.Unix()); !got.Equal(mtime) {
		t.Errorf("_data mtime %v, want %v", got, mtime)
	}
	buf := make([]byte, 16)
	if n, err := unix.Getxattr(v.Mountpoint, "user.color", buf); err != nil || string(buf[:n]) != "blue" {
		t.Errorf("_data xattr %q, %v", buf[:n], err)
	}
	if n := entries(t, filepath.Join(s.root, "vol")); !slices.Equal(n, []string{"_data", "volume.json"}) {
		t.Errorf("volume dir holds %q", n)
	}
	// Once filled, never again.
	filled, err = s.Populate("vol", func(string) error { t.Error("fill called"); return nil })
	if filled || err != nil {
		t.Errorf("second Populate = %v, %v", filled, err)
	}
	if _, err := s.Populate("nope", nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("Populate(nope) = %v", err)
	}
}

func TestPopulateNotEmpty(t *testing.T) {
	s := newStore(t)
	v := mustCreate(t, s, "vol", nil, nil)
	os.WriteFile(filepath.Join(v.Mountpoint, "mine"), nil, 0o644)
	filled, err := s.Populate("vol", func(string) error { t.Error("fill called"); return nil })
	if filled || err != nil || !slices.Equal(entries(t, v.Mountpoint), []string{"mine"}) {
		t.Errorf("Populate = %v, %v", filled, err)
	}
}

func TestPopulateFillFails(t *testing.T) {
	s := newStore(t)
	v := mustCreate(t, s, "vol", nil, nil)
	boom := errors.New("boom")
	_, err := s.Populate("vol", func(staging string) error {
		os.WriteFile(filepath.Join(staging, "half"), nil, 0o644)
		return boom
	})
	if !errors.Is(err, boom) || err.Error() != "populate vol: boom" {
		t.Fatalf("Populate = %v", err)
	}
	if exists(filepath.Join(s.root, "vol", stagingDir)) || len(entries(t, v.Mountpoint)) != 0 {
		t.Fatal("failed fill left files behind")
	}
	if filled, err := s.Populate("vol", fillMany); !filled || err != nil || !checkMany(t, v.Mountpoint) {
		t.Fatalf("Populate after failure = %v, %v", filled, err)
	}
}

func TestPopulateFillPanics(t *testing.T) {
	s := newStore(t)
	v := mustCreate(t, s, "vol", nil, nil)
	func() {
		defer func() { recover() }()
		s.Populate("vol", func(staging string) error {
			os.WriteFile(filepath.Join(staging, "half"), nil, 0o644)
			panic("midway")
		})
	}()
	if !exists(filepath.Join(s.root, "vol", stagingDir, "half")) {
		t.Fatal("expected the panicking fill's staging")
	}
	if n, err := s.Size("vol"); n != 0 || err != nil {
		t.Errorf("Size = %d, %v", n, err)
	}
	// The lock went with the panic; the next call discards the staging.
	if filled, err := s.Populate("vol", fillMany); !filled || err != nil || !checkMany(t, v.Mountpoint) {
		t.Fatalf("Populate after panic = %v, %v", filled, err)
	}
}

// A crash after the marker: staging is complete, some entries already
// moved. The next Populate finishes the job without filling again.
func TestPopulateRollsForward(t *testing.T) {
	for _, recoverFirst := range []bool{false, true} {
		s := newStore(t)
		v := mustCreate(t, s, "vol", nil, nil)
		dir := filepath.Join(s.root, "vol")
		staging := filepath.Join(dir, stagingDir)
		os.Mkdir(staging, 0o700)
		for _, n := range []string{"a", "b", "c"} {
			os.WriteFile(filepath.Join(staging, n), []byte(n), 0o644)
		}
		mtime := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
		os.Chtimes(staging, mtime, mtime)
		if err := commit(dir); err != nil {
			t.Fatal(err)
		}
		os.Rename(filepath.Join(staging, "a"), filepath.Join(v.Mountpoint, "a"))
		os.WriteFile(filepath.Join(dir, ".staging.done.tmp-123"), nil, 0o600) // an older marker's write, cut short

		if recoverFirst {
			if err := s.Recover("vol"); err != nil {
				t.Fatal(err)
			}
		}
		filled, err := s.Populate("vol", func(string) error { t.Error("fill called"); return nil })
		if filled || err != nil {
			t.Fatalf("Populate = %v, %v", filled, err)
		}
		if n := entries(t, v.Mountpoint); !slices.Equal(n, []string{"a", "b", "c"}) {
			t.Errorf("_data holds %q", n)
		}
		if n := entries(t, dir); !slices.Equal(n, []string{"_data", "volume.json"}) {
			t.Errorf("volume dir holds %q", n)
		}
		fi, _ := os.Stat(v.Mountpoint)
		if fi.Mode().Perm() != 0o700 || !fi.ModTime().Equal(mtime) {
			t.Errorf("_data: mode %v mtime %v", fi.Mode(), fi.ModTime())
		}
	}
}

// A crash during fill: no marker, so the staging never counts.
func TestPopulateRollsBack(t *testing.T) {
	s := newStore(t)
	v := mustCreate(t, s, "vol", nil, nil)
	staging := filepath.Join(s.root, "vol", stagingDir)
	os.MkdirAll(filepath.Join(staging, "sub"), 0o755)
	os.WriteFile(filepath.Join(staging, "sub", "half"), nil, 0o644)
	if err := s.Recover("vol"); err != nil {
		t.Fatal(err)
	}
	if exists(staging) || len(entries(t, v.Mountpoint)) != 0 {
		t.Fatal("Recover kept a staging without marker")
	}
	// A marker without staging commits nothing, now or later.
	os.WriteFile(filepath.Join(s.root, "vol", markerFile), []byte("{}"), 0o600)
	if err := s.Recover("vol"); err != nil || exists(filepath.Join(s.root, "vol", markerFile)) {
		t.Fatalf("stale marker kept: %v", err)
	}
	if err := s.Recover("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Recover(nope) = %v", err)
	}
}

// After the marker, a container that mounted the volume without copy-up
// may have written to it; what it wrote wins over the copy.
func TestPopulateRollForwardKeepsNewer(t *testing.T) {
	s := newStore(t)
	v := mustCreate(t, s, "vol", nil, nil)
	dir := filepath.Join(s.root, "vol")
	staging := filepath.Join(dir, stagingDir)
	os.MkdirAll(filepath.Join(staging, "d"), 0o755)
	os.WriteFile(filepath.Join(staging, "d", "old"), nil, 0o644)
	os.WriteFile(filepath.Join(staging, "x"), nil, 0o644)
	if err := commit(dir); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(v.Mountpoint, "d"), []byte("new"), 0o644)
	if err := s.Recover("vol"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(v.Mountpoint, "d")); string(b) != "new" || !exists(filepath.Join(v.Mountpoint, "x")) || exists(staging) {
		t.Errorf("after Recover: d=%q, _data holds %q", b, entries(t, v.Mountpoint))
	}
}

func TestPopulateKilledMidFill(t *testing.T) {
	s := newStore(t)
	v := mustCreate(t, s, "vol", nil, nil)
	cmd, _, out := startHelper(t, "fill-hang", s.root, "vol")
	if line := readLine(t, out); line != "filling" {
		t.Fatalf("helper said %q", line)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()

	if !exists(filepath.Join(s.root, "vol", stagingDir)) {
		t.Fatal("expected the killed fill's staging")
	}
	if full := checkMany(t, v.Mountpoint); full {
		t.Fatal("a fill that never finished filled the volume")
	}
	if filled, err := s.Populate("vol", fillMany); !filled || err != nil || !checkMany(t, v.Mountpoint) {
		t.Fatalf("Populate after kill = %v, %v", filled, err)
	}
}

// Kill Populate at random moments, in fill or in the moves after the
// marker: the volume is then always empty or complete once recovered, and
// complete after the next Populate.
func TestPopulateKilledAnywhere(t *testing.T) {
	s := newStore(t)
	// How long a whole Populate takes here, to kill within it.
	start := time.Now()
	if _, err := s.Populate(mustCreate(t, s, "", nil, nil).Name, fillMany); err != nil {
		t.Fatal(err)
	}
	whole := time.Since(start)

	var empty, moving, full int
	for i := range 10 {
		v := mustCreate(t, s, "", nil, nil)
		cmd, _, out := startHelper(t, "fill-many", s.root, v.Name)
		if line := readLine(t, out); line != "start" {
			t.Fatalf("helper said %q", line)
		}
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		if i%2 == 0 {
			time.Sleep(rand.N(whole))
		} else {
			// Aim at the moves: they start once the marker is there.
		poll:
			for !exists(filepath.Join(s.root, v.Name, markerFile)) {
				select {
				case <-exited:
					break poll // missed them
				default:
				}
			}
			time.Sleep(rand.N(whole / 50))
		}
		cmd.Process.Signal(syscall.SIGKILL)
		<-exited

		if exists(filepath.Join(s.root, v.Name, markerFile)) {
			moving++
		}
		if err := s.Recover(v.Name); err != nil {
			t.Fatal(err)
		}
		if !checkMany(t, v.Mountpoint) {
			empty++
		} else {
			full++
		}
		filled, err := s.Populate(v.Name, fillMany)
		if err != nil || !checkMany(t, v.Mountpoint) {
			t.Fatalf("Populate after kill = %v, %v", filled, err)
		}
		if n := entries(t, filepath.Join(s.root, v.Name)); !slices.Equal(n, []string{"_data", "volume.json"}) {
			t.Fatalf("volume dir holds %q", n)
		}
	}
	t.Logf("Populate takes %v; of 10 kills, %d left the volume empty, %d complete (%d of these amid the moves)", whole, empty, full, moving)
}

func TestMarkerFormat(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, stagingDir), 0o755)
	if err := commit(dir); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(filepath.Join(dir, markerFile))
	var m map[string]string
	if err := json.Unmarshal(raw, &m); err != nil || m["mtime"] == "" || m["atime"] == "" {
		t.Errorf("marker = %s, %v", raw, err)
	}
}
