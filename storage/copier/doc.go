// Package copier implements `docker cp`: copying files and directories
// between a container's root filesystem and the host, in either direction,
// with docker's rules for where things land.
//
// A container's files are hostile: any component of a container path may
// be a symlink planted to point at the host (CVE-2018-15664,
// CVE-2019-14271). Container paths are therefore resolved relative to a
// directory fd of the container root, as if it were "/", with every
// directory opened through openat2 RESOLVE_IN_ROOT; host paths are the
// user's and resolve normally (the same walk, rooted at the host's "/").
//
// Both directions are one pipeline: archive.Pack reads the source as a tar
// stream already named for where it lands (docker's RebaseArchiveEntries),
// and archive.UnpackInto writes it under the destination directory's fd,
// never following a symlink out of it. "-" streams use the same two halves.
package copier
