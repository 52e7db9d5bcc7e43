#!/usr/bin/env bash
# Benchmarks for BENCHMARKS.md: container start latency and the memory of
# one idle container's monitor. Peers (docker, podman) are measured in the
# same run when installed and running (see ../shared/PEERS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
BERTH=${BERTH:-$PWD/bin/berth}
ROOT=$(mktemp -d /tmp/berth-bench.XXXXXX)
RUNS=${RUNS:-50}
trap '"$BERTH" --root "$ROOT" rm -f bench-idle >/dev/null 2>&1 || true; rm -rf "$ROOT"' EXIT
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null

b() { "$BERTH" --root "$ROOT" "$@"; }
b run --rm --network none busybox true   # builds the default image once

echo "## start latency: run --rm --network none busybox true ($RUNS runs)"
cmds=("$BERTH --root $ROOT run --rm --network none busybox true")
if command -v docker >/dev/null && docker info >/dev/null 2>&1 && docker image inspect bb:latest >/dev/null 2>&1; then
	cmds+=("docker run --rm --network none bb true")
fi
if command -v podman >/dev/null && podman image exists localhost/bb:latest 2>/dev/null; then
	cmds+=("podman run --rm --network none localhost/bb:latest true")
fi
hyperfine -N --warmup 5 --runs "$RUNS" --export-json /tmp/berth-bench-start.json "${cmds[@]}"
python3 - <<'PY'
import json
for r in json.load(open('/tmp/berth-bench-start.json'))['results']:
    print(f"  median {r['median']*1000:.1f} ms  mean {r['mean']*1000:.1f} ms  min {r['min']*1000:.1f} ms  : {r['command']}")
PY

echo "## idle monitor memory"
b run -d --name bench-idle busybox sleep 100000 >/dev/null
sleep 1
pid=$(b inspect -f '{{.State.Pid}}' bench-idle)
mon=$(awk '{print $4}' /proc/$pid/stat)   # the container's parent is its monitor
grep -E '^(Rss|Pss):' /proc/$mon/smaps_rollup | awk '{printf "  %s %.2f MB\n", $1, $2/1024}'
