// The container's root filesystem: the overlay of image layers and the
// writable layer, the kernel filesystems, a minimal /dev and the
// per-container /etc files, then pivot_root and Docker's masking of /proc
// and /sys. Everything is mounted in the container's private mount
// namespace, so no crash of any berth process can leak a mount on the host.
//
// Paths inside the image are hostile input: every mount point is resolved
// with openat2(RESOLVE_IN_ROOT), as if the container's root were "/", and
// mounted onto through /proc/self/fd, so no symlink in an image can make
// berth mount over a host path.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "nsinit.h"

static int root_fd = -1;

static int open_in_root(const char *path, int flags, mode_t mode) {
	struct open_how how = {.flags = (unsigned long long)(flags | O_CLOEXEC), .mode = mode, .resolve = RESOLVE_IN_ROOT};
	return (int)syscall(SYS_openat2, root_fd, path, &how, sizeof how);
}

// mkdir_in_root creates a directory (and its parents) at a container path
// and returns an O_PATH descriptor of it. Each component is created in a
// parent that was itself resolved inside the root.
static int mkdir_in_root(const char *path) {
	int fd = open_in_root(path, O_PATH | O_DIRECTORY, 0);
	if (fd >= 0)
		return fd;
	char buf[4096];
	snprintf(buf, sizeof buf, "%s", path);
	size_t len = strlen(buf);
	for (size_t i = 1; i <= len; i++) {
		if (buf[i] != '/' && buf[i] != 0)
			continue;
		char saved = buf[i];
		buf[i] = 0;
		char *slash = strrchr(buf, '/');
		int parent;
		if (slash == buf) {
			parent = open_in_root("/", O_PATH | O_DIRECTORY, 0);
		} else {
			*slash = 0;
			parent = open_in_root(buf, O_PATH | O_DIRECTORY, 0);
			*slash = '/';
		}
		if (parent < 0 || (mkdirat(parent, slash + 1, 0755) < 0 && errno != EEXIST))
			fail(EXIT_ENGINE, "create mount point %s: %s", path, strerror(errno));
		close(parent);
		buf[i] = saved;
	}
	fd = open_in_root(path, O_PATH | O_DIRECTORY, 0);
	if (fd < 0)
		fail(EXIT_ENGINE, "create mount point %s: %s", path, strerror(errno));
	return fd;
}

static void mount_fd(const char *src, int fd, const char *fstype, unsigned long flags, const char *data, const char *what) {
	char target[64];
	snprintf(target, sizeof target, "/proc/self/fd/%d", fd);
	if (mount(src, target, fstype, flags, data) < 0)
		fail(EXIT_ENGINE, "mount %s: %s", what, strerror(errno));
	close(fd);
}

// mount_overlay mounts the layers at the target. Layer paths are given
// relative to their common parent (after a chdir), so that images with many
// layers fit in the one page that mount options may use.
static void mount_overlay(struct spec *s) {
	if (s->lower.n == 0)
		fail(EXIT_ENGINE, "image has no layers");
	char parent[4096];
	snprintf(parent, sizeof parent, "%s", s->lower.v[0]);
	char *slash = strrchr(parent, '/');
	if (slash)
		*slash = 0;
	size_t plen = strlen(parent);
	int common = slash != NULL;
	for (int i = 0; i < s->lower.n && common; i++)
		if (strncmp(s->lower.v[i], parent, plen) != 0 || s->lower.v[i][plen] != '/' || strchr(s->lower.v[i] + plen + 1, '/'))
			common = 0;
	if (common && chdir(parent) < 0)
		common = 0;
	size_t cap = 64 + strlen(s->upper) + strlen(s->work);
	for (int i = 0; i < s->lower.n; i++)
		cap += strlen(s->lower.v[i]) + 1;
	char *data = malloc(cap);
	if (!data)
		fail(EXIT_ENGINE, "out of memory");
	size_t o = (size_t)sprintf(data, "lowerdir=");
	// overlayfs wants the topmost layer first. A read-only mount (export)
	// looks through the writable layer as the topmost lower one.
	if (s->readonly)
		o += (size_t)sprintf(data + o, "%s:", s->upper);
	for (int i = s->lower.n - 1; i >= 0; i--) {
		const char *l = common ? s->lower.v[i] + plen + 1 : s->lower.v[i];
		o += (size_t)sprintf(data + o, "%s%s", l, i > 0 ? ":" : "");
	}
	if (!s->readonly)
		sprintf(data + o, ",upperdir=%s,workdir=%s", s->upper, s->work);
	if (mount("overlay", s->target, "overlay", s->readonly ? MS_RDONLY : 0, data) < 0)
		fail(EXIT_ENGINE, "mount root filesystem: %s", strerror(errno));
	free(data);
}

struct kmount {
	const char *src, *dst, *fstype;
	unsigned long flags;
	const char *data;
};

static const struct kmount kernel_mounts[] = {
	{"proc", "/proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL},
	{"tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k"},
	{"devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620,gid=5"},
	{"shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NOEXEC | MS_NODEV, "mode=1777,size=65536k"},
	{"mqueue", "/dev/mqueue", "mqueue", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL},
	{"sysfs", "/sys", "sysfs", MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RDONLY, NULL},
};

static void make_devices(void) {
	static const struct {
		const char *name;
		unsigned major, minor;
	} devs[] = {{"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0}};
	static const char *links[][2] = {
		{"pts/ptmx", "ptmx"}, {"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"},
		{"/proc/self/fd/1", "stdout"}, {"/proc/self/fd/2", "stderr"}, {"/proc/kcore", "core"},
	};
	int dev = open_in_root("/dev", O_PATH | O_DIRECTORY, 0);
	if (dev < 0)
		fail(EXIT_ENGINE, "open /dev: %s", strerror(errno));
	for (size_t i = 0; i < sizeof devs / sizeof devs[0]; i++) {
		if (mknodat(dev, devs[i].name, S_IFCHR | 0666, makedev(devs[i].major, devs[i].minor)) < 0)
			fail(EXIT_ENGINE, "mknod /dev/%s: %s", devs[i].name, strerror(errno));
		// mknod honours the umask; set the mode Docker gives.
		if (fchmodat(dev, devs[i].name, 0666, 0) < 0)
			fail(EXIT_ENGINE, "chmod /dev/%s: %s", devs[i].name, strerror(errno));
	}
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++)
		if (symlinkat(links[i][0], dev, links[i][1]) < 0)
			fail(EXIT_ENGINE, "symlink /dev/%s: %s", links[i][1], strerror(errno));
	close(dev);
}

static void remount_readonly(const char *path) {
	struct statvfs sv;
	unsigned long keep = 0;
	if (statvfs(path, &sv) == 0)
		keep = sv.f_flag & (ST_NOSUID | ST_NODEV | ST_NOEXEC);
	// ST_* and MS_* agree for these three flags.
	if (mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | keep, NULL) < 0)
		fail(EXIT_ENGINE, "read-only %s: %s", path, strerror(errno));
}

// mount_point opens (creating if needed) the container path dst as a
// mount point for a directory or, when dir is 0, a file.
static int mount_point(const char *dst, int dir) {
	if (dir)
		return mkdir_in_root(dst);
	char parent[4096];
	snprintf(parent, sizeof parent, "%s", dst);
	char *slash = strrchr(parent, '/');
	if (slash && slash != parent) {
		*slash = 0;
		close(mkdir_in_root(parent));
	}
	int fd = open_in_root(dst, O_RDONLY | O_CREAT | O_NOCTTY, 0644);
	if (fd < 0)
		fail(EXIT_ENGINE, "create mount point %s: %s", dst, strerror(errno));
	return fd;
}

// bind_file binds a host file or directory onto a container path,
// creating the mount point to match the source.
static void bind_file(const char *src, const char *dst, unsigned long flags) {
	struct stat st;
	if (stat(src, &st) < 0)
		fail(EXIT_ENGINE, "bind %s: %s", src, strerror(errno));
	mount_fd(src, mount_point(dst, S_ISDIR(st.st_mode)), NULL, MS_BIND | flags, NULL, dst);
}

// set_mount changes a mount made at a container path: read-only and
// propagation. The path is resolved again, inside the root, to reach the
// new mount rather than what it covers.
static void set_mount(const char *dst, int readonly, unsigned long propagation) {
	int fd = open_in_root(dst, O_PATH, 0);
	if (fd < 0)
		fail(EXIT_ENGINE, "open mount %s: %s", dst, strerror(errno));
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	if (readonly)
		remount_readonly(path);
	if (propagation && mount(NULL, path, NULL, propagation, NULL) < 0)
		fail(EXIT_ENGINE, "propagation of %s: %s", dst, strerror(errno));
	close(fd);
}

// user_mounts mounts the user's volumes, binds and tmpfs mounts, in the
// order given (parents before children).
static void user_mounts(struct spec *s) {
	for (int i = 0; i < s->mnt_dst.n; i++) {
		if (i >= s->mnt_src.n || i >= s->mnt_type.n || i >= s->mnt_flags.n || i >= s->mnt_data.n)
			fail(EXIT_ENGINE, "container spec: incomplete mount");
		const char *dst = s->mnt_dst.v[i], *type = s->mnt_type.v[i];
		unsigned long flags = 0, propagation = 0;
		char ro[8] = "";
		if (sscanf(s->mnt_flags.v[i], "%lu:%lu:%7s", &flags, &propagation, ro) != 3)
			fail(EXIT_ENGINE, "container spec: bad mount flags");
		if (*type) {
			mount_fd(s->mnt_src.v[i], mkdir_in_root(dst), type, flags, s->mnt_data.v[i], dst);
		} else {
			bind_file(s->mnt_src.v[i], dst, MS_REC);
		}
		int readonly = strcmp(ro, "true") == 0;
		if ((readonly && !*type) || propagation)
			set_mount(dst, readonly && !*type, propagation);
	}
}

// harden masks and write-protects the /proc and /sys paths Docker does.
static void harden(void) {
	static const char *masked[] = {
		"/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys",
		"/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
		"/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap", NULL,
	};
	static const char *readonly[] = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger", NULL};
	for (int i = 0; masked[i]; i++) {
		struct stat st;
		if (stat(masked[i], &st) < 0)
			continue;
		int r = S_ISDIR(st.st_mode) ? mount("tmpfs", masked[i], "tmpfs", MS_RDONLY, NULL)
		                            : mount("/dev/null", masked[i], NULL, MS_BIND, NULL);
		if (r < 0)
			fail(EXIT_ENGINE, "mask %s: %s", masked[i], strerror(errno));
	}
	for (int i = 0; readonly[i]; i++) {
		if (access(readonly[i], F_OK) < 0)
			continue;
		if (mount(readonly[i], readonly[i], NULL, MS_BIND | MS_REC, NULL) < 0)
			fail(EXIT_ENGINE, "bind %s: %s", readonly[i], strerror(errno));
		remount_readonly(readonly[i]);
	}
}

static void loopback_up(void) {
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		fail(EXIT_ENGINE, "loopback: %s", strerror(errno));
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		fail(EXIT_ENGINE, "loopback: %s", strerror(errno));
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		fail(EXIT_ENGINE, "loopback: %s", strerror(errno));
	close(fd);
}

// mount_root mounts the container's root filesystem at the target, in a
// mount namespace of our own.
static void mount_root(struct spec *s) {
	if (!s->target || !s->upper || !s->work)
		fail(EXIT_ENGINE, "incomplete container spec");
	// Nothing we mount may propagate back to the host.
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		fail(EXIT_ENGINE, "make / private: %s", strerror(errno));
	mount_overlay(s);
	root_fd = open(s->target, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root_fd < 0)
		fail(EXIT_ENGINE, "open root: %s", strerror(errno));
}

void mount_for_copy(struct spec *s) {
	int cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	mount_root(s);
	user_mounts(s);
	close(root_fd);
	// mount_overlay may chdir; the copy's host paths are the user's.
	if (cwd < 0 || fchdir(cwd) < 0)
		fail(EXIT_ENGINE, "restore working directory: %s", strerror(errno));
	close(cwd);
}

void prepare_rootfs(struct spec *s) {
	mount_root(s);
	for (size_t i = 0; i < sizeof kernel_mounts / sizeof kernel_mounts[0]; i++) {
		const struct kmount *m = &kernel_mounts[i];
		int fd = mkdir_in_root(m->dst);
		if (s->hostnet && strcmp(m->fstype, "sysfs") == 0) {
			// The sysfs of a network namespace we don't own: bind the
			// host's, read-only.
			mount_fd("/sys", fd, NULL, MS_BIND | MS_REC, NULL, m->dst);
			char path[4096];
			snprintf(path, sizeof path, "%s/sys", s->target);
			remount_readonly(path);
			continue;
		}
		mount_fd(m->src, fd, m->fstype, m->flags, m->data, m->dst);
	}
	make_devices();
	user_mounts(s);
	for (int i = 0; i < s->bind_src.n && i < s->bind_dst.n; i++)
		bind_file(s->bind_src.v[i], s->bind_dst.v[i], 0);
	close(root_fd);
	// pivot_root(".", ".") stacks the old root under the new one; detaching
	// it leaves only the container's root.
	if (chdir(s->target) < 0 || syscall(SYS_pivot_root, ".", ".") < 0)
		fail(EXIT_ENGINE, "pivot_root: %s", strerror(errno));
	if (umount2(".", MNT_DETACH) < 0 || chdir("/") < 0)
		fail(EXIT_ENGINE, "detach old root: %s", strerror(errno));
	harden();
	if (s->hostname && *s->hostname && sethostname(s->hostname, strlen(s->hostname)) < 0)
		fail(EXIT_ENGINE, "sethostname: %s", strerror(errno));
	if (!s->hostnet)
		loopback_up();
}

void mount_cgroups(struct spec *s) {
	const unsigned long ro = MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY;
	const char *base = "/sys/fs/cgroup";
	// With --network host, /sys is the host's, bound with its cgroup mounts:
	// those go, ours replace them.
	if (s->hostnet)
		umount2(base, MNT_DETACH);
	if (s->cgroup_v2) {
		if (mount("cgroup2", base, "cgroup2", ro, NULL) < 0)
			fail(EXIT_ENGINE, "mount cgroup2: %s", strerror(errno));
		return;
	}
	if (s->cgroup_dirs.n == 0)
		return;
	// A tmpfs to hold one directory per hierarchy, read-only once filled.
	if (mount("tmpfs", base, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755") < 0)
		fail(EXIT_ENGINE, "mount cgroup tmpfs: %s", strerror(errno));
	for (int i = 0; i < s->cgroup_dirs.n && i < s->cgroup_opts.n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", base, s->cgroup_dirs.v[i]);
		if (strchr(s->cgroup_dirs.v[i], '/') || mkdir(path, 0755) < 0)
			fail(EXIT_ENGINE, "cgroup mount point %s: %s", path, strerror(errno));
		if (mount("cgroup", path, "cgroup", ro, s->cgroup_opts.v[i]) < 0)
			fail(EXIT_ENGINE, "mount cgroup %s: %s", s->cgroup_opts.v[i], strerror(errno));
	}
	if (mount(NULL, base, NULL, MS_REMOUNT | MS_BIND | ro, NULL) < 0)
		fail(EXIT_ENGINE, "read-only %s: %s", base, strerror(errno));
}
