// The container's first process, top to bottom. The monitor started it in
// new namespaces (`berth __init`); it reads the spec, prepares the root
// while the monitor moves it into the container's cgroup (on cgroup v1 the
// first migration waits for an RCU grace period, which this overlaps),
// waits for the monitor's go-ahead, enters a cgroup namespace rooted at its
// now own cgroup and execs the user's command, which thereby becomes PID 1.
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "nsinit.h"

#define GO_BYTE 'G'

static void container_init(void) {
	static struct spec s;
	if (read_spec(SYNC_FD, &s) < 0)
		fail(EXIT_ENGINE, "read container spec: %s", strerror(errno));
	prepare_rootfs(&s);
	char go = 0;
	if (read(SYNC_FD, &go, 1) != 1 || go != GO_BYTE)
		fail(EXIT_ENGINE, "container init: no start signal from the monitor");
	if (unshare(CLONE_NEWCGROUP) < 0 && errno != EINVAL)
		fail(EXIT_ENGINE, "cgroup namespace: %s", strerror(errno));
	mount_cgroups(&s);
	exec_process(&s.proc);
}

__attribute__((constructor)) static void berth_init(int argc, char **argv) {
	if (argc >= 2 && strcmp(argv[1], "__init") == 0)
		container_init();
}
