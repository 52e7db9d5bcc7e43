// Decoding of the spec the Go side sends on the sync socket: records of a
// tag byte, a little-endian uint32 length and that many bytes, ended by a
// zero tag. Strings arrive NUL-free and are stored NUL-terminated.
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nsinit.h"

static int read_full(int fd, void *buf, size_t n) {
	char *p = buf;
	while (n > 0) {
		ssize_t r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

static void add(struct strlist *l, char *v) {
	if (l->n >= MAX_ITEMS)
		fail(EXIT_ENGINE, "container spec: too many items");
	l->v[l->n++] = v;
	l->v[l->n] = NULL;
}

int read_spec(int fd, struct spec *s) {
	memset(s, 0, sizeof *s);
	for (;;) {
		unsigned char hdr[5];
		if (read_full(fd, hdr, 1) < 0)
			return -1;
		if (hdr[0] == 0)
			return 0;
		if (read_full(fd, hdr + 1, 4) < 0)
			return -1;
		uint32_t n = (uint32_t)hdr[1] | (uint32_t)hdr[2] << 8 | (uint32_t)hdr[3] << 16 | (uint32_t)hdr[4] << 24;
		if (n > (64u << 20))
			return -1;
		char *v = malloc((size_t)n + 1);
		if (!v || read_full(fd, v, n) < 0)
			return -1;
		v[n] = 0;
		struct process *p = &s->proc;
		switch (hdr[0]) {
		case 'a': add(&p->args, v); break;
		case 'e': add(&p->env, v); break;
		case 'p': add(&p->caps, v); break;
		case 'c': p->cwd = v; break;
		case 'u': p->user = v; break;
		case 't': p->tty = v[0] == '1'; break;
		case 'r': p->rows = (unsigned)atoi(v); break;
		case 'k': p->cols = (unsigned)atoi(v); break;
		case 'h': s->hostname = v; break;
		case 'l': add(&s->lower, v); break;
		case 'U': s->upper = v; break;
		case 'W': s->work = v; break;
		case 'T': s->target = v; break;
		case 'R': s->readonly = v[0] == '1'; break;
		case 'S': add(&s->bind_src, v); break;
		case 'D': add(&s->bind_dst, v); break;
		case 'm': add(&s->mnt_src, v); break;
		case 'n': add(&s->mnt_dst, v); break;
		case 'y': add(&s->mnt_type, v); break;
		case 'f': add(&s->mnt_flags, v); break;
		case 'd': add(&s->mnt_data, v); break;
		case 'N': s->hostnet = v[0] == '1'; break;
		case 'V': s->cgroup_v2 = v[0] == '1'; break;
		case 'g': add(&s->cgroup_dirs, v); break;
		case 'o': add(&s->cgroup_opts, v); break;
		default: free(v);
		}
	}
}
