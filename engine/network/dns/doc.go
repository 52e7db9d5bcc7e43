// Package dns is the per-network DNS responder of berth's user-defined
// bridge networks (the role aardvark-dns plays for podman).
//
// One helper process (`berth __dns`, entry point Main) serves one network:
// it listens on the network's gateway, port 53, UDP and TCP, answers A/PTR
// queries for the containers attached to the networks the asking container
// shares, and forwards every other query to the host's resolvers.
//
// Names come from the lease files berth's IPAM writes under
// NETDIR/<netid>/leases/. They are watched with inotify and kept in an
// in-memory table that is swapped atomically on change, so a lookup never
// touches the disk.
package dns
