// Becoming the container's process: user, working directory, session and
// terminal, capabilities, then exec. Shared by the init and by exec. The
// order is the kernel's: the console is made before the user changes (it
// is chowned to the user), the bounding set is dropped while we still hold
// CAP_SETPCAP, the user is switched last.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "nsinit.h"

// Docker's default capability set.
static const char *default_caps[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
	"CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
	"CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE", NULL,
};

static const char *cap_names[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
	"CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
	"CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
	"CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
	"CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
};
#define NCAPS ((int)(sizeof cap_names / sizeof cap_names[0]))

struct user {
	uid_t uid;
	gid_t gid;
	gid_t groups[256];
	int ngroups;
	char home[1024];
};

static int is_number(const char *s) {
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

// field returns the n-th ':'-separated field of line (modified in place).
static char *field(char **rest) {
	char *f = *rest;
	if (!f)
		return "";
	char *c = strchr(f, ':');
	if (c) {
		*c = 0;
		*rest = c + 1;
	} else {
		char *nl = strchr(f, '\n');
		if (nl)
			*nl = 0;
		*rest = NULL;
	}
	return f;
}

// resolve_user reads Docker's -u forms (name, uid, name:group, uid:gid)
// from the container's own passwd and group files, as runtime.ResolveUser
// documents them.
static void resolve_user(const char *spec, struct user *u) {
	char userpart[256] = "0", grouppart[256] = "";
	int has_group = 0;
	memset(u, 0, sizeof *u);
	strcpy(u->home, "/");
	if (spec && *spec) {
		const char *colon = strchr(spec, ':');
		size_t ul = colon ? (size_t)(colon - spec) : strlen(spec);
		if (ul >= sizeof userpart || (colon && strlen(colon + 1) >= sizeof grouppart))
			fail(EXIT_ENGINE, "invalid user %s", spec);
		if (ul > 0) {
			memcpy(userpart, spec, ul);
			userpart[ul] = 0;
		}
		if (colon) {
			has_group = 1;
			strcpy(grouppart, colon + 1);
		}
	}
	char name[256] = "";
	int found = 0, numeric = is_number(userpart);
	if (numeric)
		u->uid = (uid_t)strtoul(userpart, NULL, 10);
	FILE *f = fopen("/etc/passwd", "re");
	char line[4096];
	while (f && fgets(line, sizeof line, f)) {
		char *rest = line;
		char *n = field(&rest);
		field(&rest);
		char *uid = field(&rest), *gid = field(&rest);
		field(&rest);
		char *home = field(&rest);
		if ((numeric && strcmp(uid, userpart) == 0) || (!numeric && strcmp(n, userpart) == 0)) {
			snprintf(name, sizeof name, "%s", n);
			u->uid = (uid_t)strtoul(uid, NULL, 10);
			u->gid = (gid_t)strtoul(gid, NULL, 10);
			if (*home)
				snprintf(u->home, sizeof u->home, "%s", home);
			found = 1;
			break;
		}
	}
	if (f)
		fclose(f);
	if (!numeric && !found)
		fail(EXIT_ENGINE, "unable to find user %s: no matching entries in passwd file", userpart);
	f = fopen("/etc/group", "re");
	int group_found = 0;
	if (has_group && is_number(grouppart)) {
		u->gid = (gid_t)strtoul(grouppart, NULL, 10);
		group_found = 1;
	}
	while (f && fgets(line, sizeof line, f)) {
		char *rest = line;
		char *n = field(&rest);
		field(&rest);
		char *gid = field(&rest), *members = field(&rest);
		gid_t g = (gid_t)strtoul(gid, NULL, 10);
		if (has_group && !group_found && strcmp(n, grouppart) == 0) {
			u->gid = g;
			group_found = 1;
		}
		// Supplementary groups are those listing the user by name.
		if (*name) {
			for (char *save = NULL, *m = strtok_r(members, ",", &save); m; m = strtok_r(NULL, ",", &save))
				if (strcmp(m, name) == 0 && u->ngroups < 256)
					u->groups[u->ngroups++] = g;
		}
	}
	if (f)
		fclose(f);
	if (has_group && !group_found)
		fail(EXIT_ENGINE, "unable to find group %s: no matching entries in group file", grouppart);
	// The primary group is not repeated among the supplementary ones.
	int k = 0;
	for (int i = 0; i < u->ngroups; i++)
		if (u->groups[i] != u->gid)
			u->groups[k++] = u->groups[i];
	u->ngroups = k;
}

static int has_env(struct strlist *env, const char *key) {
	size_t n = strlen(key);
	for (int i = 0; i < env->n; i++)
		if (strncmp(env->v[i], key, n) == 0 && env->v[i][n] == '=')
			return 1;
	return 0;
}

static void mkdir_p(const char *path, uid_t uid, gid_t gid) {
	char buf[4096];
	snprintf(buf, sizeof buf, "%s", path);
	for (char *p = buf + 1; ; p++) {
		if (*p == '/' || *p == 0) {
			char c = *p;
			*p = 0;
			if (mkdir(buf, 0755) == 0)
				chown(buf, uid, gid);
			*p = c;
			if (c == 0)
				break;
		}
	}
}

// enter_cwd changes to the working directory, creating it (owned by the
// user) when the image lacks it, as Docker does.
static void enter_cwd(const char *cwd, struct user *u) {
	if (!cwd || !*cwd)
		cwd = "/";
	struct stat st;
	if (stat(cwd, &st) < 0 && errno == ENOENT)
		mkdir_p(cwd, u->uid, u->gid);
	if (chdir(cwd) < 0)
		fail(EXIT_CANNOT_EXEC, "chdir to cwd (\"%s\") set in config.json failed: %s", cwd, strerror(errno));
}

// open_console makes a PTY in the container's own devpts (so that `tty`
// names a device that exists in the container), makes its slave our stdio
// and sends the master over the sync socket, as runc's console socket does.
static void open_console(struct process *p, uid_t uid) {
	int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0)
		fail(EXIT_ENGINE, "open console: %s", strerror(errno));
	int unlock = 0, n = 0;
	if (ioctl(master, TIOCSPTLCK, &unlock) < 0 || ioctl(master, TIOCGPTN, &n) < 0)
		fail(EXIT_ENGINE, "console: %s", strerror(errno));
	char path[64];
	snprintf(path, sizeof path, "/dev/pts/%d", n);
	int slave = open(path, O_RDWR | O_NOCTTY);
	if (slave < 0)
		fail(EXIT_ENGINE, "open console slave: %s", strerror(errno));
	if (fchown(slave, uid, (gid_t)-1) < 0) {
		// devpts may refuse; the console still works for root.
	}
	if (p->rows > 0) {
		struct winsize ws = {.ws_row = (unsigned short)p->rows, .ws_col = (unsigned short)p->cols};
		ioctl(slave, TIOCSWINSZ, &ws);
	}
	for (int fd = 0; fd < 3; fd++)
		if (dup2(slave, fd) < 0)
			fail(EXIT_ENGINE, "console stdio: %s", strerror(errno));
	if (slave > 2)
		close(slave);
	static char msg[] = "{\"console\":true}\n";
	struct iovec iov = {.iov_base = msg, .iov_len = sizeof msg - 1};
	char cbuf[CMSG_SPACE(sizeof(int))];
	memset(cbuf, 0, sizeof cbuf);
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &master, sizeof(int));
	if (sendmsg(SYNC_FD, &mh, 0) < 0)
		fail(EXIT_ENGINE, "send console: %s", strerror(errno));
	close(master);
}

static int cap_number(const char *name) {
	for (int i = 0; i < NCAPS; i++)
		if (strcasecmp(cap_names[i], name) == 0)
			return i;
	return -1;
}

// drop_caps removes every capability not kept from the bounding set. Root
// keeps exactly these after exec; other users get none, as in Docker,
// because exec recomputes the permitted set from the bounding set.
static void drop_caps(struct strlist *keep) {
	int want[64] = {0};
	const char **list = keep->n ? (const char **)keep->v : default_caps;
	for (int i = 0; list[i]; i++) {
		int c = cap_number(list[i]);
		if (c < 0)
			fail(EXIT_ENGINE, "unknown capability %s", list[i]);
		want[c] = 1;
	}
	int last = 40;
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
	if (f) {
		if (fscanf(f, "%d", &last) != 1)
			last = 40;
		fclose(f);
	}
	for (int c = 0; c <= last && c < 64; c++)
		if (!want[c] && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL)
			fail(EXIT_ENGINE, "drop capability %d: %s", c, strerror(errno));
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
}

// executable reports 0, or the errno that exec of path would give.
static int executable(const char *path) {
	struct stat st;
	if (stat(path, &st) < 0)
		return ENOENT;
	if (S_ISDIR(st.st_mode) || !(st.st_mode & 0111))
		return EACCES;
	return 0;
}

// look_path finds the command with the container's PATH, not ours.
static const char *look_path(const char *cmd, struct strlist *env) {
	static char found[4096];
	if (strchr(cmd, '/')) {
		int err = executable(cmd);
		if (err == ENOENT)
			fail(EXIT_NOT_FOUND, "exec: \"%s\": no such file or directory", cmd);
		if (err)
			fail(EXIT_CANNOT_EXEC, "exec: \"%s\": permission denied", cmd);
		return cmd;
	}
	const char *path = "";
	for (int i = 0; i < env->n; i++)
		if (strncmp(env->v[i], "PATH=", 5) == 0)
			path = env->v[i] + 5;
	int denied = 0;
	char dirs[4096];
	snprintf(dirs, sizeof dirs, "%s", path);
	for (char *save = NULL, *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		snprintf(found, sizeof found, "%s/%s", *d ? d : ".", cmd);
		int err = executable(found);
		if (err == 0)
			return found;
		if (err == EACCES)
			denied = 1;
	}
	if (denied)
		fail(EXIT_CANNOT_EXEC, "exec: \"%s\": permission denied", cmd);
	fail(EXIT_NOT_FOUND, "exec: \"%s\": executable file not found in $PATH", cmd);
}

// reset_signals gives the command default signal handling and an empty
// mask: the monitor ignores SIGTERM and friends, and an ignored signal
// would stay ignored across exec (a shell could not even trap it).
static void reset_signals(void) {
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

void exec_process(struct process *p) {
	if (p->args.n == 0)
		fail(EXIT_ENGINE, "no command specified");
	struct user u;
	resolve_user(p->user, &u);
	if (!has_env(&p->env, "HOME") && p->env.n < MAX_ITEMS) {
		static char home[1100];
		snprintf(home, sizeof home, "HOME=%s", u.home);
		p->env.v[p->env.n++] = home;
		p->env.v[p->env.n] = NULL;
	}
	enter_cwd(p->cwd, &u);
	if (setsid() < 0)
		fail(EXIT_ENGINE, "setsid: %s", strerror(errno));
	if (p->tty) {
		open_console(p, u.uid);
		if (ioctl(0, TIOCSCTTY, 0) < 0)
			fail(EXIT_ENGINE, "controlling terminal: %s", strerror(errno));
	}
	drop_caps(&p->caps);
	if (setgroups((size_t)u.ngroups, u.groups) < 0)
		fail(EXIT_ENGINE, "setgroups: %s", strerror(errno));
	if (setresgid(u.gid, u.gid, u.gid) < 0)
		fail(EXIT_ENGINE, "setgid: %s", strerror(errno));
	if (setresuid(u.uid, u.uid, u.uid) < 0)
		fail(EXIT_ENGINE, "setuid: %s", strerror(errno));
	const char *path = look_path(p->args.v[0], &p->env);
	reset_signals();
	// The sync socket is close-on-exec: the other side reads EOF once exec succeeded.
	fcntl(SYNC_FD, F_SETFD, FD_CLOEXEC);
	execve(path, p->args.v, p->env.v);
	int err = errno;
	fail(err == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC, "exec: \"%s\": %s", p->args.v[0], strerror(err));
}
