package dns

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"time"

	"github.com/miekg/dns"
)

// shutdownGrace bounds how long Close waits for in-flight queries (a
// forward can take forwardTimeout per upstream) before dropping them.
const shutdownGrace = 100 * time.Millisecond

// Server is a bound responder.
type Server struct {
	addr    netip.AddrPort
	pc      net.PacketConn
	ln      net.Listener
	udp     *dns.Server
	tcp     *dns.Server
	w       *watcher
	ownsW   bool
	closeMu sync.Mutex
	closed  bool
	done    chan struct{} // closed by Close
}

// Listen binds UDP and TCP on cfg.Listen (one free port for both if the
// port is 0) and loads the names; Serve starts answering.
func Listen(cfg Config) (*Server, error) {
	w, err := newWatcher(cfg.NetDir, cfg.Network)
	if err != nil {
		return nil, err
	}
	s, err := listenWith(cfg, w)
	if err != nil {
		w.close()
		return nil, err
	}
	s.ownsW = true
	return s, nil
}

// listenWith binds using an existing watcher, which Run keeps across
// rebinds.
func listenWith(cfg Config, w *watcher) (*Server, error) {
	pc, ln, err := bind(cfg.Listen)
	if err != nil {
		return nil, err
	}
	addr := pc.LocalAddr().(*net.UDPAddr).AddrPort()
	addr = netip.AddrPortFrom(addr.Addr().Unmap(), addr.Port())
	ups, err := upstreamAddrs(cfg, addr)
	if err != nil {
		pc.Close()
		ln.Close()
		return nil, err
	}
	h := &handler{w: w, net: cfg.Network}
	if cfg.Forward {
		h.fwd = newForwarder(ups)
	}
	return &Server{
		addr: addr,
		pc:   pc,
		ln:   ln,
		// Read buffers of 4 KiB: the default 512 would cut EDNS queries
		// carrying options (cookies, padding).
		udp:  &dns.Server{PacketConn: pc, Handler: h, UDPSize: dns.DefaultMsgSize},
		tcp:  &dns.Server{Listener: ln, Handler: h},
		w:    w,
		done: make(chan struct{}),
	}, nil
}

// bind opens both sockets. With port 0 the kernel picks the UDP port and
// TCP must get the same one; if it is taken for TCP, try another.
func bind(at netip.AddrPort) (net.PacketConn, net.Listener, error) {
	tries := 1
	if at.Port() == 0 {
		tries = 20
	}
	var lastErr error
	for range tries {
		pc, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(at))
		if err != nil {
			return nil, nil, fmt.Errorf("dns: listen udp %s: %w", at, err)
		}
		port := pc.LocalAddr().(*net.UDPAddr).AddrPort().Port()
		ln, err := net.ListenTCP("tcp", net.TCPAddrFromAddrPort(netip.AddrPortFrom(at.Addr(), port)))
		if err == nil {
			return pc, ln, nil
		}
		pc.Close()
		lastErr = fmt.Errorf("dns: listen tcp %s: %w", netip.AddrPortFrom(at.Addr(), port), err)
	}
	return nil, nil, lastErr
}

// Addr is the bound address (the same port for UDP and TCP).
func (s *Server) Addr() netip.AddrPort { return s.addr }

// Serve answers queries until ctx is done or Close is called. It returns
// nil then, or the error that stopped a socket.
func (s *Server) Serve(ctx context.Context) error {
	errc := make(chan error, 2)
	go func() { errc <- s.udp.ActivateAndServe() }()
	go func() { errc <- s.tcp.ActivateAndServe() }()
	var err error
	select {
	case <-ctx.Done():
	case <-s.done:
	case err = <-errc:
		// A socket error after Close is just Close; before, it is real.
		select {
		case <-s.done:
			err = nil
		default:
		}
	}
	s.Close()
	return err
}

// Close stops serving and closes both sockets; when it returns the address
// is free to bind again.
func (s *Server) Close() error {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	close(s.done)
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	// Shutdown fails with "not started" if Serve never ran (or has not
	// got there yet); closing the sockets directly covers that case and
	// makes a late ActivateAndServe return at once.
	_ = s.udp.ShutdownContext(ctx)
	_ = s.tcp.ShutdownContext(ctx)
	s.pc.Close()
	s.ln.Close()
	if s.ownsW {
		s.w.close()
	}
	return nil
}
