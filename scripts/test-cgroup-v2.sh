#!/usr/bin/env bash
# Runs the cgroup package's tests and the end-to-end suite on a pure cgroup
# v2 host: a Debian cloud kernel booted under QEMU (no KVM needed) with an
# initramfs holding berth, the two test binaries and busybox. Our machines
# are cgroup v1, while most users run v2; this is how v2 gets tested. Needs
# root and Debian's qemu-system-x86.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/berth-v2vm.XXXXXX)
chmod 755 "$work" # apt-get download runs as _apt
trap 'cp "$work/console.log" /tmp/berth-v2-console.log 2>/dev/null; rm -rf "$work"' EXIT

# The kernel: the package linux-image-cloud-amd64 points at.
pkg=$(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-/{print $2; exit}')
(cd "$work" && apt-get download -qq "$pkg" >/dev/null)
dpkg-deb -x "$work"/"$pkg"_*.deb "$work/k"

root="$work/root"
mkdir -p "$root"/{bin,lib/x86_64-linux-gnu,lib64,proc,sys,dev,tmp,etc,root,mods}
cp /bin/busybox "$root/bin/busybox"
for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$root/bin/$a"; done
cp /lib/x86_64-linux-gnu/libc.so.6 "$root/lib/x86_64-linux-gnu/"
cp /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
go build -o "$root/bin/berth" .
go test -c -o "$root/bin/e2e.test" ./e2e
# The cgroup package's own tests too: on this v1 host they cover v1 only.
go test -c -o "$root/bin/cgroups.test" ./engine/cgroups
# Kernel modules init loads, in order, before the tests: overlayfs, and what
# bridge networking needs (bridge, veth and macvlan links; nf_tables with the
# ip family, sets, NAT, masquerade, fib and conntrack). A name the kernel has
# built in is skipped; one it lacks altogether is an error, except in
# optional_mods. Dependencies come from modules.dep, which the package leaves
# to its postinst, so busybox depmod writes it here (it reads .ko.xz too).
mods="overlay bridge veth macvlan nf_tables nf_conntrack nf_nat nft_ct nft_nat nft_chain_nat nft_masq nft_fib_ipv4"
optional_mods="br_netfilter"
kver=$(ls "$work/k/lib/modules")
moddir="$work/k/lib/modules/$kver"
/bin/busybox depmod -b "$work/k" "$kver"
# modules.dep lists each module's dependencies transitively; visiting them
# first (depth first) yields a load order whatever order they are listed in.
order=$(awk -v want="$mods" -v optional="$optional_mods" '
	function name(p) { sub(/.*\//, "", p); sub(/\.ko(\..*)?$/, "", p); gsub(/-/, "_", p); return p }
	function visit(m,   d, n, i) {
		if (m in seen) return
		seen[m] = 1
		n = split(deps[m], d, " ")
		for (i = 1; i <= n; i++) visit(name(d[i]))
		print path[m]
	}
	FILENAME ~ /modules\.builtin$/ { builtin[name($0)] = 1; next }
	{ m = $1; sub(/:$/, "", m); path[name(m)] = m; $1 = ""; deps[name(m)] = $0 }
	END {
		n = split(optional, o, " ")
		for (i = 1; i <= n; i++) opt[name(o[i])] = 1
		n = split(want " " optional, w, " ")
		for (i = 1; i <= n; i++) {
			m = name(w[i])
			if (m in path) visit(m)
			else if (!(m in builtin) && !(m in opt)) { print "no kernel module " m >"/dev/stderr"; bad = 1 }
		}
		exit bad
	}' "$moddir/modules.builtin" "$moddir/modules.dep")
for p in $order; do
	m=$(basename "$p"); m=${m%%.ko*}
	case "$p" in
	*.ko.xz) /bin/busybox xzcat "$moddir/$p" ;;
	*.ko.gz) /bin/busybox zcat "$moddir/$p" ;;
	*.ko.zst) zstd -dcq "$moddir/$p" ;;
	*) cat "$moddir/$p" ;;
	esac >"$root/mods/$m.ko"
	echo "$m" >>"$root/mods/order"
done
echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
echo 'root:x:0:' >"$root/etc/group"
cat >"$root/init" <<'INIT'
#!/bin/sh
# pivot_root cannot leave an initramfs: move to a tmpfs root first.
if [ ! -e /.switched ]; then
	mkdir /newroot && mount -t tmpfs -o size=2g tmpfs /newroot
	for d in bin lib lib64 etc root mods init tmp; do cp -a /$d /newroot/; done
	mkdir -p /newroot/proc /newroot/sys /newroot/dev
	touch /newroot/.switched
	exec switch_root /newroot /init
fi
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /tmp
mount -t cgroup2 cgroup2 /sys/fs/cgroup
for m in $(cat /mods/order); do insmod /mods/$m.ko; done
ip link set lo up
echo "cgroup2 controllers: $(cat /sys/fs/cgroup/cgroup.controllers)"
cd /tmp
/bin/cgroups.test -test.v -test.timeout 5m 2>&1
rc=$?
BERTH_E2E_BIN=/bin/berth /bin/e2e.test -test.v -test.timeout 15m 2>&1 || rc=$?
echo "BERTH-V2-RESULT rc=$rc"
poweroff -f
INIT
chmod +x "$root/init"
(cd "$root" && find . | /bin/busybox cpio -o -H newc 2>/dev/null | gzip -1 >"$work/initrd.gz")

echo "booting $pkg with cgroup v2 under QEMU..."
timeout 1200 qemu-system-x86_64 -m 4096 -smp 2 -nographic -no-reboot \
	-kernel "$work"/k/boot/vmlinuz-* -initrd "$work/initrd.gz" \
	-append "console=ttyS0 panic=-1 quiet" >"$work/console.log" 2>&1 || true
grep -E '^(--- (PASS|FAIL)|    |cgroup2 controllers|BERTH-V2-RESULT|FAIL|PASS|ok)' "$work/console.log" || true
# The closing line for CI: how many tests (cgroups, then e2e) passed and
# failed on v2.
passed=$(grep -c '^--- PASS' "$work/console.log" || true)
failed=$(grep -c '^--- FAIL' "$work/console.log" || true)
echo "cgroup-v2: $passed passed, $failed failed"
grep -q 'BERTH-V2-RESULT rc=0' "$work/console.log"
