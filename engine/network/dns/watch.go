package dns

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// debounce lets a burst of events (temp file, rename, second lease of a
// multi-network connect) produce one rebuild.
const debounce = 5 * time.Millisecond

// Inotify masks. Lease files are replaced by rename, so MOVED_TO is the
// usual "changed"; CLOSE_WRITE covers a writer that fills the file in place.
const (
	dirMask    = unix.IN_CREATE | unix.IN_DELETE | unix.IN_MOVED_FROM | unix.IN_MOVED_TO | unix.IN_DELETE_SELF | unix.IN_MOVE_SELF | unix.IN_ONLYDIR
	leasesMask = dirMask | unix.IN_CLOSE_WRITE
)

type watchKind int

const (
	kindRoot   watchKind = iota // NETDIR: networks come and go
	kindNet                     // NETDIR/<netid>: the dns marker and leases dir
	kindLeases                  // NETDIR/<netid>/leases
)

type watchRef struct {
	network string
	kind    watchKind
}

// watcher keeps a table of NETDIR current using inotify. Events only mark
// networks dirty; a single goroutine rescans the dirty ones and publishes a
// new table, so readers see whole snapshots.
type watcher struct {
	netDir  string
	network string // the served network: its leases are read even without DNS

	f  *os.File
	rc syscall.RawConn

	cur     atomic.Pointer[table]
	changed chan struct{} // a new table was published (capacity 1, coalescing)

	mu        sync.Mutex
	wds       map[int32]watchRef
	dirty     map[string]bool
	rescanAll bool          // inotify overflowed or NETDIR moved: trust nothing
	kick      chan struct{} // events are pending (capacity 1)

	states map[string]*netState // owned by the rebuilding goroutine

	stop chan struct{}
	wg   sync.WaitGroup
}

// newWatcher watches netDir and builds the first table before returning,
// so names are answerable as soon as the sockets are.
func newWatcher(netDir, network string) (*watcher, error) {
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC | unix.IN_NONBLOCK)
	if err != nil {
		return nil, fmt.Errorf("dns: inotify: %w", err)
	}
	// Non-blocking fd in an *os.File goes through the runtime poller, so
	// Close unblocks the reader.
	f := os.NewFile(uintptr(fd), "inotify")
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil, err
	}
	w := &watcher{
		netDir:  netDir,
		network: network,
		f:       f,
		rc:      rc,
		changed: make(chan struct{}, 1),
		wds:     map[int32]watchRef{},
		dirty:   map[string]bool{},
		kick:    make(chan struct{}, 1),
		states:  map[string]*netState{},
		stop:    make(chan struct{}),
	}
	if err := w.addWatch(netDir, dirMask, watchRef{kind: kindRoot}); err != nil {
		f.Close()
		return nil, fmt.Errorf("dns: watch %s: %w", netDir, err)
	}
	w.rebuild(nil, true)
	w.wg.Add(2)
	go w.readLoop()
	go w.rebuildLoop()
	return w, nil
}

func (w *watcher) table() *table { return w.cur.Load() }

func (w *watcher) close() {
	close(w.stop)
	w.f.Close() // unblocks readLoop
	w.wg.Wait()
}

// addWatch registers path. Control keeps the fd from being closed under us.
func (w *watcher) addWatch(path string, mask uint32, ref watchRef) error {
	var wd int
	var werr error
	if err := w.rc.Control(func(fd uintptr) {
		// Holding mu makes the wd known before its first event is parsed.
		w.mu.Lock()
		defer w.mu.Unlock()
		wd, werr = unix.InotifyAddWatch(int(fd), path, mask)
		if werr == nil {
			w.wds[int32(wd)] = ref
		}
	}); err != nil {
		return err
	}
	return werr
}

func (w *watcher) readLoop() {
	defer w.wg.Done()
	buf := make([]byte, 64<<10)
	for {
		n, err := w.f.Read(buf)
		if err != nil {
			return // closed
		}
		if w.parse(buf[:n]) {
			select {
			case w.kick <- struct{}{}:
			default:
			}
		}
	}
}

// parse marks networks dirty for the events in buf and reports whether
// anything relevant happened.
func (w *watcher) parse(buf []byte) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	relevant := false
	for off := 0; off+unix.SizeofInotifyEvent <= len(buf); {
		ev := (*unix.InotifyEvent)(unsafe.Pointer(&buf[off]))
		nameBytes := buf[off+unix.SizeofInotifyEvent : off+unix.SizeofInotifyEvent+int(ev.Len)]
		off += unix.SizeofInotifyEvent + int(ev.Len)
		name := cstring(nameBytes)

		if ev.Mask&unix.IN_Q_OVERFLOW != 0 {
			w.rescanAll, relevant = true, true
			continue
		}
		ref, ok := w.wds[ev.Wd]
		if ev.Mask&unix.IN_IGNORED != 0 {
			// The directory is gone; its parent's event reports that.
			delete(w.wds, ev.Wd)
			continue
		}
		if !ok {
			continue
		}
		self := ev.Mask&(unix.IN_DELETE_SELF|unix.IN_MOVE_SELF) != 0
		switch ref.kind {
		case kindRoot:
			if self {
				w.rescanAll = true
			} else if ev.Mask&unix.IN_ISDIR != 0 && !hidden(name) {
				w.dirty[name] = true
			} else {
				continue
			}
		case kindNet:
			if !self && name != dnsMarkerName && name != leasesDirName {
				continue // dns.lock and other files don't matter
			}
			w.dirty[ref.network] = true
		case kindLeases:
			if !self && hidden(name) {
				continue // temporaries: the rename into place follows
			}
			w.dirty[ref.network] = true
		}
		relevant = true
	}
	return relevant
}

func cstring(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

func (w *watcher) rebuildLoop() {
	defer w.wg.Done()
	t := time.NewTimer(0)
	<-t.C
	for {
		select {
		case <-w.stop:
			return
		case <-w.kick:
		}
		t.Reset(debounce)
		select {
		case <-w.stop:
			return
		case <-t.C:
		}
		w.mu.Lock()
		dirty, all := w.dirty, w.rescanAll
		w.dirty, w.rescanAll = map[string]bool{}, false
		w.mu.Unlock()
		w.rebuild(dirty, all)
	}
}

// rebuild rescans the dirty networks (all of them if all) and publishes a
// new table. Watches are added before reading, so a change racing the scan
// produces an event and another rebuild rather than being lost.
func (w *watcher) rebuild(dirty map[string]bool, all bool) {
	if all {
		dirty = map[string]bool{}
		_ = w.addWatch(w.netDir, dirMask, watchRef{kind: kindRoot})
		nets, _ := listNetworks(w.netDir)
		for _, id := range nets {
			dirty[id] = true
		}
		for id := range w.states {
			dirty[id] = true
		}
	}
	for id := range dirty {
		dir := filepath.Join(w.netDir, id)
		if err := w.addWatch(dir, dirMask, watchRef{id, kindNet}); err != nil {
			delete(w.states, id)
			continue
		}
		own := id == w.network
		_, err := os.Stat(filepath.Join(dir, dnsMarkerName))
		if err == nil || own {
			// May not exist yet: the kindNet watch reports its creation.
			_ = w.addWatch(filepath.Join(dir, leasesDirName), leasesMask, watchRef{id, kindLeases})
		}
		st, ok := scanNetwork(w.netDir, id, own)
		if !ok {
			delete(w.states, id)
			continue
		}
		w.states[id] = st
	}
	w.cur.Store(buildTable(w.states))
	select {
	case w.changed <- struct{}{}:
	default:
	}
}
