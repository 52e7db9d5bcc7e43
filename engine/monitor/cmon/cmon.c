// The long-lived half of a container's monitor, in C so that an idle
// container costs well under 2 MB (a Go process cannot go below ~3 MB PSS).
//
// The Go monitor starts the container, then execve()s the berth binary as
// `berth __cmon`; this constructor takes over before the Go runtime starts,
// keeping the same pid (so the container stays our child). It pumps the
// container's output to the json-file log and to attached clients, feeds
// their input to the container, resizes its terminal and, when the
// container exits, tells the clients and execs back into the Go monitor
// (`berth __monitor ROOT ID --exited STATUS`) to record the exit.
//
// Everything it is given arrives in environment variables (see cmon.go).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

enum { F_STDIN = 0, F_STDOUT = 1, F_STDERR = 2, F_RESIZE = 3, F_CLOSE_STDIN = 4, F_EXIT = 5, F_HELLO = 7 };
enum { H_STDIN = 1, H_STDOUT = 2, H_STDERR = 4 };
#define MAX_CLIENTS 64
#define MAX_FRAME (1 << 20)
#define LOG_LINE_MAX (16 << 10)
#define STDIN_PENDING_MAX (1 << 20)

struct client {
	int fd;
	int flags; // -1 until its Hello arrived
	unsigned char *buf;
	size_t len, cap;
};

static struct client clients[MAX_CLIENTS];
static int listen_fd = -1, out_fd = -1, err_fd = -1, in_fd = -1, log_fd = -1;
static int tty, stdin_once;
static pid_t child;
static unsigned char *pending; // stdin bytes the container has not read yet
static size_t pending_len;
static int close_stdin; // a client ended its input: close once pending is written
static char partial[2][LOG_LINE_MAX];
static size_t partial_len[2];

static int env_int(const char *name, int def) {
	const char *v = getenv(name);
	return v && *v ? atoi(v) : def;
}

// ---- the json-file log ----

static void log_entry(int stream, const char *p, size_t n) {
	if (log_fd < 0)
		return;
	// Worst case every byte becomes \u00XX (6 bytes), plus the envelope.
	size_t cap = n * 6 + 128;
	char *out = malloc(cap);
	if (!out)
		return;
	size_t o = 0;
	o += (size_t)snprintf(out, cap, "{\"log\":\"");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		switch (c) {
		case '"': out[o++] = '\\'; out[o++] = '"'; break;
		case '\\': out[o++] = '\\'; out[o++] = '\\'; break;
		case '\n': out[o++] = '\\'; out[o++] = 'n'; break;
		case '\r': out[o++] = '\\'; out[o++] = 'r'; break;
		case '\t': out[o++] = '\\'; out[o++] = 't'; break;
		default:
			if (c < 0x20 || c == 0x7f)
				o += (size_t)snprintf(out + o, cap - o, "\\u%04x", c);
			else
				out[o++] = (char)c;
		}
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	o += (size_t)snprintf(out + o, cap - o, "\",\"stream\":\"%s\",\"time\":\"%04d-%02d-%02dT%02d:%02d:%02d.%09ldZ\"}\n",
	                      stream == F_STDERR ? "stderr" : "stdout", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	                      tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec);
	// One write per entry keeps entries whole; a full disk loses lines only.
	ssize_t w = write(log_fd, out, o);
	(void)w;
	free(out);
}

// log_output splits output into lines as Docker does, carrying a partial
// line over to the next read until it grows past 16 KiB.
static void log_output(int stream, const char *p, size_t n) {
	int s = stream == F_STDERR;
	for (size_t i = 0; i < n; i++) {
		partial[s][partial_len[s]++] = p[i];
		if (p[i] == '\n' || partial_len[s] == LOG_LINE_MAX) {
			log_entry(stream, partial[s], partial_len[s]);
			partial_len[s] = 0;
		}
	}
}

static void log_flush(void) {
	for (int s = 0; s < 2; s++) {
		if (partial_len[s])
			log_entry(s ? F_STDERR : F_STDOUT, partial[s], partial_len[s]);
		partial_len[s] = 0;
	}
}

// ---- clients ----

static void drop_client(struct client *c) {
	if (c->fd < 0)
		return;
	if (c->flags > 0 && (c->flags & H_STDIN) && stdin_once && !tty)
		close_stdin = 1;
	close(c->fd);
	free(c->buf);
	memset(c, 0, sizeof *c);
	c->fd = -1;
}

static int add_client(int fd, int flags) {
	for (int i = 0; i < MAX_CLIENTS; i++) {
		if (clients[i].fd < 0) {
			clients[i].fd = fd;
			clients[i].flags = flags;
			// A client that stops reading for 10 s is dropped rather than
			// stalling the container and every other client.
			struct timeval tv = {10, 0};
			setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
			return 0;
		}
	}
	close(fd);
	return -1;
}

static int write_all(int fd, const void *p, size_t n) {
	const char *b = p;
	while (n > 0) {
		ssize_t w = send(fd, b, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

static void send_frame(struct client *c, int type, const void *p, size_t n) {
	unsigned char hdr[5] = {(unsigned char)type, (unsigned char)(n >> 24), (unsigned char)(n >> 16),
	                        (unsigned char)(n >> 8), (unsigned char)n};
	if (write_all(c->fd, hdr, 5) < 0 || (n && write_all(c->fd, p, n) < 0))
		drop_client(c);
}

static void broadcast(int type, const void *p, size_t n) {
	int want = type == F_STDERR ? H_STDERR : H_STDOUT;
	for (int i = 0; i < MAX_CLIENTS; i++)
		if (clients[i].fd >= 0 && clients[i].flags > 0 && (clients[i].flags & want))
			send_frame(&clients[i], type, p, n);
}

static void resize(unsigned rows, unsigned cols) {
	if (!tty || out_fd < 0 || rows == 0)
		return;
	struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
	ioctl(out_fd, TIOCSWINSZ, &ws);
}

static void queue_stdin(const unsigned char *p, size_t n) {
	if (in_fd < 0 || pending_len + n > STDIN_PENDING_MAX)
		return;
	unsigned char *np = realloc(pending, pending_len + n);
	if (!np)
		return;
	pending = np;
	memcpy(pending + pending_len, p, n);
	pending_len += n;
}

static void handle_frame(struct client *c, int type, const unsigned char *p, size_t n) {
	if (c->flags < 0) {
		if (type != F_HELLO || n != 5) {
			drop_client(c);
			return;
		}
		c->flags = p[0] | 0x100; // 0x100: hello seen, even with no streams
		resize((unsigned)p[1] << 8 | p[2], (unsigned)p[3] << 8 | p[4]);
		return;
	}
	switch (type) {
	case F_STDIN:
		if (c->flags & H_STDIN)
			queue_stdin(p, n);
		break;
	case F_RESIZE:
		if (n == 4)
			resize((unsigned)p[0] << 8 | p[1], (unsigned)p[2] << 8 | p[3]);
		break;
	case F_CLOSE_STDIN:
		if (!tty)
			close_stdin = 1;
		break;
	}
}

static void read_client(struct client *c) {
	if (c->cap - c->len < 65536) {
		size_t ncap = c->cap ? c->cap * 2 : 65536;
		if (ncap > MAX_FRAME + 5 + 65536) {
			drop_client(c);
			return;
		}
		unsigned char *nb = realloc(c->buf, ncap);
		if (!nb) {
			drop_client(c);
			return;
		}
		c->buf = nb;
		c->cap = ncap;
	}
	ssize_t r = read(c->fd, c->buf + c->len, c->cap - c->len);
	if (r <= 0) {
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			return;
		drop_client(c);
		return;
	}
	c->len += (size_t)r;
	size_t off = 0;
	while (c->fd >= 0 && c->len - off >= 5) {
		unsigned char *h = c->buf + off;
		size_t n = (size_t)h[1] << 24 | (size_t)h[2] << 16 | (size_t)h[3] << 8 | h[4];
		if (n > MAX_FRAME) {
			drop_client(c);
			return;
		}
		if (c->len - off < 5 + n)
			break;
		handle_frame(c, h[0], h + 5, n);
		off += 5 + n;
	}
	if (c->fd >= 0 && off > 0) {
		memmove(c->buf, c->buf + off, c->len - off);
		c->len -= off;
	}
}

// ---- the container's output ----

// pump reads once from an output fd; it returns 0 at end of stream.
static int pump(int fd, int type) {
	char buf[32768];
	ssize_t r = read(fd, buf, sizeof buf);
	if (r < 0 && (errno == EINTR || errno == EAGAIN))
		return 1;
	if (r <= 0)
		return 0; // EOF, or EIO once a PTY's last slave closed
	log_output(type, buf, (size_t)r);
	broadcast(type, buf, (size_t)r);
	return 1;
}

static long long now_ms(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

// parse_clients reads "fd:flags,fd:flags" handed over from the Go monitor.
static void parse_clients(const char *s) {
	while (s && *s) {
		int fd = atoi(s);
		const char *colon = strchr(s, ':');
		if (!colon)
			break;
		add_client(fd, atoi(colon + 1) | 0x100);
		s = strchr(colon, ',');
		if (s)
			s++;
	}
}

static void run(char **argv) {
	for (int i = 0; i < MAX_CLIENTS; i++)
		clients[i].fd = -1;
	listen_fd = env_int("BERTH_CMON_LISTEN", -1);
	out_fd = env_int("BERTH_CMON_OUT", -1);
	err_fd = env_int("BERTH_CMON_ERR", -1);
	in_fd = env_int("BERTH_CMON_IN", -1);
	log_fd = env_int("BERTH_CMON_LOG", -1);
	tty = env_int("BERTH_CMON_TTY", 0);
	stdin_once = env_int("BERTH_CMON_STDIN_ONCE", 0);
	child = (pid_t)env_int("BERTH_CMON_PID", 0);
	parse_clients(getenv("BERTH_CMON_CLIENTS"));
	const char *root = getenv("BERTH_CMON_ROOT"), *id = getenv("BERTH_CMON_ID");
	if (!root || !id || child <= 0 || listen_fd < 0)
		_exit(125);
	if (in_fd >= 0)
		fcntl(in_fd, F_SETFL, fcntl(in_fd, F_GETFL) | O_NONBLOCK);

	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	int sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);

	int status = 0, exited = 0;
	long long deadline = 0;
	for (;;) {
		// The child may have exited before we blocked SIGCHLD.
		if (!exited) {
			pid_t w = waitpid(child, &status, WNOHANG);
			if (w == child) {
				exited = 1;
				// Output still in the pipes is drained, but something that
				// keeps the terminal open after PID 1 died must not hold
				// the exit report hostage.
				deadline = now_ms() + 2000;
			}
		}
		if (exited && ((out_fd < 0 && err_fd < 0) || now_ms() > deadline))
			break;
		if (close_stdin && pending_len == 0 && in_fd >= 0) {
			close(in_fd);
			in_fd = -1;
		}

		struct pollfd pf[4 + MAX_CLIENTS];
		int map[4 + MAX_CLIENTS];
		int n = 0;
		pf[n] = (struct pollfd){.fd = sfd, .events = POLLIN}; map[n++] = -1;
		pf[n] = (struct pollfd){.fd = listen_fd, .events = POLLIN}; map[n++] = -2;
		if (out_fd >= 0) { pf[n] = (struct pollfd){.fd = out_fd, .events = POLLIN}; map[n++] = -3; }
		if (err_fd >= 0) { pf[n] = (struct pollfd){.fd = err_fd, .events = POLLIN}; map[n++] = -4; }
		if (in_fd >= 0 && pending_len > 0) { pf[n] = (struct pollfd){.fd = in_fd, .events = POLLOUT}; map[n++] = -5; }
		for (int i = 0; i < MAX_CLIENTS; i++) {
			// Stop reading input while the container is behind on stdin.
			if (clients[i].fd >= 0 && pending_len < STDIN_PENDING_MAX / 2) {
				pf[n] = (struct pollfd){.fd = clients[i].fd, .events = POLLIN};
				map[n++] = i;
			}
		}
		int timeout = exited ? 50 : -1;
		if (poll(pf, (nfds_t)n, timeout) < 0 && errno != EINTR)
			break;
		for (int k = 0; k < n; k++) {
			if (!pf[k].revents)
				continue;
			switch (map[k]) {
			case -1: {
				struct signalfd_siginfo si;
				while (read(sfd, &si, sizeof si) > 0) {
				}
				break;
			}
			case -2: {
				int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
				if (fd >= 0)
					add_client(fd, -1);
				break;
			}
			case -3:
				if (!pump(out_fd, F_STDOUT)) {
					close(out_fd);
					if (tty)
						in_fd = -1; // the same PTY master
					out_fd = -1;
				}
				break;
			case -4:
				if (!pump(err_fd, F_STDERR)) {
					close(err_fd);
					err_fd = -1;
				}
				break;
			case -5: {
				ssize_t w = write(in_fd, pending, pending_len);
				if (w > 0) {
					memmove(pending, pending + w, pending_len - (size_t)w);
					pending_len -= (size_t)w;
				} else if (w < 0 && errno != EAGAIN && errno != EINTR) {
					pending_len = 0;
					if (!tty) {
						close(in_fd);
						in_fd = -1;
					}
				}
				break;
			}
			default:
				read_client(&clients[map[k]]);
			}
		}
	}
	log_flush();

	int code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
	char msg[32];
	int len = snprintf(msg, sizeof msg, "{\"code\":%d}", code);
	for (int i = 0; i < MAX_CLIENTS; i++) {
		if (clients[i].fd >= 0) {
			if (clients[i].flags > 0)
				send_frame(&clients[i], F_EXIT, msg, (size_t)len);
			drop_client(&clients[i]);
		}
	}
	if (out_fd >= 0)
		close(out_fd);
	if (err_fd >= 0)
		close(err_fd);
	if (in_fd >= 0 && !tty)
		close(in_fd);
	if (log_fd >= 0)
		close(log_fd);

	// Back to the Go monitor to record the exit. The listening socket stays
	// open across the exec: clients that connect meanwhile wait in its backlog.
	sigprocmask(SIG_UNBLOCK, &mask, NULL);
	char st[16], lfd[16];
	snprintf(st, sizeof st, "%d", status);
	snprintf(lfd, sizeof lfd, "%d", listen_fd);
	setenv("BERTH_MONITOR_LISTEN", lfd, 1);
	char *args[] = {argv[0], "__monitor", (char *)root, (char *)id, "--exited", st, NULL};
	extern char **environ;
	execve("/proc/self/exe", args, environ);
	_exit(125);
}

__attribute__((constructor)) static void berth_cmon(int argc, char **argv, char **envp) {
	(void)envp;
	if (argc < 2 || strcmp(argv[1], "__cmon") != 0)
		return;
	run(argv);
	_exit(125);
}
