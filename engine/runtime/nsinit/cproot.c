// `berth cp` on a stopped container (`berth __cproot TARGET`) and `berth
// export` (`berth __exportroot TARGET`): before the Go runtime starts,
// enter a mount namespace of our own and mount the container's root (and,
// for cp, its volumes) there, as its init would. The mounts are seen by no
// other process and vanish when this one exits, however it exits. The Go
// side then copies or archives through them.
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "nsinit.h"

__attribute__((constructor)) static void berth_cproot(int argc, char **argv) {
	if (argc < 2 || (strcmp(argv[1], "__cproot") != 0 && strcmp(argv[1], "__exportroot") != 0))
		return;
	static struct spec s;
	if (read_spec(SYNC_FD, &s) < 0)
		fail(EXIT_ENGINE, "read container spec: %s", strerror(errno));
	if (unshare(CLONE_NEWNS) < 0)
		fail(EXIT_ENGINE, "mount namespace: %s", strerror(errno));
	mount_for_copy(&s);
	// The spec's memory is left as is: the process is short-lived.
	close(SYNC_FD);
}
