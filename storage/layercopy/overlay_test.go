package layercopy

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestMatchesOverlayfs builds random layers, mounts them as a real
// overlayfs and checks that CopyMerged produces exactly the tree the
// mount shows, for the root and for random paths through symlinks.
func TestMatchesOverlayfs(t *testing.T) {
	needRoot(t)
	for seed := range uint64(40) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Parallel()
			r := rand.New(rand.NewPCG(seed, 0x1a7e))
			ls := newLayers(t, 3+r.IntN(2))
			for i := len(ls) - 1; i >= 0; i-- {
				g := &gen{t: t, r: r}
				g.tree(ls[i], 0)
				if r.IntN(10) == 0 {
					opaque(t, ls[i]) // overlayfs ignores it on a layer root
				}
			}
			paths := []string{"/"}
			for range 8 {
				paths = append(paths, randomPath(r))
			}
			want, err := overlayView(t, ls, paths)
			if err != nil {
				t.Skipf("overlayfs unavailable: %v", err)
			}
			for i, p := range paths {
				dst := t.TempDir()
				ok, err := CopyMerged(ls, p, dst)
				w := want[i]
				switch {
				case w.err != nil:
					loop := errors.Is(w.err, unix.ELOOP)
					if ok || loop != errors.Is(err, unix.ELOOP) || !loop && err != nil {
						t.Errorf("%s: ok=%v err=%v; overlayfs: %v", p, ok, err, w.err)
					}
				case err != nil || !ok:
					t.Errorf("%s: ok=%v err=%v; overlayfs has it", p, ok, err)
				default:
					t.Logf("%s: %d entries", p, len(w.snap))
					diffSnapshots(t, snapshot(t, dst), w.snap)
				}
			}
		})
	}
}

// view is what overlayfs shows at one path: its tree or the open error.
type view struct {
	snap map[string]string
	err  error
}

// overlayView mounts the layers read-only and resolves each path in it
// with RESOLVE_IN_ROOT. The mount lives in a private mount namespace of a
// thread that exits with it, so it cannot outlive the test even if the
// process is killed.
func overlayView(t *testing.T, layers []string, paths []string) ([]view, error) {
	merged := t.TempDir()
	type result struct {
		views []view
		err   error
	}
	done := make(chan result, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread dies with the goroutine
		views, err := func() ([]view, error) {
			if err := unix.Unshare(unix.CLONE_NEWNS); err != nil {
				return nil, err
			}
			if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
				return nil, err
			}
			opts := "lowerdir=" + strings.Join(layers, ":")
			if err := unix.Mount("overlay", merged, "overlay", unix.MS_RDONLY, opts); err != nil {
				return nil, err
			}
			defer unix.Unmount(merged, unix.MNT_DETACH)
			root, err := unix.Open(merged, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
			if err != nil {
				return nil, err
			}
			defer unix.Close(root)
			views := make([]view, len(paths))
			for i, p := range paths {
				views[i], err = resolveIn(root, p)
				if err != nil {
					return nil, err
				}
			}
			return views, nil
		}()
		done <- result{views, err}
	}()
	res := <-done
	return res.views, res.err
}

// resolveIn opens p below root as RESOLVE_IN_ROOT does and snapshots it.
func resolveIn(root int, p string) (view, error) {
	how := &unix.OpenHow{Flags: unix.O_PATH | unix.O_DIRECTORY | unix.O_CLOEXEC, Resolve: unix.RESOLVE_IN_ROOT}
	fd, err := unix.Openat2(root, strings.TrimPrefix(p, "/")+"/.", how)
	// EAGAIN: a rename or mount anywhere on the machine raced a ".." step
	// (the parallel subtests mount); the kernel asks for a retry.
	for tries := 0; err == unix.EAGAIN && tries < 64; tries++ {
		fd, err = unix.Openat2(root, strings.TrimPrefix(p, "/")+"/.", how)
	}
	if err != nil {
		return view{err: err}, nil
	}
	defer unix.Close(fd)
	real, err := os.Readlink(fmt.Sprintf("/proc/thread-self/fd/%d", fd))
	if err != nil {
		return view{}, err
	}
	snap, err := takeSnapshot(real)
	return view{snap: snap}, err
}

var (
	genNames   = []string{"a", "b", "c", "d", "e"}
	genTargets = []string{"a", "b/c", "../a", "/b", "/a/c", "..", "/", "../../../..", "d/../a", "missing", "/e/e", "c"}
	genModes   = []os.FileMode{0o644, 0o755, 0o600, 0o4755, 0o2711, 0o444}
	genOwners  = []int{0, 1, 1000, 65534}
)

// gen fills one layer with random entries over a small name space, so
// that names collide across layers.
type gen struct {
	t     *testing.T
	r     *rand.Rand
	files []string // regular files, for hard links
}

func (g *gen) tree(dir string, depth int) {
	t, r := g.t, g.r
	for _, name := range genNames {
		p := filepath.Join(dir, name)
		switch k := r.IntN(100); {
		case k < 30:
			continue
		case k < 52:
			writeFile(t, p, fmt.Sprintf("%s %d", name, r.Uint32()), 0o644)
			g.files = append(g.files, p)
			g.meta(p)
		case k < 75 && depth < 3:
			must(t, os.Mkdir(p, 0o755))
			g.tree(p, depth+1)
			if r.IntN(5) == 0 {
				opaque(t, p)
			}
			g.meta(p)
		case k < 85:
			whiteout(t, p)
		case k < 93:
			symlink(t, genTargets[r.IntN(len(genTargets))], p)
			must(t, os.Lchown(p, genOwners[r.IntN(len(genOwners))], 0))
		case k < 96 && len(g.files) > 0:
			must(t, os.Link(g.files[r.IntN(len(g.files))], p))
		default:
			must(t, unix.Mkfifo(p, 0o640))
		}
	}
}

// meta gives p a random owner, mode and xattrs; chown first, it clears
// setuid.
func (g *gen) meta(p string) {
	t, r := g.t, g.r
	must(t, os.Lchown(p, genOwners[r.IntN(len(genOwners))], genOwners[r.IntN(len(genOwners))]))
	mode := uint32(genModes[r.IntN(len(genModes))])
	if fi, err := os.Lstat(p); err == nil && fi.IsDir() {
		mode |= 0o100
	}
	must(t, unix.Chmod(p, mode))
	if r.IntN(3) == 0 {
		must(t, unix.Lsetxattr(p, "user.k", fmt.Appendf(nil, "%d", r.IntN(100)), 0))
	}
	if r.IntN(8) == 0 {
		must(t, unix.Lsetxattr(p, "trusted.v", []byte("t"), 0))
	}
	if r.IntN(8) == 0 && !strings.HasSuffix(p, "/") {
		if fi, err := os.Lstat(p); err == nil && fi.Mode().IsRegular() {
			must(t, unix.Lsetxattr(p, "security.capability", capNetBindService, 0))
		}
	}
}

// randomPath joins 1-3 names, sometimes with "..", absolute.
func randomPath(r *rand.Rand) string {
	n := 1 + r.IntN(3)
	parts := make([]string, n)
	for i := range parts {
		if r.IntN(8) == 0 {
			parts[i] = ".."
		} else {
			parts[i] = genNames[r.IntN(len(genNames))]
		}
	}
	return "/" + strings.Join(parts, "/")
}
