package build

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// chownIdentity reads --chown=user[:group]. Numeric IDs are taken as they
// are; names are looked up in the /etc/passwd and /etc/group of the image
// being built on, read from its layer directories (the topmost layer that
// has the file wins, whiteouts and symlinks honoured) so no container is
// needed. As in docker's classic builder a missing group means the group
// named like the user; when there is no such group, berth falls back to
// the user's primary group rather than failing.
func chownIdentity(base *imageFS, spec string) (identity, error) {
	if spec == "" {
		return identity{}, nil
	}
	user, group, hasGroup := strings.Cut(spec, ":")
	if user == "" || hasGroup && group == "" {
		return identity{}, fmt.Errorf("invalid --chown=%s", spec)
	}
	uid, primary, err := lookupID(base, "/etc/passwd", user)
	if err != nil {
		return identity{}, fmt.Errorf("--chown=%s: %w", spec, err)
	}
	if !hasGroup {
		if _, err := strconv.Atoi(user); err == nil {
			return identity{uid, uid}, nil
		}
		if gid, _, err := lookupID(base, "/etc/group", user); err == nil {
			return identity{uid, gid}, nil
		}
		return identity{uid, primary}, nil
	}
	gid, _, err := lookupID(base, "/etc/group", group)
	if err != nil {
		return identity{}, fmt.Errorf("--chown=%s: %w", spec, err)
	}
	return identity{uid, gid}, nil
}

// lookupID finds a name in a passwd or group file: its ID (third field)
// and, for passwd, the primary group (fourth). A number is its own ID.
func lookupID(base *imageFS, file, name string) (id, group int, err error) {
	if n, err := strconv.Atoi(name); err == nil {
		if n < 0 {
			return 0, 0, fmt.Errorf("invalid ID %d", n)
		}
		return n, n, nil
	}
	p, err := resolveIn(base, file, true)
	if err != nil {
		return 0, 0, err
	}
	f, err := base.open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, 0, fmt.Errorf("no %s in the image to look up %q", file, name)
	}
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), ":")
		if len(fields) < 3 || fields[0] != name {
			continue
		}
		id, err := strconv.Atoi(fields[2])
		if err != nil {
			return 0, 0, fmt.Errorf("%s: bad entry for %q", file, name)
		}
		group := id
		if len(fields) > 3 {
			if g, err := strconv.Atoi(fields[3]); err == nil {
				group = g
			}
		}
		return id, group, nil
	}
	if err := sc.Err(); err != nil {
		return 0, 0, err
	}
	return 0, 0, fmt.Errorf("no %q in the image's %s", name, file)
}

// parseChmod reads --chmod, in octal (BuildKit also takes symbolic modes,
// berth does not).
func parseChmod(spec string) (*int64, error) {
	if spec == "" {
		return nil, nil
	}
	m, err := strconv.ParseUint(spec, 8, 32)
	if err != nil || m > 0o7777 {
		return nil, fmt.Errorf("invalid --chmod=%s: must be an octal mode", spec)
	}
	mode := int64(m)
	return &mode, nil
}
