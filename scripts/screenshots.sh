#!/usr/bin/env bash
# Pictures of the workbench UI for README.md (run as root: `make screenshots`).
# Sets up a small scene in a temporary berth root, opens `berth` in a tmux
# server of its own at 120x34 (TERM=xterm-256color), goes to each pane,
# captures it with `tmux capture-pane -e` and renders the ANSI text to PNG
# with charmbracelet/freeze (pure Go: its PNG rasteriser is resvg compiled
# to WebAssembly and run by wazero; `go install`ed into a temporary GOBIN
# through the Go module proxy unless $FREEZE names a binary):
#   screenshots/containers.png  the containers pane
#   screenshots/detail.png      a running container's detail view with graphs
#   screenshots/images.png, networks.png, volumes.png, topology.png
#   screenshots/help.png        the help overlay
#   screenshots/shell.png       a shell tab in a container
#   screenshots/split.png       two shells side by side
# Everything runs in a private network namespace (the script re-executes
# itself under `unshare -n`), never in the host's; all it starts (tmux,
# containers, the berth root) is removed on exit.
#   BERTH       berth binary (default bin/berth)
#   FREEZE      a freeze binary (default: go install freeze@v0.2.2)
#   SHOTS_DIR   where the PNGs go (default screenshots/)
#   GRAPH_SECS  seconds of samples before the detail view is taken (default 40)
set -euo pipefail
if [ -z "${BERTH_SHOTS_UNSHARED:-}" ]; then
	# freeze comes through the Go module proxy, so before leaving the host's
	# network namespace (nothing else here touches the network).
	if [ -z "${FREEZE:-}" ]; then
		BERTH_SHOTS_GOBIN=$(mktemp -d /dev/shm/berth-shots-gobin.XXXXXX)
		export BERTH_SHOTS_GOBIN FREEZE=$BERTH_SHOTS_GOBIN/freeze
		GOBIN=$BERTH_SHOTS_GOBIN go install github.com/charmbracelet/freeze@v0.2.2 ||
			{ rm -rf "$BERTH_SHOTS_GOBIN"; exit 1; }
	fi
fi
. "$(dirname "$0")/netns.sh"
. "$(dirname "$0")/tmuxui.sh"
private_netns BERTH_SHOTS_UNSHARED "$0" "$@"
cd "$(dirname "$0")/.."
BERTH=${BERTH:-$PWD/bin/berth}
SHOTS_DIR=${SHOTS_DIR:-$PWD/screenshots}
GRAPH_SECS=${GRAPH_SECS:-40}
COLS=120
ROWS=34
WORK=$(mktemp -d /dev/shm/berth-shots.XXXXXX)
ROOT=$WORK/root
SOCK=berth-shots-$$
b() { "$BERTH" --root "$ROOT" "$@"; }
cleanup() {
	tmux -L "$SOCK" kill-server >/dev/null 2>&1 || true
	if [ -d "$ROOT" ]; then
		ids=$(b ps -aq 2>/dev/null || true)
		[ -z "$ids" ] || b rm -f $ids >/dev/null 2>&1 || true
	fi
	rm -rf "$WORK" "${BERTH_SHOTS_GOBIN:-}"
}
trap cleanup EXIT

[ -x "$BERTH" ] || go build -o "$BERTH" .
command -v tmux >/dev/null || { echo "screenshots.sh: needs tmux (make deps installs it)" >&2; exit 1; }
mkdir -p "$SHOTS_DIR"

# The scene: on the user network `app`, a web server with a published
# port, a db with an alias (bursts of CPU), an api that is on `backend` too,
# and a client keeping the web server busy; a cache with a memory limit, a
# finished job, a paused worker and a created (never started) backup; two
# volumes; two more images (a commit and a tag).
b network create app >/dev/null
b network create backend >/dev/null
b volume create pgdata >/dev/null
b volume create site >/dev/null
b run --rm -v site:/www busybox sh -c 'mkdir -p /www/cgi-bin && echo "<h1>hello from berth</h1>" > /www/index.html &&
	printf "#!/bin/sh\necho Content-Type: text/plain; echo\nn=\$((RANDOM / 3)); i=0; while [ \$i -lt \$n ]; do i=\$((i+1)); done; echo \$n\n" > /www/cgi-bin/report &&
	chmod +x /www/cgi-bin/report' >/dev/null
b run -d --name web --network app -p 8080:80 -v site:/www busybox httpd -f -p 80 -h /www >/dev/null
b run -d --name db --network app --network-alias database -v pgdata:/var/lib/db busybox \
	sh -c 'while true; do n=$((RANDOM * 12)); i=0; while [ $i -lt $n ]; do i=$((i+1)); done; date >> /var/lib/db/wal; sleep 1; done' >/dev/null
b run -d --name api --network app --restart unless-stopped busybox \
	sh -c 'while true; do wget -q -O /dev/null http://web/; sleep 1; done' >/dev/null
b network connect backend api
b run -d --name cache --network backend --memory 32m busybox sh -c 'while true; do sleep 3600; done' >/dev/null
b run -d --name loadgen --network app busybox \
	sh -c 'while true; do wget -q -O /dev/null http://web/cgi-bin/report; usleep 20000; done' >/dev/null
b run --name migrate --network app -v pgdata:/var/lib/db busybox sh -c 'echo "schema v3" > /var/lib/db/schema' >/dev/null
b run -d --name worker busybox sh -c 'while true; do sleep 5; done' >/dev/null
b pause worker >/dev/null
b create --name backup -v pgdata:/data:ro busybox tar -cf /dev/null /data >/dev/null
b commit -m 'static site' -c 'EXPOSE 80' web web:v2 >/dev/null
b tag busybox:latest registry.local/tools:1.36 >/dev/null

# ansi2freeze rewrites tmux's SGR sequences into what freeze draws: it has
# no reverse video (the selected row), no 40-47/49 backgrounds, no bold,
# and one style per span, so each change becomes a reset followed by an
# explicit background and foreground, repeated at the start of each line
# (bold text on the default colour is drawn bright white, as many
# terminals do).
ansi2freeze() {
	python3 -c '
import re, sys
FG, BG = "38;2;196;196;196", "38;2;23;23;23"  # freeze: text #C4C4C4 on #171717
BASIC = ["40;42;46","215;78;111","49;187;113","211;229;97","128;86;255","237;97;215","4;215;215","197;200;198",
         "75;75;75","254;95;134","0;215;135","235;255;113","143;105;255","255;122;234","0;254;254","255;255;255"]
def color(c, bg):  # a colour spec ("32", "38;5;105", "38;2;r;g;b") as fg or bg
    if c is None:
        return None
    if c.startswith("38;"):
        return ("48;" if bg else "38;") + c[3:]
    n = int(c)
    idx = n - 30 if n < 90 else n - 90 + 8
    return ("48;2;" if bg else "38;2;") + BASIC[idx]
st = dict(bold=False, ul=False, it=False, rev=False, fg=None, bg=None)
def sgr(m):
    p = [int(x) if x else 0 for x in m.group(1).split(";")] if m.group(1) else [0]
    i = 0
    while i < len(p):
        v = p[i]
        if v == 0: st.update(bold=False, ul=False, it=False, rev=False, fg=None, bg=None)
        elif v == 1: st["bold"] = True
        elif v == 22: st["bold"] = False
        elif v == 3: st["it"] = True
        elif v == 23: st["it"] = False
        elif v == 4: st["ul"] = True
        elif v == 24: st["ul"] = False
        elif v == 7: st["rev"] = True
        elif v == 27: st["rev"] = False
        elif 30 <= v <= 37 or 90 <= v <= 97: st["fg"] = str(v)
        elif 40 <= v <= 47 or 100 <= v <= 107: st["bg"] = str(v - 10)
        elif v == 39: st["fg"] = None
        elif v == 49: st["bg"] = None
        elif v in (38, 48) and i + 1 < len(p):
            n = 3 if p[i + 1] == 5 else 5
            spec = "38;" + ";".join(map(str, p[i + 1:i + n]))
            st["fg" if v == 38 else "bg"] = spec
            i += n - 1
        i += 1
    return style()
def style():
    fg, bg = st["fg"], st["bg"]
    if fg is None and st["bold"]:
        fg = "97"
    if st["rev"]:
        fgc = color(bg, False) if bg else BG
        bgc = color(fg, True) if fg else "48;2;" + FG[5:]
    else:
        fgc, bgc = color(fg, False), color(bg, True)
    out = "\x1b[0m"
    if bgc: out += "\x1b[" + bgc + "m"
    if st["ul"]: out += "\x1b[4m"
    if st["it"]: out += "\x1b[3m"
    if fgc: out += "\x1b[" + fgc + "m"
    return out
# tmux carries a style over a line break; freeze starts each line afresh.
# Two blank columns at the end of each line: freeze guesses the text width
# a little short of what the font draws, and clips the last column.
for line in sys.stdin:
    body = re.sub(r"\x1b\[([0-9;]*)m", sgr, line.rstrip("\n"))
    sys.stdout.write(style() + body + "\x1b[0m  \n")
'
}

# The UI, in a tmux server of this script's own (inside this namespace).
tm new-session -d -x "$COLS" -y "$ROWS" "env TERM=xterm-256color $BERTH --root $ROOT"
# select_row NAME: the list's cursor onto NAME's row.
select_row() {
	local i
	keys g
	for i in $(seq 20); do
		sleep 0.2
		screen | grep -qE "^> $1 " && return 0
		keys Down
	done
	echo "screenshots.sh: no row for $1" >&2
	exit 1
}
# shot NAME: capture the pane with its colours and render it to NAME.png.
shot() {
	sleep 0.5
	tm capture-pane -e -p | ansi2freeze >"$WORK/$1.ansi"
	"$FREEZE" --language ansi --window --padding 20,24 --margin 0 --font.size 7 \
		--output "$SHOTS_DIR/$1.png" "$WORK/$1.ansi" >/dev/null
	chmod 644 "$SHOTS_DIR/$1.png"
	echo "$SHOTS_DIR/$1.png"
}

waitfor 'Containers .*sort'
waitfor 'backup'
select_row web
sleep 6 # a few samples for the sparklines
shot containers
keys 2
waitfor 'REPOSITORY'
shot images
keys 3
waitfor 'SUBNET'
select_row app
shot networks
keys 4
waitfor 'MOUNTPOINT'
shot volumes
keys 5
waitfor 'app \(bridge\)'
shot topology
keys 1
waitfor 'Containers .*sort'
keys '?'
waitfor 'any key closes'
shot help
keys Escape
sleep 0.3 # a key right after Escape would read as alt+key
# The web server's detail view: its graphs gain a column a second.
select_row web
keys Enter
waitfor 'container web'
sleep "$GRAPH_SECS"
shot detail
keys Escape
sleep 0.3
keys e
waitfor '^/ #'
keys 'clear; ls -l --color=always /dev; echo; top -b -n1 | head -9' Enter
waitfor 'PID +PPID'
shot shell
# A second shell, in db, following its log beside the first.
keys C-]
sleep 0.3
select_row db
keys e
waitfor '\[\$ db\]'
sleep 0.5
keys 'clear; tail -n 40 -f /var/lib/db/wal' Enter
keys 'C-\'
waitfor '\(\$ web\)'
sleep 2
shot split
keys C-]
sleep 0.3
keys q
