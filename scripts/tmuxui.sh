# Sourced by the scripts that drive the UI in a tmux server of their own
# (bench-ui.sh, screenshots.sh), after they set SOCK, its socket name.
tm() { tmux -L "$SOCK" "$@"; }
screen() { tm capture-pane -p; }
keys() { tm send-keys "$@"; }
# waitfor REGEX: until the screen shows it (10 s at most).
waitfor() {
	local i
	for i in $(seq 100); do
		screen | grep -qE -- "$1" && return 0
		sleep 0.1
	done
	echo "$(basename "$0"): the screen never showed /$1/:" >&2
	screen >&2
	exit 1
}
