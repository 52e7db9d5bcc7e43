#!/usr/bin/env bash
# Benchmarks behind BENCHMARKS.md (run as root: `make bench`):
#   1. start latency of `run --rm --network none busybox true`, side by side
#      with docker, podman and raw crun/runc when they are installed and
#      have the `bb` image of ../shared/PEERS.md;
#   2. memory (RSS, PSS) of one idle container's monitor, next to
#      containerd-shim and conmon when docker/podman are there;
#   3. how fast another berth process sees an event (Go benchmark);
#   4. volumes: copy-up of 10,000 files and `cp` of 200 MB, next to cp -a.
#   5. networking (scripts/bench-net.sh): start on a bridge, throughput,
#      published ports, DNS;
#   6. images: no-change rebuild, two images on one base, pull vs skopeo.
#   7. the workbench UI (scripts/bench-ui.sh): frame render time, keystroke
#      to screen, the UI's CPU use while idle with 100 containers.
# All of it runs in a private network namespace (the script re-executes
# itself under `unshare -n`); docker's CLI and podman still reach their
# daemon and storage through paths.
# ONLY=start, volumes, net, images or ui runs only that part; BENCH_DIR (default /tmp) is where the
# berth root and the file trees live (try /dev/shm to leave the disk out).
set -euo pipefail
. "$(dirname "$0")/netns.sh"
private_netns BERTH_BENCH_NETNS "$0" "$@"
cd "$(dirname "$0")/.."
BERTH=${BERTH:-$PWD/bin/berth}
BENCH_DIR=${BENCH_DIR:-/tmp}
ROOT=$(mktemp -d "$BENCH_DIR/berth-bench.XXXXXX")
RUNS=${RUNS:-100}
b() { "$BERTH" --root "$ROOT" "$@"; }
cleanup() {
	b rm -f bench-idle bench-big >/dev/null 2>&1 || true
	docker rm -f bench-idle >/dev/null 2>&1 || true
	podman rm -f bench-idle >/dev/null 2>&1 || true
	rm -rf "$ROOT" "${TREE:-}" "${CTX:-}"
}
trap cleanup EXIT
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null

b run --rm --network none busybox true # builds the default image once
want() { [ -z "${ONLY:-}" ] || [ "$ONLY" = "$1" ]; }
if want start; then

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
fi

if want volumes; then
echo
echo "## Volumes: copy-up of 10,000 small files, and cp out of a 200 MB tree (in $BENCH_DIR)"
# An image whose /data holds 10,000 small files, and the same tree on the host.
TREE=$(mktemp -d "$BENCH_DIR/berth-bench-tree.XXXXXX")
mkdir -p "$TREE/img/bin" "$TREE/img/data"
cp /bin/busybox "$TREE/img/bin/"
python3 - "$TREE/img/data" <<'PY'
import os, sys
d = sys.argv[1]
for i in range(100):
    sub = os.path.join(d, f"d{i:02d}")
    os.mkdir(sub)
    for j in range(100):
        with open(os.path.join(sub, f"f{j:03d}"), "w") as f:
            f.write(f"file {i} {j}\n" * 8)
PY
tar -C "$TREE/img" -cf "$TREE/img.tar" .
b import -c 'CMD ["/bin/busybox","true"]' "$TREE/img.tar" tenk >/dev/null
hyperfine -N --warmup 2 --runs 15 --export-json /tmp/berth-bench-copyup.json \
	--prepare "$BERTH --root $ROOT volume rm -f cu" "$BERTH --root $ROOT run --rm -v cu:/data tenk" \
	--prepare "rm -rf $TREE/copy" "cp -a $TREE/img/data $TREE/copy" >/dev/null
# 200 MB: 200 files of 1 MB plus 2,000 small ones, in a stopped container.
b run --name bench-big busybox sh -c 'mkdir -p /big/s; for i in $(seq 200); do head -c 1048576 /dev/urandom > /big/f$i; done; for i in $(seq 2000); do echo $i > /big/s/$i; done' >/dev/null
b cp bench-big:/big "$TREE/big"
hyperfine -N --warmup 1 --runs 10 --export-json /tmp/berth-bench-cp.json \
	--prepare "rm -rf $TREE/out" "$BERTH --root $ROOT cp bench-big:/big $TREE/out" \
	--prepare "rm -rf $TREE/out" "cp -a $TREE/big $TREE/out" >/dev/null
echo "| operation | median | mean |"
echo "|---|---|---|"
python3 - <<'PY'
import json
labels = {
    '/tmp/berth-bench-copyup.json': ['berth run --rm -v cu:/data tenk (create, copy-up into an empty volume, run, rm)',
                                     'cp -a of the same 10,000-file tree'],
    '/tmp/berth-bench-cp.json': ['berth cp bench-big:/big out (stopped container: mount, copy)',
                                 'cp -a of the same 200 MB tree'],
}
for f, names in labels.items():
    for name, r in zip(names, json.load(open(f))['results']):
        print(f"| {name} | {r['median']*1000:7.1f} ms | {r['mean']*1000:7.1f} ms |")
PY
b rm -f bench-big >/dev/null
rm -rf "$TREE"
echo
echo "Copy-up alone (Go benchmark, the same 10,000-file tree across two layers, vs cp -a):"
TMPDIR=$BENCH_DIR go test -run '^$' -bench 'BenchmarkCopyMerged10k|BenchmarkCpA10k' -benchtime 10x ./storage/layercopy | grep Benchmark
fi

if want net; then
echo
./scripts/bench-net.sh
fi

if want ui; then
echo
./scripts/bench-ui.sh
fi

if want images; then
echo
echo "## Images: no-change rebuild, shared base, pull (scripts/bench-pull.sh)"
CTX=$(mktemp -d "$BENCH_DIR/berth-bench-ctx.XXXXXX")
printf 'a\n' >"$CTX/a.txt"
printf 'b\n' >"$CTX/b.txt"
cat >"$CTX/Dockerfile" <<'DF'
FROM busybox
ENV APP=/app
WORKDIR /app
COPY a.txt .
RUN echo one > one.txt
COPY b.txt .
RUN echo two > two.txt
LABEL bench=1
EXPOSE 8080
CMD ["cat", "one.txt"]
DF
b build -q -t rebuild:1 "$CTX" >/dev/null
hyperfine -N --warmup 3 --runs 50 "$BERTH --root $ROOT build -q -t rebuild:1 $CTX" 2>/dev/null | grep -E 'Time|Range'
go test -run '^$' -bench BenchmarkNoChangeRebuild10 ./build | grep Benchmark
printf 'FROM rebuild:1\nRUN echo other > other.txt\n' >"$CTX/Dockerfile"
b build -q -t other:1 "$CTX" >/dev/null
echo "two images on one base: system df and the layer store"
b system df | head -2
du -sh "$ROOT/images/layers" | awk '{print "layers on disk: " $1}'
rm -rf "$CTX"
./scripts/bench-pull.sh
fi
