// Package firewall publishes container ports, masquerades container traffic
// and isolates bridge networks from each other with nftables, in one table
// (family ip, IPv4 only) per berth state root:
//
//	table ip NAME {
//		set bridges { type ifname }          # every network's bridge
//		chain prerouting { type nat hook prerouting priority dstnat
//			fib daddr type local jump ports }
//		chain output { type nat hook output priority -100
//			fib daddr type local jump ports }
//		chain ports {                         # comment "ctr:<id>"
//			[ip daddr HOSTIP] tcp dport HOSTPORT dnat to CTRIP:CTRPORT }
//		chain postrouting { type nat hook postrouting priority srcnat
//			# comment "net:<id>" on each
//			ip saddr SUBNET oifname != BRIDGE masquerade   # not internal
//			ip saddr 127.0.0.0/8 oifname BRIDGE masquerade
//			oifname BRIDGE ip saddr SUBNET ct status dnat masquerade }
//		chain forward { type filter hook forward priority 0; policy accept
//			iifname BRIDGE oifname != BRIDGE oifname @bridges drop
//			iifname BRIDGE oifname != BRIDGE drop   # internal
//			oifname BRIDGE iifname != BRIDGE drop } # internal
//	}
//
// Rules and set elements carry their owner as a comment, which is how they
// are found again: nothing is remembered between calls, so several berth
// processes can share the table. The 127.0.0.0/8 rule needs route_localnet
// on the bridge, which the caller sets.
package firewall
