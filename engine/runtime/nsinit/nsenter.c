// The first half of `berth exec`, run as a constructor before the Go runtime
// starts: a multi-threaded Go process cannot setns() into a mount namespace,
// so we join the container's cgroup and namespaces here while the process is
// still single-threaded, as runc's nsexec does.
//
// Activated only when _BERTH_NSENTER_PID is set. Then:
//   1. become non-dumpable, so a process in the container cannot open our
//      /proc/PID/exe and overwrite the berth binary (CVE-2019-5736);
//   2. write our pid to every cgroup.procs file in _BERTH_NSENTER_CGROUPS
//      (':'-separated);
//   3. open the target's namespaces, then setns() into each;
//   4. clone(CLONE_PARENT) a child, which is in the target's PID namespace
//      and a child of whoever started us; write its pid to fd 3 and exit.
// The child reads the process to run from fd 3 and becomes it (process.c);
// it never starts the Go runtime.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "nsinit.h"


static void join_cgroups(const char *list) {
	char pid[32];
	int plen = snprintf(pid, sizeof pid, "%d", getpid());
	char *copy = strdup(list);
	if (!copy)
		fail(EXIT_ENGINE, "nsenter: strdup: %s", strerror(errno));
	for (char *save = NULL, *p = strtok_r(copy, ":", &save); p; p = strtok_r(NULL, ":", &save)) {
		int fd = open(p, O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			fail(EXIT_ENGINE, "nsenter: open cgroup: %s", strerror(errno));
		if (write(fd, pid, (size_t)plen) < 0)
			fail(EXIT_ENGINE, "nsenter: join cgroup: %s", strerror(errno));
		close(fd);
	}
	free(copy);
}

__attribute__((constructor)) static void berth_nsenter(void) {
	const char *target = getenv("_BERTH_NSENTER_PID");
	if (!target || !*target)
		return;
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		fail(EXIT_ENGINE, "nsenter: prctl: %s", strerror(errno));
	const char *cgroups = getenv("_BERTH_NSENTER_CGROUPS");
	if (cgroups && *cgroups)
		join_cgroups(cgroups);

	// The mount namespace goes last: once in it, /proc is the container's.
	static const char *names[] = {"cgroup", "ipc", "uts", "net", "pid", "mnt"};
	static const int types[] = {CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWUTS, CLONE_NEWNET, CLONE_NEWPID, CLONE_NEWNS};
	int fds[6];
	for (int i = 0; i < 6; i++) {
		char path[64];
		snprintf(path, sizeof path, "/proc/%s/ns/%s", target, names[i]);
		fds[i] = open(path, O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0 && !(errno == ENOENT && types[i] == CLONE_NEWCGROUP))
			fail(EXIT_ENGINE, "nsenter: open namespace: %s", strerror(errno));
	}
	for (int i = 0; i < 6; i++) {
		if (fds[i] < 0)
			continue;
		if (setns(fds[i], types[i]) < 0)
			fail(EXIT_ENGINE, "nsenter: join %s namespace: %s", names[i], strerror(errno));
		close(fds[i]);
	}
	pid_t child = (pid_t)syscall(SYS_clone, CLONE_PARENT | SIGCHLD, 0, 0, 0, 0);
	if (child < 0)
		fail(EXIT_ENGINE, "nsenter: clone: %s", strerror(errno));
	if (child > 0) {
		char buf[32];
		int n = snprintf(buf, sizeof buf, "%d\n", child);
		if (write(3, buf, (size_t)n) < 0)
			_exit(125);
		_exit(0);
	}
	// Tests pause here to look at an exec in progress (see package faults).
	const char *fault = getenv("BERTH_FAULT");
	if (fault && strcmp(fault, "nsexec.entered") == 0)
		sleep(3);
	static struct spec s;
	if (read_spec(SYNC_FD, &s) < 0)
		fail(EXIT_ENGINE, "read exec spec: %s", strerror(errno));
	exec_process(&s.proc);
}
