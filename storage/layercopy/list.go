package layercopy

import "golang.org/x/sys/unix"

// entry is one visible name of a merged directory.
type entry struct {
	name string
	pos  int   // position in the mdir of its topmost copy
	typ  uint8 // d_type of that copy, never DT_UNKNOWN
}

// list returns the visible entries of d: the union of its copies, where
// the topmost occurrence of a name decides and a whiteout hides the name.
func (c *copier) list(d mdir) ([]entry, error) {
	var ents []entry
	// seen holds names decided by a higher copy, whiteouts included. A
	// single copy (most directories) cannot repeat a name and needs none.
	var seen map[string]struct{}
	if len(d) > 1 {
		seen = make(map[string]struct{})
	}
	for pos, l := range d {
		last := pos == len(d)-1
		err := readDirents(l.fd, c.dents, func(name []byte, typ uint8) error {
			if seen != nil {
				if _, dup := seen[string(name)]; dup {
					return nil
				}
			}
			s := string(name)
			if typ == unix.DT_UNKNOWN || typ == unix.DT_CHR {
				var st unix.Stat_t
				if err := unix.Fstatat(l.fd, s, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
					if err == unix.ENOENT {
						return nil // removed since getdents
					}
					return err
				}
				if isWhiteout(&st) {
					typ = 0 // hidden here and below
				} else {
					typ = dtype(st.Mode)
				}
			}
			if seen != nil && !last {
				seen[s] = struct{}{}
			}
			if typ != 0 {
				ents = append(ents, entry{s, pos, typ})
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return ents, nil
}

// dtype converts a stat mode to a d_type.
func dtype(mode uint32) uint8 { return uint8(mode & unix.S_IFMT >> 12) }
