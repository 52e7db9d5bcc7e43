#!/usr/bin/env bash
# Pull benchmark: `berth pull` of a 5-layer, 100 MB image of random data
# from a loopback registry (scripts/benchregistry, go-containerregistry's
# in-memory registry), next to `skopeo copy docker://... dir:` followed by
# unpacking its layers with tar, i.e. the same bytes fetched, checked and
# laid out as directories. Every run starts from an empty destination.
#   BERTH     berth binary (default bin/berth, built if missing)
#   BENCH_DIR where roots and copies go (default /tmp; /dev/shm leaves
#             the disk and berth's fsyncs out)
#   RUNS      hyperfine runs per command (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
BERTH=${BERTH:-$PWD/bin/berth}
BENCH_DIR=${BENCH_DIR:-/tmp}
RUNS=${RUNS:-10}

[ -x "$BERTH" ] || go build -o "$BERTH" .
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
command -v jq >/dev/null || apt-get install -y -qq jq >/dev/null
have_skopeo=1
if ! command -v skopeo >/dev/null && ! apt-get install -y -qq skopeo >/dev/null; then
	echo "skopeo could not be installed: timing berth alone" >&2
	have_skopeo=
fi

WORK=$(mktemp -d "$BENCH_DIR/berth-pull.XXXXXX")
go build -o "$WORK/benchregistry" ./scripts/benchregistry
"$WORK/benchregistry" -layers 5 -mb 100 >"$WORK/registry.out" &
REG=$!
trap 'kill $REG 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 600); do
	grep -q '^ready ' "$WORK/registry.out" && break
	kill -0 $REG 2>/dev/null || { echo "benchregistry died" >&2; exit 1; }
	sleep 0.1
done
REF=$(awk '/^ready /{print $2}' "$WORK/registry.out")
[ -n "$REF" ] || { echo "benchregistry never got ready" >&2; exit 1; }

# skopeo leaves compressed blobs; tar unpacks them base first, as a pull must.
cat >"$WORK/skopeo-pull.sh" <<EOF
set -e
skopeo copy -q --src-tls-verify=false --src-no-creds docker://$REF dir:$WORK/copy
mkdir $WORK/rootfs
for d in \$(jq -r '.layers[].digest' $WORK/copy/manifest.json); do
	tar -xzf $WORK/copy/\${d#sha256:} -C $WORK/rootfs
done
EOF

echo "## Pull of $REF (5 layers, 100 MB random content), $RUNS runs each, destination in $BENCH_DIR"
cmds=(--prepare "rm -rf $WORK/root" "$BERTH --root $WORK/root pull -q $REF")
if [ -n "$have_skopeo" ]; then
	cmds+=(--prepare "rm -rf $WORK/copy $WORK/rootfs" "sh $WORK/skopeo-pull.sh")
fi
hyperfine --warmup 1 --runs "$RUNS" --export-json "$WORK/pull.json" "${cmds[@]}" >/dev/null
python3 - "$WORK/pull.json" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))['results']
print("| command | mean | min | max |")
print("|---|---|---|---|")
for r in res:
    name = 'berth pull' if ' pull -q ' in r['command'] else 'skopeo copy + tar -x'
    print(f"| {name:<22} | {r['mean']*1000:7.1f} ms | {r['min']*1000:7.1f} ms | {r['max']*1000:7.1f} ms |")
if len(res) == 2:
    print(f"\nberth is {res[1]['mean'] / res[0]['mean']:.2f}x as fast as skopeo copy + tar -x")
PY
