package runtime

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// ExecUser is a resolved user to run as.
type ExecUser struct {
	UID, GID int
	Groups   []int
	Home     string
}

// ResolveUser resolves Docker's -u forms (name, uid, name:group, uid:gid)
// against the passwd and group files of the container's root, with Docker's
// error wording.
func ResolveUser(spec, passwdPath, groupPath string) (*ExecUser, error) {
	u := &ExecUser{Home: "/"}
	userPart, groupPart, hasGroup := strings.Cut(spec, ":")
	if userPart == "" {
		userPart = "0"
	}
	passwd := readColonFile(passwdPath)
	groups := readColonFile(groupPath)
	name := ""
	if uid, err := strconv.Atoi(userPart); err == nil {
		if uid < 0 {
			return nil, fmt.Errorf("invalid user %q", spec)
		}
		u.UID = uid
		for _, e := range passwd {
			if len(e) >= 6 && e[2] == userPart {
				name, u.GID, u.Home = e[0], atoi(e[3]), e[5]
				break
			}
		}
	} else {
		found := false
		for _, e := range passwd {
			if len(e) >= 6 && e[0] == userPart {
				name, u.UID, u.GID, u.Home, found = e[0], atoi(e[2]), atoi(e[3]), e[5], true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("unable to find user %s: no matching entries in passwd file", userPart)
		}
	}
	if hasGroup {
		if gid, err := strconv.Atoi(groupPart); err == nil {
			u.GID = gid
		} else {
			found := false
			for _, e := range groups {
				if len(e) >= 3 && e[0] == groupPart {
					u.GID, found = atoi(e[2]), true
					break
				}
			}
			if !found {
				return nil, fmt.Errorf("unable to find group %s: no matching entries in group file", groupPart)
			}
		}
	}
	// Supplementary groups are those listing the user by name.
	if name != "" {
		for _, e := range groups {
			if len(e) >= 4 {
				for _, m := range strings.Split(e[3], ",") {
					if m == name && atoi(e[2]) != u.GID {
						u.Groups = append(u.Groups, atoi(e[2]))
					}
				}
			}
		}
	}
	if u.Home == "" {
		u.Home = "/"
	}
	return u, nil
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func readColonFile(p string) [][]string {
	f, err := os.Open(p)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, strings.Split(line, ":"))
	}
	return out
}
