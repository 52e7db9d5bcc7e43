package firewall

import (
	"errors"
	"fmt"

	"github.com/google/nftables"
	"golang.org/x/sys/unix"
)

// Firewall programs berth's table in the network namespace it was opened in.
// Its methods may be called from several goroutines (but not together with
// Close): each call uses its own netlink connection and its own batch.
type Firewall struct {
	nsFd int    // owned duplicate of the namespace's fd, always >= 3
	lock string // see Open
	s    *schema
}

// Open connects to nftables in the calling process's network namespace (the
// process's, not a locked thread's). nsFd < 0 means the current one; tests
// pass a netns fd. Open only opens a file: nothing is asked of the kernel
// until the first call, since it runs on every container start.
//
// lock is a file that every Firewall on this table, in any process, holds
// (flock) from its first listing to its commit. Without it two of them
// race: a rule listing is a netlink dump that resumes by position, so
// rules another commit deletes meanwhile make it skip live rules, which
// then are never deleted. "" takes no lock (a table one caller owns).
func Open(table string, nsFd int, lock string) (*Firewall, error) {
	if table == "" || len(table) > 255 {
		return nil, fmt.Errorf("firewall: invalid table name %q", table)
	}
	fd, err := namespaceFd(nsFd)
	if err != nil {
		return nil, err
	}
	return &Firewall{nsFd: fd, lock: lock, s: newSchema(table)}, nil
}

// namespaceFd returns an fd of the namespace to program that the Firewall
// owns. Netlink sockets are created in the namespace of the creating
// thread, and berth sets up containers from threads locked in their
// namespaces; an explicit fd pins every socket to the intended namespace
// whichever thread the call runs on. The fd is a duplicate at >= 3
// because the library reads NetNS 0 as "the calling thread's namespace".
func namespaceFd(nsFd int) (int, error) {
	if nsFd < 0 {
		fd, err := processNetNS()
		if err != nil {
			return -1, fmt.Errorf("firewall: open network namespace: %w", err)
		}
		if fd >= 3 {
			return fd, nil
		}
		defer unix.Close(fd)
		nsFd = fd
	}
	fd, err := unix.FcntlInt(uintptr(nsFd), unix.F_DUPFD_CLOEXEC, 3)
	if err != nil {
		return -1, fmt.Errorf("firewall: duplicate namespace fd: %w", err)
	}
	return fd, nil
}

// processNetNS opens the network namespace of the process: the one of its
// unlocked threads. A new goroutine never runs on a thread locked to
// another goroutine, whereas the caller may be locked in a container's
// namespace, and so may the main thread (/proc/self/ns/net) be.
func processNetNS() (int, error) {
	type result struct {
		fd  int
		err error
	}
	ch := make(chan result, 1)
	go func() {
		fd, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
		ch <- result{fd, err}
	}()
	r := <-ch
	return r.fd, r.err
}

// Close releases the namespace fd. Rules stay in the kernel.
func (f *Firewall) Close() error {
	if f.nsFd < 0 {
		return nil
	}
	err := unix.Close(f.nsFd)
	f.nsFd = -1
	return err
}

// conn takes the table's lock and opens one netlink socket for one attempt
// at an operation; done closes both. A lasting connection saves a socket
// (and two setns calls) per request; being closed after each attempt, it
// never carries replies that a failed batch left unread into the next one.
func (f *Firewall) conn() (c *nftables.Conn, done func(), err error) {
	if f.nsFd < 0 {
		return nil, nil, errors.New("firewall: closed")
	}
	unlock, err := f.takeLock()
	if err != nil {
		return nil, nil, err
	}
	c, err = f.dial()
	if err != nil {
		unlock()
		return nil, nil, err
	}
	return c, func() { c.CloseLasting(); unlock() }, nil
}

// takeLock flocks the lock file on a descriptor of its own, so that it
// excludes the other goroutines of this process too.
func (f *Firewall) takeLock() (unlock func(), err error) {
	if f.lock == "" {
		return func() {}, nil
	}
	fd, err := unix.Open(f.lock, unix.O_RDWR|unix.O_CREAT|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return nil, fmt.Errorf("firewall: lock: %w", err)
	}
	for {
		err = unix.Flock(fd, unix.LOCK_EX)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("firewall: lock %s: %w", f.lock, err)
	}
	return func() { unix.Close(fd) }, nil
}

func (f *Firewall) dial() (c *nftables.Conn, err error) {
	// Without nfnetlink in the kernel the socket library dereferences a
	// nil connection while dialling: one clear error instead.
	defer func() {
		if r := recover(); r != nil {
			c, err = nil, fmt.Errorf("firewall: nftables is not available in this kernel (nf_tables, nfnetlink): %v", r)
		}
	}()
	c, err = nftables.New(nftables.WithNetNSFd(f.nsFd), nftables.AsLasting())
	if err != nil {
		return nil, fmt.Errorf("firewall: netlink: %w", err)
	}
	return c, nil
}

// attempts bounds the retries of a transaction that raced with another
// berth process (a rule it meant to delete already gone, the table dropped
// under it). Transactions are atomic, so a failed one left nothing behind.
const attempts = 3

// transact runs fill, which lists what it needs and queues messages, then
// commits them as one batch. When the batch fails because an object is
// missing and create is set, it retries with the table, chains and set
// created in the same batch: the common case (table present) costs no
// extra round trip. Without create, a missing table means nothing to do.
func (f *Firewall) transact(create bool, fill func(*nftables.Conn) error) error {
	ensure := false
	for i := 1; ; i++ {
		err := f.once(ensure, fill)
		if err == nil || !isNotExist(err) || i == attempts {
			return err
		}
		ensure = create
	}
}

func (f *Firewall) once(ensure bool, fill func(*nftables.Conn) error) error {
	c, done, err := f.conn()
	if err != nil {
		return err
	}
	defer done()
	if ensure {
		if err := f.s.ensure(c); err != nil {
			return err
		}
	}
	if err := fill(c); err != nil {
		return err
	}
	if err := c.Flush(); err != nil {
		return fmt.Errorf("firewall: table %s: %w", f.s.table.Name, err)
	}
	return nil
}

// isNotExist reports a missing table, chain, set, rule or element (ENOENT
// from the kernel).
func isNotExist(err error) bool {
	return errors.Is(err, unix.ENOENT)
}
