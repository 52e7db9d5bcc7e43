package build

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"berth/storage/images"
)

// copySpec is a COPY or ADD after variable expansion.
type copySpec struct {
	cmd    string // "COPY" or "ADD"
	srcs   []string
	dest   string
	from   string // --from, "" for the build context
	chown  string
	chmod  string
	unpack bool // ADD: local tar archives are extracted
}

// entry is one thing a COPY or ADD writes into its layer.
type entry struct {
	src  string      // path in the source tree
	dest string      // where it lands, relative to "/"
	fi   fs.FileInfo // nil: dest is a directory to create (or keep)
	link string      // a symlink's target
	// unpackTo is set for a file ADD extracts, if it turns out to be a
	// tar archive, into this directory instead of copying it to dest.
	unpackTo string
}

// copyChange works out a COPY or ADD. Sources from the context are read
// now, since their content is part of the cache key; sources from a stage
// or image are fixed by that image's ID and only read on a cache miss.
// Errors read like docker's, "COPY failed: ...".
func (b *Builder) copyChange(st *stage, cs copySpec) (*change, error) {
	ch, err := b.copyStep(st, cs)
	if err != nil {
		return nil, fmt.Errorf("%s failed: %w", cs.cmd, err)
	}
	write := ch.layer
	ch.layer = func(w *layerWriter) error {
		if err := write(w); err != nil {
			return fmt.Errorf("%s failed: %w", cs.cmd, err)
		}
		return nil
	}
	return ch, nil
}

func (b *Builder) copyStep(st *stage, cs copySpec) (*change, error) {
	base, err := b.rootFS(st)
	if err != nil {
		return nil, err
	}
	owner, err := chownIdentity(base, cs.chown)
	if err != nil {
		return nil, err
	}
	mode, err := parseChmod(cs.chmod)
	if err != nil {
		return nil, err
	}
	src, srcID, err := b.copySource(st, cs.from)
	if err != nil {
		return nil, err
	}
	dest, intoDir := normalizeDest(st.cfg.Config.WorkingDir, cs.dest)
	shownDest := dest
	if intoDir && dest != "/" {
		shownDest += "/"
	}
	cfg := cloneConfig(st.cfg)
	ch := &change{cfg: cfg, extraKey: fmt.Sprintf("chown=%d:%d chmod=%s unpack=%t", owner.uid, owner.gid, cs.chmod, cs.unpack)}
	write := func(w *layerWriter, entries []entry) error {
		w.owner = owner
		return writeEntries(w, src, entries, mode)
	}
	if srcID != "" {
		ch.createdBy = nopWordCreatedBy(&cfg, fmt.Sprintf("%s --from=%s %s in %s ", cs.cmd, cs.from, strings.Join(cs.srcs, " "), shownDest))
		ch.extraKey += " from=" + srcID
		ch.layer = func(w *layerWriter) error {
			entries, _, err := planCopy(base, src, cs, dest, intoDir)
			if err != nil {
				return err
			}
			return write(w, entries)
		}
		return ch, nil
	}
	entries, kind, err := planCopy(base, src, cs, dest, intoDir)
	if err != nil {
		return nil, err
	}
	sum, err := hashEntries(src, entries)
	if err != nil {
		return nil, err
	}
	ch.createdBy = nopWordCreatedBy(&cfg, fmt.Sprintf("%s %s:%s in %s ", cs.cmd, kind, sum, shownDest))
	ch.layer = func(w *layerWriter) error { return write(w, entries) }
	return ch, nil
}

// copySource is the tree COPY reads: the build context, or for --from an
// earlier stage's or an image's root filesystem, with that image's ID
// ("scratch" for an empty stage), which stands for its content in the
// cache key.
func (b *Builder) copySource(st *stage, from string) (sourceFS, string, error) {
	if from == "" {
		return b.src, "", nil
	}
	s := b.stageByName(from, true)
	if s == st {
		return nil, "", fmt.Errorf("--from=%s refers to the current stage", from)
	}
	if s != nil && s.imageID == "" {
		return newImageFS("stage "+from, nil), "scratch", nil
	}
	var img *images.Image
	var err error
	if s != nil {
		img, err = b.store.Get(s.imageID)
	} else if img, err = b.be.Image(from); err != nil {
		err = fmt.Errorf("--from=%s is neither a build stage nor an image: %w", from, err)
	}
	if err != nil {
		return nil, "", err
	}
	label := "image " + from
	if s != nil {
		label = "stage " + from
	}
	return newImageFS(label, img.Layers), img.ID, nil
}

// normalizeDest makes dest absolute against WORKDIR and reports whether it
// names a directory to copy into ("dir/", ".", "dir/.").
func normalizeDest(workdir, dest string) (string, bool) {
	intoDir := strings.HasSuffix(dest, "/") || dest == "." || strings.HasSuffix(dest, "/.")
	if !path.IsAbs(dest) {
		dest = path.Join("/", workdir, dest)
	}
	return path.Clean(dest), intoDir
}

// planCopy lists what a COPY or ADD writes, with docker's rules: a
// directory's contents (not the directory) go into dest; a file goes into
// dest if dest ends in "/" or is a directory already, else becomes dest;
// several sources need a dest ending in "/". Destination symlinks are
// resolved in the image, as the copy would follow them. kind is the
// history's "file", "dir" or "multi".
func planCopy(base *imageFS, src sourceFS, cs copySpec, dest string, intoDir bool) ([]entry, string, error) {
	var matches []match
	for _, s := range cs.srcs {
		m, err := findSources(src, s)
		if err != nil {
			return nil, "", err
		}
		matches = append(matches, m...)
	}
	if len(matches) == 0 {
		return nil, "", errors.New("no source files were specified")
	}
	if len(matches) > 1 && !intoDir {
		return nil, "", fmt.Errorf("When using %s with more than one source file, the destination must be a directory and end with a /", cs.cmd)
	}
	destDir, err := resolveIn(base, dest, true)
	if err != nil {
		return nil, "", err
	}
	destIsDir := intoDir
	if fi, err := base.lstat(destDir); err == nil && fi.IsDir() {
		destIsDir = true
	}
	var entries []entry
	for _, m := range matches {
		if m.fi.IsDir() {
			entries = append(entries, entry{dest: destDir})
			if err := walkTree(src, m.path, destDir, &entries); err != nil {
				return nil, "", err
			}
			continue
		}
		e := entry{src: m.path, fi: m.fi}
		if destIsDir {
			e.dest = path.Join(destDir, m.name)
		} else {
			parent, err := resolveIn(base, path.Dir(dest), true)
			if err != nil {
				return nil, "", err
			}
			e.dest = path.Join(parent, path.Base(dest))
		}
		if cs.unpack && m.fi.Mode().IsRegular() {
			e.unpackTo = destDir
		}
		entries = append(entries, e)
	}
	kind := "multi"
	if len(matches) == 1 {
		kind = "file"
		if matches[0].fi.IsDir() {
			kind = "dir"
		}
	}
	return entries, kind, nil
}
