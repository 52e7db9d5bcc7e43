package network

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrPortTaken is a host port that a container or a host process holds.
var ErrPortTaken = errors.New("port is already allocated")

// HostPort is one host port a container publishes.
type HostPort struct {
	Proto string     // tcp or udp
	IP    netip.Addr // invalid: every address
	Port  uint16     // 0: pick a free one
}

func (p HostPort) String() string {
	ip := "0.0.0.0"
	if p.IP.IsValid() {
		ip = p.IP.String()
	}
	return net.JoinHostPort(ip, strconv.Itoa(int(p.Port)))
}

// portDir holds one file per published host port (proto-port), made with
// link(2) like address leases: two containers never get one port.
func (s *Store) portDir() string { return filepath.Join(s.dir, ".ports") }

// ClaimPort reserves a host port for a container. A port that a host
// process holds is refused too; with Port 0 a free port is chosen.
func (s *Store) ClaimPort(p HostPort, container string) (HostPort, error) {
	if err := os.MkdirAll(s.portDir(), 0o700); err != nil {
		return p, err
	}
	for tries := 0; ; tries++ {
		free, err := probe(p)
		if err != nil {
			return p, fmt.Errorf("Bind for %s failed: %w", p, ErrPortTaken)
		}
		q := p
		q.Port = free
		err = os.Symlink(container, s.portPath(q))
		if err == nil {
			return q, nil
		}
		if !os.IsExist(err) {
			return p, err
		}
		if p.Port != 0 || tries > 20 {
			return p, fmt.Errorf("Bind for %s failed: %w", q, ErrPortTaken)
		}
	}
}

// CheckPort reports whether ClaimPort would succeed now, without claiming.
func (s *Store) CheckPort(p HostPort) error {
	if p.Port == 0 {
		return nil
	}
	if _, err := os.Lstat(s.portPath(p)); err == nil {
		return fmt.Errorf("Bind for %s failed: %w", p, ErrPortTaken)
	}
	if _, err := probe(p); err != nil {
		return fmt.Errorf("Bind for %s failed: %w", p, ErrPortTaken)
	}
	return nil
}

func (s *Store) portPath(p HostPort) string {
	return filepath.Join(s.portDir(), p.Proto+"-"+strconv.Itoa(int(p.Port)))
}

// ReleasePorts frees every host port a container holds.
func (s *Store) ReleasePorts(container string) {
	ents, _ := os.ReadDir(s.portDir())
	for _, d := range ents {
		path := filepath.Join(s.portDir(), d.Name())
		if owner, err := os.Readlink(path); err == nil && owner == container {
			os.Remove(path)
		}
	}
}

// PortHolders lists the containers that hold host ports.
func (s *Store) PortHolders() map[string]bool {
	out := map[string]bool{}
	ents, _ := os.ReadDir(s.portDir())
	for _, d := range ents {
		if owner, err := os.Readlink(filepath.Join(s.portDir(), d.Name())); err == nil && !strings.HasPrefix(d.Name(), ".") {
			out[owner] = true
		}
	}
	return out
}

// probe binds the port for a moment: a host process listening there would
// never see the traffic that berth redirects to a container.
func probe(p HostPort) (uint16, error) {
	addr := p.String()
	if p.Proto == "udp" {
		c, err := net.ListenPacket("udp4", addr)
		if err != nil {
			return 0, err
		}
		defer c.Close()
		return uint16(c.LocalAddr().(*net.UDPAddr).Port), nil
	}
	l, err := net.Listen("tcp4", addr)
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return uint16(l.Addr().(*net.TCPAddr).Port), nil
}
