// The parts of berth that run inside a container before its command: the
// container's init and the second half of `berth exec`. They run as
// constructors of the berth binary, before the Go runtime starts, so that a
// container starts without paying for a Go runtime and so that joining
// namespaces happens while the process is single-threaded.
#ifndef BERTH_NSINIT_H
#define BERTH_NSINIT_H

#include <stddef.h>

#define SYNC_FD 3
#define EXIT_ENGINE 125
#define EXIT_CANNOT_EXEC 126
#define EXIT_NOT_FOUND 127
#define MAX_ITEMS 4096

// A list of strings from the spec (args, env, layers, ...).
struct strlist {
	char *v[MAX_ITEMS + 1];
	int n;
};

// The process a container or an exec runs (runtime.Process in Go).
struct process {
	struct strlist args, env, caps;
	char *cwd, *user;
	int tty;
	unsigned rows, cols;
};

// The container's init (runtime.Spec in Go).
struct spec {
	struct process proc;
	char *hostname, *upper, *work, *target;
	struct strlist lower, bind_src, bind_dst;
	// User mounts (runtime.Mount), as parallel lists; flags are
	// "FLAGS:PROPAGATION:READONLY".
	struct strlist mnt_src, mnt_dst, mnt_type, mnt_flags, mnt_data;
	int hostnet;
	int readonly; // upper as the top lower layer, no work dir (export)
	int cgroup_v2;
	struct strlist cgroup_dirs, cgroup_opts; // v1 hierarchies
};

// wire.c: reads the tag-length-value encoding written by runtime/wire.go.
int read_spec(int fd, struct spec *s);

// fail reports an error to the other end of the sync socket as the JSON
// runtime.InitError and exits with code.
void fail(int code, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));

// process.c: become p (user, directory, terminal, capabilities) and exec it.
void exec_process(struct process *p) __attribute__((noreturn));

// rootfs.c: mount the container's root and pivot into it.
void prepare_rootfs(struct spec *s);

// mount_for_copy mounts the root and the user's mounts at the target,
// for `berth cp` on a stopped container; it does not pivot.
void mount_for_copy(struct spec *s);

// mount_cgroups mounts cgroupfs read-only at /sys/fs/cgroup; it runs in
// the container's cgroup namespace, so the container sees its own cgroup
// as the root.
void mount_cgroups(struct spec *s);

#endif
