#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "nsinit.h"

void fail(int code, const char *fmt, ...) {
	char msg[1024], out[2200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	// The message becomes a JSON string: escape what JSON requires.
	size_t o = (size_t)snprintf(out, sizeof out, "{\"code\":%d,\"msg\":\"", code);
	for (const char *p = msg; *p && o < sizeof out - 8; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if (c < 0x20) {
			o += (size_t)snprintf(out + o, sizeof out - o, "\\u%04x", c);
		} else {
			out[o++] = (char)c;
		}
	}
	o += (size_t)snprintf(out + o, sizeof out - o, "\"}\n");
	ssize_t w = write(SYNC_FD, out, o);
	(void)w;
	_exit(code);
}
