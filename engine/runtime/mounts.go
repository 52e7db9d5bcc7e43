package runtime

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// Docker's masked and read-only /proc and /sys paths.
var (
	maskedPaths = []string{
		"/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys",
		"/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
		"/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
	}
	readonlyPaths = []string{
		"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
	}
)

// device is one node of the minimal /dev Docker gives every container.
type device struct {
	name         string
	major, minor uint32
	mode         uint32
}

var defaultDevices = []device{
	{"null", 1, 3, 0o666}, {"zero", 1, 5, 0o666}, {"full", 1, 7, 0o666},
	{"random", 1, 8, 0o666}, {"urandom", 1, 9, 0o666}, {"tty", 5, 0, 0o666},
}

type mountSpec struct {
	source, target, fstype string
	flags                  uintptr
	data                   string
}

// setupRootfs mounts the overlay root and the kernel filesystems under it,
// all in the container's private mount namespace: they vanish with it, so no
// crash of any berth process can leak a mount on the host.
func setupRootfs(s *Spec) error {
	// Nothing we mount may propagate back to the host.
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("make / private: %w", err)
	}
	if err := mountOverlay(s); err != nil {
		return err
	}
	root := s.Target
	mounts := []mountSpec{
		{"proc", "/proc", "proc", unix.MS_NOSUID | unix.MS_NOEXEC | unix.MS_NODEV, ""},
		{"tmpfs", "/dev", "tmpfs", unix.MS_NOSUID | unix.MS_STRICTATIME, "mode=755,size=65536k"},
		{"devpts", "/dev/pts", "devpts", unix.MS_NOSUID | unix.MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620,gid=5"},
		{"shm", "/dev/shm", "tmpfs", unix.MS_NOSUID | unix.MS_NOEXEC | unix.MS_NODEV, "mode=1777,size=65536k"},
		{"mqueue", "/dev/mqueue", "mqueue", unix.MS_NOSUID | unix.MS_NOEXEC | unix.MS_NODEV, ""},
		{"sysfs", "/sys", "sysfs", unix.MS_NOSUID | unix.MS_NOEXEC | unix.MS_NODEV | unix.MS_RDONLY, ""},
	}
	for _, m := range mounts {
		if s.HostNet && m.fstype == "sysfs" {
			// sysfs of a network namespace we don't own: bind the host's, read-only.
			if err := bindMount(root, "/sys", m.target, true, true); err != nil {
				return err
			}
			continue
		}
		dst, err := mkdirInRoot(root, m.target)
		if err != nil {
			return err
		}
		if err := unix.Mount(m.source, dst, m.fstype, m.flags, m.data); err != nil {
			return fmt.Errorf("mount %s on %s: %w", m.fstype, m.target, err)
		}
	}
	if err := makeDevices(root); err != nil {
		return err
	}
	for _, f := range s.Files {
		if err := bindMount(root, f.Source, f.Dest, false, false); err != nil {
			return err
		}
	}
	return nil
}

// mountOverlay mounts the image layers and the writable layer at s.Target.
// Layer paths are given relative to their common parent (after a chdir) so
// that images with many layers fit in the one page mount options may use.
func mountOverlay(s *Spec) error {
	if len(s.Lower) == 0 {
		return fmt.Errorf("image has no layers")
	}
	parent := filepath.Dir(s.Lower[0])
	for _, l := range s.Lower {
		if filepath.Dir(l) != parent {
			parent = ""
			break
		}
	}
	lowers := make([]string, len(s.Lower))
	for i, l := range s.Lower {
		// overlayfs wants the topmost layer first.
		if parent != "" {
			l = filepath.Base(l)
		}
		lowers[len(s.Lower)-1-i] = l
	}
	if parent != "" {
		if err := unix.Chdir(parent); err != nil {
			return err
		}
	}
	data := fmt.Sprintf("lowerdir=%s,upperdir=%s,workdir=%s", strings.Join(lowers, ":"), s.Upper, s.Work)
	if err := unix.Mount("overlay", s.Target, "overlay", 0, data); err != nil {
		return fmt.Errorf("mount root filesystem: %w", err)
	}
	return nil
}

// mkdirInRoot creates a directory at a container path and returns its host path.
func mkdirInRoot(root, p string) (string, error) {
	dst, err := ResolveInRoot(root, p)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return "", fmt.Errorf("create mount point %s: %w", p, err)
	}
	return dst, nil
}

// bindMount binds a host path onto a container path, creating the mount
// point as a file or directory to match the source.
func bindMount(root, src, dest string, recursive, readonly bool) error {
	dst, err := ResolveInRoot(root, dest)
	if err != nil {
		return err
	}
	fi, err := os.Stat(src)
	if err != nil {
		return err
	}
	if fi.IsDir() {
		err = os.MkdirAll(dst, 0o755)
	} else {
		if err = os.MkdirAll(filepath.Dir(dst), 0o755); err == nil {
			var f *os.File
			if f, err = os.OpenFile(dst, os.O_CREATE|os.O_RDONLY, 0o644); err == nil {
				f.Close()
			}
		}
	}
	if err != nil {
		return fmt.Errorf("create mount point %s: %w", dest, err)
	}
	flags := uintptr(unix.MS_BIND)
	if recursive {
		flags |= unix.MS_REC
	}
	if err := unix.Mount(src, dst, "", flags, ""); err != nil {
		return fmt.Errorf("bind %s on %s: %w", src, dest, err)
	}
	if readonly {
		return remountReadonly(dst)
	}
	return nil
}

func remountReadonly(p string) error {
	var st unix.Statfs_t
	if err := unix.Statfs(p, &st); err != nil {
		return err
	}
	// Keep the flags the kernel insists on for unprivileged-locked mounts.
	keep := uintptr(st.Flags) & (unix.MS_NOSUID | unix.MS_NODEV | unix.MS_NOEXEC)
	return unix.Mount("", p, "", unix.MS_BIND|unix.MS_REMOUNT|unix.MS_RDONLY|keep, "")
}

func makeDevices(root string) error {
	for _, d := range defaultDevices {
		p := filepath.Join(root, "dev", d.name)
		if err := unix.Mknod(p, unix.S_IFCHR|d.mode, int(unix.Mkdev(d.major, d.minor))); err != nil {
			return fmt.Errorf("mknod %s: %w", p, err)
		}
		// mknod honours the umask; set the mode Docker gives.
		if err := unix.Chmod(p, d.mode); err != nil {
			return err
		}
	}
	links := [][2]string{
		{"pts/ptmx", "ptmx"}, {"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"},
		{"/proc/self/fd/1", "stdout"}, {"/proc/self/fd/2", "stderr"}, {"/proc/kcore", "core"},
	}
	for _, l := range links {
		if err := os.Symlink(l[0], filepath.Join(root, "dev", l[1])); err != nil {
			return err
		}
	}
	return nil
}

// pivotRoot makes the container root "/" and detaches the host's root.
func pivotRoot(root string) error {
	if err := unix.Chdir(root); err != nil {
		return err
	}
	if err := unix.PivotRoot(".", "."); err != nil {
		return fmt.Errorf("pivot_root: %w", err)
	}
	if err := unix.Unmount(".", unix.MNT_DETACH); err != nil {
		return fmt.Errorf("detach old root: %w", err)
	}
	return unix.Chdir("/")
}

// harden masks and write-protects the /proc and /sys paths Docker does.
func harden() error {
	for _, p := range maskedPaths {
		fi, err := os.Stat(p)
		if err != nil {
			continue
		}
		if fi.IsDir() {
			err = unix.Mount("tmpfs", p, "tmpfs", unix.MS_RDONLY, "")
		} else {
			err = unix.Mount("/dev/null", p, "", unix.MS_BIND, "")
		}
		if err != nil {
			return fmt.Errorf("mask %s: %w", p, err)
		}
	}
	for _, p := range readonlyPaths {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		if err := unix.Mount(p, p, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
			return fmt.Errorf("bind %s: %w", p, err)
		}
		if err := remountReadonly(p); err != nil {
			return fmt.Errorf("read-only %s: %w", p, err)
		}
	}
	return nil
}
