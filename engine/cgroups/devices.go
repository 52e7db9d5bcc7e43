package cgroups

import specs "github.com/opencontainers/runtime-spec/specs-go"

// defaultDevices is the device allowlist docker gives every non-privileged
// container (runc's AllowedDevices, as docker applies it): deny everything,
// allow mknod of any node (the rootfs may carry device files), and allow use
// of the harmless character devices plus ptys. /dev/net/tun (10:200) is not
// included, as in current runc/docker.
//
// Rules are applied in order and the last match wins, both for v1's
// devices.allow/deny and for the v2 eBPF filter built from this list.
func defaultDevices() []specs.LinuxDeviceCgroup {
	const wild = -1 // wildcard major/minor; the v2 filter needs it explicit, not nil
	rule := func(allow bool, typ string, major, minor int64, access string) specs.LinuxDeviceCgroup {
		return specs.LinuxDeviceCgroup{Allow: allow, Type: typ, Major: &major, Minor: &minor, Access: access}
	}
	return []specs.LinuxDeviceCgroup{
		rule(false, "a", wild, wild, "rwm"), // deny all first
		rule(true, "c", wild, wild, "m"),    // mknod of any char device
		rule(true, "b", wild, wild, "m"),    // mknod of any block device
		rule(true, "c", 1, 3, "rwm"),        // /dev/null
		rule(true, "c", 1, 8, "rwm"),        // /dev/random
		rule(true, "c", 1, 7, "rwm"),        // /dev/full
		rule(true, "c", 5, 0, "rwm"),        // /dev/tty
		rule(true, "c", 1, 5, "rwm"),        // /dev/zero
		rule(true, "c", 1, 9, "rwm"),        // /dev/urandom
		rule(true, "c", 136, wild, "rwm"),   // /dev/pts/*
		rule(true, "c", 5, 2, "rwm"),        // /dev/ptmx
	}
}
