#!/usr/bin/env bash
# Benchmarks behind BENCHMARKS.md (run as root: `make bench`):
#   1. start latency of `run --rm --network none busybox true`, side by side
#      with docker, podman and raw crun/runc when they are installed and
#      have the `bb` image of ../shared/PEERS.md;
#   2. memory (RSS, PSS) of one idle container's monitor, next to
#      containerd-shim and conmon when docker/podman are there;
#   3. how fast another berth process sees an event (Go benchmark).
set -euo pipefail
cd "$(dirname "$0")/.."
BERTH=${BERTH:-$PWD/bin/berth}
ROOT=$(mktemp -d /tmp/berth-bench.XXXXXX)
RUNS=${RUNS:-100}
b() { "$BERTH" --root "$ROOT" "$@"; }
cleanup() {
	b rm -f bench-idle >/dev/null 2>&1 || true
	docker rm -f bench-idle >/dev/null 2>&1 || true
	podman rm -f bench-idle >/dev/null 2>&1 || true
	rm -rf "$ROOT"
}
trap cleanup EXIT
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null

b run --rm --network none busybox true # builds the default image once

have_docker() { command -v docker >/dev/null && docker image inspect bb:latest >/dev/null 2>&1; }
have_podman() { command -v podman >/dev/null && podman image exists localhost/bb:latest 2>/dev/null; }

echo "## Start latency: run --rm --network none <busybox> true ($RUNS runs each, hyperfine -N)"
echo "| command | median | mean | p90 |"
echo "|---|---|---|---|"
cmds=("$BERTH --root $ROOT run --rm --network none busybox true")
have_docker && cmds+=("docker run --rm --network none bb true")
have_podman && cmds+=("podman run --rm --network none localhost/bb:latest true")
hyperfine -N --warmup 10 --runs "$RUNS" --export-json /tmp/berth-bench-start.json "${cmds[@]}" >/dev/null
python3 - <<'PY'
import json
for r in json.load(open('/tmp/berth-bench-start.json'))['results']:
    ts = sorted(r['times'])
    p90 = ts[int(len(ts) * 0.9)]
    cmd = r['command']
    if ' --root ' in cmd:  # berth: drop the binary path and temporary root
        cmd = 'berth ' + cmd.split(' ', 3)[3]
    print(f"| {cmd:<58} | {r['median']*1000:6.1f} ms | {r['mean']*1000:6.1f} ms | {p90*1000:6.1f} ms |")
PY

echo
echo "## Idle container monitor memory (after 2 s idle)"
echo "| monitor | memory |"
echo "|---|---|"
pss() { awk '/^Rss:/{r=$2} /^Pss:/{p=$2} END{printf "RSS %.2f MB, PSS %.2f MB", r/1024, p/1024}' "/proc/$1/smaps_rollup"; }
b run -d --name bench-idle busybox sleep 100000 >/dev/null
sleep 2
pid=$(b inspect -f '{{.State.Pid}}' bench-idle)
mon=$(awk '{print $4}' "/proc/$pid/stat") # the container's parent is its monitor
echo "| berth monitor ($(tr '\0' ' ' </proc/$mon/cmdline | cut -c1-14)) | $(pss "$mon") |"
if have_docker; then
	docker run -d --name bench-idle --network none bb sleep 100000 >/dev/null
	sleep 2
	dpid=$(docker inspect -f '{{.State.Pid}}' bench-idle)
	shim=$(awk '{print $4}' "/proc/$dpid/stat")
	echo "| $(cat /proc/$shim/comm) | $(pss "$shim") |"
fi
if have_podman; then
	podman run -d --name bench-idle --network none localhost/bb:latest sleep 100000 >/dev/null
	sleep 2
	ppid=$(podman inspect -f '{{.State.Pid}}' bench-idle)
	conmon=$(awk '{print $4}' "/proc/$ppid/stat")
	echo "| $(cat /proc/$conmon/comm) | $(pss "$conmon") |"
fi

echo
echo "## Event latency (one berth process appends, another watches)"
go test -run '^$' -bench BenchmarkEventLatency -benchtime 500x ./engine/events | grep Benchmark
