// Package store keeps container records on disk under the berth root.
//
// Each container has a directory containers/<id> with config.json (what was
// asked for; changes only on rename) and state.json (what is happening; written
// by the monitor and by lifecycle commands). Writes are atomic renames and
// read-modify-write cycles hold the container's flock, so any number of berth
// processes can work on the same root at once. Names are claimed with O_EXCL
// files under names/, which makes two concurrent creates with one name
// impossible without a global lock.
package store
