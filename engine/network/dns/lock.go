package dns

import (
	"errors"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/unix"
)

// lockRetry covers Running's probe: it holds the lock for a few
// microseconds, and a responder starting in that instant must not mistake
// the probe for a serving responder and leave the network without DNS.
// A real responder holds the lock for good, so waiting this long costs a
// duplicate start only a few milliseconds.
const (
	lockRetry      = 20 * time.Millisecond
	lockRetryEvery = 2 * time.Millisecond
)

func lockPath(netDir, network string) string {
	return filepath.Join(netDir, network, lockFileName)
}

// netLock is a held flock on NETDIR/<netid>/dns.lock. The file is never
// removed: unlinking a lock file races with processes locking it.
type netLock struct{ f *os.File }

// tryLock takes the lock without waiting (beyond lockRetry). It returns
// nil, nil if another process holds it.
func tryLock(netDir, network string) (*netLock, error) {
	f, err := os.OpenFile(lockPath(netDir, network), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(lockRetry)
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			return &netLock{f: f}, nil
		}
		if !errors.Is(err, unix.EWOULDBLOCK) || time.Now().After(deadline) {
			f.Close()
			if errors.Is(err, unix.EWOULDBLOCK) {
				return nil, nil
			}
			return nil, err
		}
		time.Sleep(lockRetryEvery)
	}
}

// unlock releases the lock (closing the only fd drops the flock).
func (l *netLock) unlock() {
	if l != nil {
		l.f.Close()
	}
}

// Running reports whether some process holds NETDIR/<netid>/dns.lock, i.e.
// whether the network has a responder. It probes with a non-blocking flock
// on a fresh fd and releases it at once. The probe is a shared lock: it
// conflicts only with a responder's exclusive one, so concurrent probes
// (two containers joining at once) never see each other as a responder.
func Running(netDir, network string) bool {
	f, err := os.Open(lockPath(netDir, network))
	if err != nil {
		return false // no lock file: never served
	}
	defer f.Close()
	err = unix.Flock(int(f.Fd()), unix.LOCK_SH|unix.LOCK_NB)
	if err == nil {
		_ = unix.Flock(int(f.Fd()), unix.LOCK_UN)
		return false
	}
	return errors.Is(err, unix.EWOULDBLOCK)
}
