package dns

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// idleGrace is how long the served network must stay without leases before
// the responder leaves: a container being recreated (or moved between
// networks) drops its lease briefly, and a respawn would cost more.
const idleGrace = 200 * time.Millisecond

type stopReason int

const (
	stopAsked stopReason = iota // ctx done (SIGTERM/SIGINT) or serving failed
	stopGone                    // NETDIR/<netid> was removed
	stopIdle                    // no leases left
)

// Run is the responder process's lifecycle: take the network's lock (or
// return at once if another responder has it), bind, serve, and return nil
// when the network has no leases left, is removed, or ctx is done.
//
// Exactly one responder serves a network: berth spawns one whenever a
// container joins and Running is false. The lock is held exactly while the
// sockets are bound, and after releasing it the lease directory is read
// once more, so a container that joined while we were leaving (and whose
// spawner saw us still running) is not left without DNS.
func Run(ctx context.Context, cfg Config) error {
	lk, err := tryLock(cfg.NetDir, cfg.Network)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil // the network was removed before we started
		}
		return err
	}
	if lk == nil {
		return nil // another responder serves this network
	}
	w, err := newWatcher(cfg.NetDir, cfg.Network)
	if err != nil {
		lk.unlock()
		return err
	}
	defer w.close()

	for {
		srv, err := listenWith(cfg, w)
		if err != nil {
			lk.unlock()
			return err
		}
		if cfg.Ready != nil {
			// Bound sockets queue queries already; Serve picks them up.
			cfg.Ready()
			cfg.Ready = nil
		}
		why, err := serveWhileBusy(ctx, cfg, srv, w)
		srv.Close()
		lk.unlock()
		if err != nil || why != stopIdle {
			return err
		}
		if countLeases(cfg.NetDir, cfg.Network) == 0 {
			return nil
		}
		// Leases appeared while we were leaving. If their spawner already
		// started a responder, it has the lock and we are done.
		if lk, err = tryLock(cfg.NetDir, cfg.Network); err != nil || lk == nil {
			if errors.Is(err, fs.ErrNotExist) {
				err = nil
			}
			return err
		}
	}
}

// serveWhileBusy serves until the network is idle for idleGrace, removed,
// or ctx is done.
func serveWhileBusy(ctx context.Context, cfg Config, srv *Server, w *watcher) (stopReason, error) {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ctx) }()

	var idle *time.Timer
	var idleC <-chan time.Time
	defer func() {
		if idle != nil {
			idle.Stop()
		}
	}()
	for {
		nv := w.table().nets[cfg.Network]
		if nv == nil && !netExists(cfg) {
			return stopGone, nil
		}
		switch {
		case (nv == nil || nv.files == 0) && idleC == nil:
			idle = time.NewTimer(idleGrace)
			idleC = idle.C
		case nv != nil && nv.files > 0 && idleC != nil:
			idle.Stop()
			idleC = nil
		}
		select {
		case <-ctx.Done():
			return stopAsked, nil
		case err := <-errc:
			return stopAsked, err
		case <-w.changed:
		case <-idleC:
			idleC = nil
			// The table lags the disk by the debounce; decide on the disk.
			if countLeases(cfg.NetDir, cfg.Network) == 0 {
				return stopIdle, nil
			}
		}
	}
}

func netExists(cfg Config) bool {
	_, err := os.Stat(filepath.Join(cfg.NetDir, cfg.Network))
	return err == nil
}
