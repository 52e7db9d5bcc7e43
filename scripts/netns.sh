# Sourced by the scripts that start containers (benchmarks, screenshots):
#   private_netns GUARD "$0" "$@"
# re-executes the calling script under `unshare -n` once (the variable
# GUARD marks the second run), refuses to go on in the host's network
# namespace, and brings loopback up. Bridges, veths, nftables rules and
# DNS responders made by what follows go away with the namespace.
private_netns() {
	local guard=$1
	shift
	if [ -z "${!guard:-}" ]; then
		export "$guard=1"
		exec unshare -n -- "$BASH" "$@"
	fi
	if [ "$(readlink /proc/self/ns/net)" = "$(readlink /proc/1/ns/net)" ]; then
		echo "$(basename "$1"): refusing to run in the host's network namespace" >&2
		exit 1
	fi
	ip link set lo up
}
