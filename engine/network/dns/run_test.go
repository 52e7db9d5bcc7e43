package dns

import (
	"context"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// freePort returns a loopback port free for UDP and TCP right now.
func freePort(t *testing.T) netip.AddrPort {
	pc, ln, err := bind(netip.MustParseAddrPort("127.0.0.1:0"))
	if err != nil {
		t.Fatal(err)
	}
	ap := pc.LocalAddr().(*net.UDPAddr).AddrPort()
	pc.Close()
	ln.Close()
	return ap
}

// startRun runs Run in the background and returns its result channel.
func startRun(ctx context.Context, cfg Config) <-chan error {
	done := make(chan error, 1)
	go func() { done <- Run(ctx, cfg) }()
	return done
}

func waitDone(t *testing.T, done <-chan error, within time.Duration) {
	t.Helper()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(within):
		t.Fatalf("Run still running after %v", within)
	}
}

func stillRunning(t *testing.T, done <-chan error, for_ time.Duration) {
	t.Helper()
	select {
	case err := <-done:
		t.Fatalf("Run returned early: %v", err)
	case <-time.After(for_):
	}
}

func TestRunLifecycle(t *testing.T) {
	dir := t.TempDir()
	n := mkNet(t, dir, true)
	putLease(t, dir, n, "127.0.0.2", lease{Container: newID(t), Name: "web"})
	if Running(dir, n) {
		t.Fatal("Running before any responder")
	}
	cfg := Config{NetDir: dir, Network: n, Listen: freePort(t)}
	first := startRun(context.Background(), cfg)
	eventually(t, "Running", func() bool { return Running(dir, n) })
	wantA(t, query(t, cfg.Listen, "127.0.0.2", "web", dns.TypeA, false), "127.0.0.2")

	// A second responder for the same network leaves at once.
	start := time.Now()
	waitDone(t, startRun(context.Background(), cfg), time.Second)
	t.Logf("second Run returned after %v", time.Since(start))

	// A lease that goes and comes back within the grace keeps it serving.
	dropLease(t, dir, n, "127.0.0.2")
	time.Sleep(50 * time.Millisecond)
	putLease(t, dir, n, "127.0.0.2", lease{Container: newID(t), Name: "web2"})
	stillRunning(t, first, 2*idleGrace)
	wantA(t, query(t, cfg.Listen, "127.0.0.2", "web2", dns.TypeA, false), "127.0.0.2")

	// The last lease goes: it exits and releases the lock.
	dropLease(t, dir, n, "127.0.0.2")
	waitDone(t, first, 3*time.Second)
	if Running(dir, n) {
		t.Fatal("Running after exit")
	}
	// The port is free again.
	pc, ln, err := bind(cfg.Listen)
	if err != nil {
		t.Fatalf("rebind after exit: %v", err)
	}
	pc.Close()
	ln.Close()
}

func TestRunReservedLeaseKeepsServing(t *testing.T) {
	dir := t.TempDir()
	n := mkNet(t, dir, true)
	os.WriteFile(filepath.Join(leasesDir(dir, n), "127.0.0.2"), nil, 0o644)
	done := startRun(context.Background(), Config{NetDir: dir, Network: n, Listen: freePort(t)})
	stillRunning(t, done, 3*idleGrace)
	dropLease(t, dir, n, "127.0.0.2")
	waitDone(t, done, 3*time.Second)
}

func TestRunStopsOnCancel(t *testing.T) {
	dir := t.TempDir()
	n := mkNet(t, dir, true)
	putLease(t, dir, n, "127.0.0.2", lease{Container: newID(t), Name: "web"})
	ctx, cancel := context.WithCancel(context.Background())
	done := startRun(ctx, Config{NetDir: dir, Network: n, Listen: freePort(t)})
	eventually(t, "Running", func() bool { return Running(dir, n) })
	cancel()
	waitDone(t, done, time.Second)
	if Running(dir, n) {
		t.Fatal("Running after cancel")
	}
}

func TestRunStopsWhenNetworkRemoved(t *testing.T) {
	dir := t.TempDir()
	n := mkNet(t, dir, true)
	putLease(t, dir, n, "127.0.0.2", lease{Container: newID(t), Name: "web"})
	done := startRun(context.Background(), Config{NetDir: dir, Network: n, Listen: freePort(t)})
	eventually(t, "Running", func() bool { return Running(dir, n) })
	os.RemoveAll(filepath.Join(dir, n))
	waitDone(t, done, 3*time.Second)
}

func TestRunMissingNetwork(t *testing.T) {
	waitDone(t, startRun(context.Background(), Config{NetDir: t.TempDir(), Network: newID(t), Listen: freePort(t)}), time.Second)
}

// Leases that appear while the responder is leaving: the exiting one must
// either keep serving or leave it to a new one, never neither.
func TestRunHandsOver(t *testing.T) {
	dir := t.TempDir()
	n := mkNet(t, dir, true)
	if testing.Short() {
		t.Skip("timing stress")
	}
	for i := range 10 {
		putLease(t, dir, n, "127.0.0.2", lease{Container: newID(t), Name: "web"})
		cfg := Config{NetDir: dir, Network: n, Listen: freePort(t)}
		done := startRun(context.Background(), cfg)
		eventually(t, "Running", func() bool { return Running(dir, n) })
		dropLease(t, dir, n, "127.0.0.2")
		// Rejoin around the moment the responder leaves, the way berth
		// does: write the lease, then spawn one if none is running.
		time.Sleep(idleGrace + time.Duration(2*i)*time.Millisecond)
		putLease(t, dir, n, "127.0.0.2", lease{Container: newID(t), Name: "web"})
		var second <-chan error
		if !Running(dir, n) {
			second = startRun(context.Background(), cfg)
		}
		eventually(t, "a responder", func() bool { return Running(dir, n) })
		dropLease(t, dir, n, "127.0.0.2")
		waitDone(t, done, 3*time.Second)
		if second != nil {
			waitDone(t, second, 3*time.Second)
		}
	}
}
