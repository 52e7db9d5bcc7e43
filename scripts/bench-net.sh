#!/usr/bin/env bash
# Network benchmarks behind BENCHMARKS.md's "Networking" (run as root;
# `ONLY=net make bench` runs this script alone). Everything happens in a
# network namespace of its own (the script re-executes itself under
# `unshare -n`), never in the host's:
#   1. start latency of `run --rm busybox true` on the default bridge, next
#      to --network none, and podman's default (CNI) bridge when podman has
#      the `bb` image of ../shared/PEERS.md;
#   2. TCP throughput, one stream (scripts/netbench blast -> sink), container
#      to container on one user-defined bridge, next to a plain veth pair
#      between two namespaces made by hand;
#   3. TCP throughput into a container through a published port (nftables
#      DNAT on 127.0.0.1), next to docker's userland proxy (docker-proxy run
#      by hand towards the same container) and the container's IP direct;
#   4. DNS lookup latency against a user network's responder on the gateway,
#      from a container and from the namespace, next to a trivial server
#      (netbench dnsd) on the same address.
#   BERTH      berth binary (default bin/berth, built if missing)
#   BENCH_DIR  where the berth root goes (default /tmp; try /dev/shm)
#   NET_RUNS   hyperfine runs per start command (default 50)
#   NET_REPS   repetitions of each throughput and DNS measurement (default 7)
#   NET_SECS   seconds per throughput run (default 4)
#   DNS_N      timed lookups per DNS run (default 2000)
set -euo pipefail
. "$(dirname "$0")/netns.sh"
private_netns BERTH_BENCH_NET_UNSHARED "$0" "$@"
cd "$(dirname "$0")/.."
BERTH=${BERTH:-$PWD/bin/berth}
BENCH_DIR=${BENCH_DIR:-/tmp}
NET_RUNS=${NET_RUNS:-50}
NET_REPS=${NET_REPS:-7}
NET_SECS=${NET_SECS:-4}
DNS_N=${DNS_N:-2000}

[ -x "$BERTH" ] || go build -o "$BERTH" .
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
WORK=$(mktemp -d "$BENCH_DIR/berth-net.XXXXXX")
ROOT=$WORK/root
NB=$WORK/netbench
CGO_ENABLED=0 go build -o "$NB" ./scripts/netbench
b() { "$BERTH" --root "$ROOT" "$@"; }
bgpids=() # our background processes: namespace holders, sinks, proxy, dnsd
cleanup() {
	set +e
	for p in "${bgpids[@]}"; do kill "$p" 2>/dev/null; done
	b rm -f net-sink target >/dev/null 2>&1
	b network rm benchnet >/dev/null 2>&1
	# Whatever of this root still runs (monitors, DNS responders): by PID.
	for p in $(pgrep -f -- "$ROOT"); do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
field() { sed -n "s/.*\<$1=\([^ ]*\).*/\1/p"; } # gbps=, median_us=... from netbench's one line

b run --rm --network none busybox true # builds the default image once

echo "## Networking: start latency, default bridge vs none ($NET_RUNS runs each, hyperfine -N)"
have_podman() { command -v podman >/dev/null && podman image exists localhost/bb:latest 2>/dev/null; }
cmds=("$BERTH --root $ROOT run --rm busybox true" "$BERTH --root $ROOT run --rm --network none busybox true")
have_podman && cmds+=("podman run --rm localhost/bb:latest true" "podman run --rm --network none localhost/bb:latest true")
hyperfine -N --warmup 5 --runs "$NET_RUNS" --export-json "$WORK/start.json" "${cmds[@]}" >/dev/null
echo "| command | median | mean | p90 |"
echo "|---|---|---|---|"
python3 - "$WORK/start.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))['results']:
    ts = sorted(r['times'])
    p90 = ts[int(len(ts) * 0.9)]
    cmd = r['command']
    if ' --root ' in cmd:  # berth: drop the binary path and temporary root
        cmd = 'berth ' + cmd.split(' ', 3)[3]
    print(f"| {cmd:<55} | {r['median']*1000:6.1f} ms | {r['mean']*1000:6.1f} ms | {p90*1000:6.1f} ms |")
PY
echo "(docker: not run; its daemon would have to own a bridge and iptables in this namespace)"

# Two namespaces joined by a bare veth pair: the floor for container to container.
nsholder() {
	unshare -n sleep infinity </dev/null >/dev/null 2>&1 &
	local p=$!
	bgpids+=("$p")
	while [ "$(readlink "/proc/$p/ns/net")" = "$(readlink /proc/self/ns/net)" ]; do sleep 0.01; done
	NSPID=$p
}
nsholder; NSA=$NSPID
nsholder; NSB=$NSPID
inns() { local p=$1; shift; nsenter --net="/proc/$p/ns/net" -- "$@"; }
ip link add nbva netns "$NSA" type veth peer name nbvb netns "$NSB"
inns "$NSA" ip addr add 10.99.0.1/24 dev nbva
inns "$NSB" ip addr add 10.99.0.2/24 dev nbvb
for p in $NSA $NSB; do inns "$p" ip link set lo up; done
inns "$NSA" ip link set nbva up
inns "$NSB" ip link set nbvb up
nsenter --net="/proc/$NSA/ns/net" -- "$NB" sink -l 10.99.0.1:5201 & # nsenter execs: $! is the sink
bgpids+=($!)

# The same two ends through a bridge made by hand (a veth pair each, as
# berth and docker wire containers): what the topology itself costs.
nsholder; NSH=$NSPID
nsholder; NSC=$NSPID
nsholder; NSD=$NSPID
inns "$NSH" ip link add nbbr type bridge
inns "$NSH" ip link set nbbr up
for end in "c $NSC 10.98.0.1" "d $NSD 10.98.0.2"; do
	set -- $end
	ip link add "nb$1" netns "$2" type veth peer name "nb$1p" netns "$NSH"
	inns "$NSH" ip link set "nb$1p" master nbbr up
	inns "$2" ip addr add "$3/24" dev "nb$1"
	inns "$2" ip link set "nb$1" up
done
nsenter --net="/proc/$NSC/ns/net" -- "$NB" sink -l 10.98.0.1:5201 &
bgpids+=($!)

# berth: a user network, a sink container publishing its port, and docker's
# userland proxy towards the same container.
b network create benchnet >/dev/null
GW=$(b network inspect -f '{{(index .IPAM.Config 0).Gateway}}' benchnet)
b run -d --name net-sink --network benchnet -p 127.0.0.1:15201:5201 -v "$NB:/netbench:ro" busybox /netbench sink -l :5201 >/dev/null
SINK=$(b inspect -f '{{(index .NetworkSettings.Networks "benchnet").IPAddress}}' net-sink)
have_proxy=
if [ -x /usr/sbin/docker-proxy ]; then
	# It reports "0" (listening) or "1\nerror" on fd 3, and closes fd 3
	# either way: without one it would close its own listener.
	/usr/sbin/docker-proxy -proto tcp -host-ip 127.0.0.1 -host-port 15202 \
		-container-ip "$SINK" -container-port 5201 3>"$WORK/proxy.status" 2>"$WORK/proxy.log" &
	bgpids+=($!)
	for _ in $(seq 100); do [ -s "$WORK/proxy.status" ] && break; sleep 0.05; done
	if [ "$(head -c1 "$WORK/proxy.status")" = 0 ]; then
		have_proxy=1
	else
		echo "docker-proxy did not start: $(cat "$WORK/proxy.status")" >&2
	fi
fi

blast() { local addr=$1; shift; "$@" blast -c "$addr" -t "${NET_SECS}s" | field gbps; } # ADDR, netbench command
INCTR=(b run --rm --network benchnet -v "$NB:/netbench:ro" busybox /netbench) # netbench in a fresh container
declare -A tput
for rep in $(seq "$NET_REPS"); do
	tput[veth]+=" $(blast 10.99.0.1:5201 inns "$NSB" "$NB")"
	tput[bridge]+=" $(blast 10.98.0.1:5201 inns "$NSD" "$NB")"
	tput[c2c]+=" $(blast "$SINK:5201" "${INCTR[@]}")"
	tput[direct]+=" $(blast "$SINK:5201" "$NB")"
	tput[dnat]+=" $(blast 127.0.0.1:15201 "$NB")"
	[ -z "$have_proxy" ] || tput[proxy]+=" $(blast 127.0.0.1:15202 "$NB")"
done

echo
echo "## Networking: TCP throughput, one stream, ${NET_SECS} s a run, median of $NET_REPS (netbench blast -> sink)"
echo "| path | median | best | runs (Gbit/s) | relative |"
echo "|---|---|---|---|---|"
row() { # key label [key-to-compare-with its-name]
	local m best r=""
	m=$(echo "${tput[$1]}" | median)
	best=$(echo "${tput[$1]}" | tr ' ' '\n' | sort -g | tail -1)
	if [ -n "${3:-}" ] && [ -n "${tput[$3]:-}" ]; then
		r=$(awk -v a="$m" -v b="$(echo "${tput[$3]}" | median)" -v ab="$best" \
			-v bb="$(echo "${tput[$3]}" | tr ' ' '\n' | sort -g | tail -1)" -v n="$4" \
			'BEGIN{printf "%.0f%% of %s (best: %.0f%%)", 100*a/b, n, 100*ab/bb}')
	fi
	printf '| %s | %.1f Gbit/s | %.1f Gbit/s | %s | %s |\n' "$2" "$m" "$best" "$(echo ${tput[$1]})" "$r"
}
row veth "plain veth pair, namespace to namespace (no bridge, no berth)"
row bridge "two veth pairs on a bridge made by hand (no berth)" veth "the veth pair"
row c2c "berth, container to container on one user bridge" veth "the veth pair"
row direct "namespace to the sink container's IP (routed, no NAT)"
row dnat "published port 127.0.0.1:15201 (berth, nftables DNAT)" proxy "docker-proxy"
[ -z "$have_proxy" ] || row proxy "docker-proxy on 127.0.0.1:15202 to the same container"

# DNS: the network's responder on the gateway answers `target`; dnsd, a
# server that only answers, on the same address is the floor.
b run -d --name target --network benchnet busybox sleep 100000 >/dev/null
"$NB" dnsd -l "$GW:5354" &
bgpids+=($!)
declare -A dmed dp99 dfail
dns() { # key SERVER, then the netbench command
	local k=$1 srv=$2 out
	shift 2
	out=$("$@" dnsq -s "$srv" -n "$DNS_N" target)
	dmed[$k]+=" $(echo "$out" | field median_us)"
	dp99[$k]+=" $(echo "$out" | field p99_us)"
	dfail[$k]=$((${dfail[$k]:-0} + $(echo "$out" | field failed)))
}
for rep in $(seq "$NET_REPS"); do
	dns ctr "$GW:53" "${INCTR[@]}"
	dns host "$GW:53" "$NB"
	dns floor "$GW:5354" "${INCTR[@]}"
done
echo
echo "## Networking: DNS, $DNS_N sequential UDP A lookups a run, median of $NET_REPS (netbench dnsq)"
echo "| query | median | p99 | run medians | failed |"
echo "|---|---|---|---|---|"
drow() {
	local lo hi
	lo=$(echo "${dmed[$1]}" | tr ' ' '\n' | grep . | sort -g | head -1)
	hi=$(echo "${dmed[$1]}" | tr ' ' '\n' | grep . | sort -g | tail -1)
	printf '| %s | %.0f µs | %.0f µs | %.0f-%.0f µs | %d |\n' "$2" "$(echo "${dmed[$1]}" | median)" "$(echo "${dp99[$1]}" | median)" "$lo" "$hi" "${dfail[$1]}"
}
drow ctr "\`target\` at berth's responder ($GW:53), from a container on the network"
drow host "the same, from the namespace (host side)"
drow floor "netbench dnsd on $GW:5354 (answers only), from a container"
