#!/usr/bin/env bash
# Workbench UI benchmarks behind BENCHMARKS.md's "Workbench UI" (run as
# root; `ONLY=ui make bench` runs this script alone):
#   1. render time of a frame with 1,000 containers (Go benchmarks: the
#      containers pane alone, and the whole root view);
#   2. keystroke to screen in a shell pane (Go benchmarks, a real pty): to
#      the pane's view, and on to an emulated terminal through the renderer;
#   3. the UI's own CPU use while idle with UI_N running containers: `berth`
#      in a tmux server of this script's own at 160x48 (TERM=xterm-256color),
#      utime+stime of the berth process from /proc/PID/stat over UI_SECS
#      seconds, on the containers pane (sparklines: the visible rows are
#      sampled once a second), in the detail view of one container (its
#      graphs), and on the images pane (nothing sampled).
# The containers are `busybox sleep 100000` with --network none (no veth or
# bridge to set up for 100 of them; the sampler's per-container work is the
# same apart from /proc/PID/net/dev, which it reads either way).
# Everything runs in a private network namespace (the script re-executes
# itself under `unshare -n`), never in the host's; all it starts is removed
# on exit.
#   BERTH      berth binary (default bin/berth, built if missing)
#   BENCH_DIR  where the berth root goes (default /dev/shm)
#   UI_N       running containers (default 100)
#   UI_SECS    seconds of each CPU measurement (default 30)
#   UI_SETTLE  seconds to wait before each measurement (default 5)
set -euo pipefail
. "$(dirname "$0")/netns.sh"
private_netns BERTH_BENCH_UI_UNSHARED "$0" "$@"
cd "$(dirname "$0")/.."
BERTH=${BERTH:-$PWD/bin/berth}
BENCH_DIR=${BENCH_DIR:-/dev/shm}
UI_N=${UI_N:-100}
UI_SECS=${UI_SECS:-30}
UI_SETTLE=${UI_SETTLE:-5}
ROOT=$(mktemp -d "$BENCH_DIR/berth-bench-ui.XXXXXX")
SOCK=berth-bench-ui-$$
b() { "$BERTH" --root "$ROOT" "$@"; }
. "$(dirname "$0")/tmuxui.sh"
cleanup() {
	tm kill-server >/dev/null 2>&1 || true
	ids=$(b ps -aq 2>/dev/null || true)
	[ -z "$ids" ] || b rm -f $ids >/dev/null 2>&1 || true
	rm -rf "$ROOT"
}
trap cleanup EXIT
[ -x "$BERTH" ] || go build -o "$BERTH" .
command -v tmux >/dev/null || { echo "bench-ui.sh: needs tmux (make deps installs it)" >&2; exit 1; }

echo "## Workbench UI"
echo
echo "Render and keystroke (Go benchmarks; targets: a frame under 5 ms, a keystroke under 16 ms):"
go test -run '^$' -bench 'BenchmarkContainersView1000|BenchmarkRootView1000' -benchtime 200x ./tui/ ./tui/panes/containers/ | grep Benchmark
go test -run '^$' -bench 'BenchmarkKeystrokeTo(Screen|Terminal)' -benchtime 2000x ./term/ | grep Benchmark

echo
echo "UI CPU while idle, $UI_N running containers (--network none), ${UI_SECS} s each, 160x48:"
for i in $(seq -w 1 "$UI_N"); do
	b run -d --network none --name "idle-$i" busybox sleep 100000 >/dev/null
done
tm new-session -d -x 160 -y 48 "env TERM=xterm-256color $BERTH --root $ROOT"
waitfor "Containers 1/$UI_N"
# The pane runs berth itself (sh -c and env exec it); make sure.
pid=$(tm display -p '#{pane_pid}')
if [ "$(cat "/proc/$pid/comm")" != berth ]; then
	pid=$(ps -o pid= --ppid "$pid" | head -1 | tr -d ' ')
fi
[ "$(cat "/proc/$pid/comm")" = berth ] || { echo "bench-ui.sh: no berth process under the pane" >&2; exit 1; }
hz=$(getconf CLK_TCK)
# cpu LABEL: settle, then utime+stime of the UI over UI_SECS as % of a core.
cpu() {
	sleep "$UI_SETTLE"
	local t0 w0 t1 w1
	t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
	w0=$(date +%s.%N)
	sleep "$UI_SECS"
	t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
	w1=$(date +%s.%N)
	rss=$(awk '/^VmRSS:/{printf "%.1f MB", $2/1024}' "/proc/$pid/status")
	awk -v l="$1" -v t="$((t1 - t0))" -v hz="$hz" -v w0="$w0" -v w1="$w1" -v rss="$rss" \
		'BEGIN{printf "| %s | %.2f%% | %.2f s in %.1f s | %s |\n", l, 100*t/hz/(w1-w0), t/hz, w1-w0, rss}'
}
echo "| view | CPU (% of one core) | CPU time | RSS at the end |"
echo "|---|---|---|---|"
rows=$(screen | grep -c 'idle-')
cpu "containers pane, $rows rows on screen (sparklines)"
tm send-keys Enter
waitfor 'container idle-'
cpu "detail view of one running container (graphs)"
tm send-keys Escape
sleep 0.3
tm send-keys 2
waitfor 'REPOSITORY'
cpu "images pane (nothing sampled)"
tm send-keys q
