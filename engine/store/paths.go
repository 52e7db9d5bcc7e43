package store

import "path/filepath"

// DefaultRoot is where state lives unless BERTH_ROOT or --root say otherwise.
const DefaultRoot = "/var/lib/berth"

// Dir returns the directory holding container id's files.
func (s *Store) Dir(id string) string { return filepath.Join(s.root, "containers", id) }

// LogPath is the json-file log, named as Docker names it.
func (s *Store) LogPath(id string) string { return filepath.Join(s.Dir(id), id+"-json.log") }

// SocketPath is the monitor's attach socket. It lives in a short directory of
// its own because unix socket paths are limited to 108 bytes.
func (s *Store) SocketPath(id string) string { return filepath.Join(s.root, "sock", id[:12]) }

// RootfsDir is where the overlay root is mounted inside the container's own
// mount namespace (it stays an empty directory on the host).
func (s *Store) RootfsDir(id string) string { return filepath.Join(s.Dir(id), "rootfs") }

// UpperDir and WorkDir are the container's writable overlay layer.
func (s *Store) UpperDir(id string) string { return filepath.Join(s.Dir(id), "upper") }
func (s *Store) WorkDir(id string) string  { return filepath.Join(s.Dir(id), "work") }

// HostsPath, HostnamePath and ResolvConfPath are the per-container files
// bind-mounted over the image's.
func (s *Store) HostsPath(id string) string      { return filepath.Join(s.Dir(id), "hosts") }
func (s *Store) HostnamePath(id string) string   { return filepath.Join(s.Dir(id), "hostname") }
func (s *Store) ResolvConfPath(id string) string { return filepath.Join(s.Dir(id), "resolv.conf") }
