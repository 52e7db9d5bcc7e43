package build

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"syscall"
	"time"

	"berth/storage/archive"
)

// identity is the owner COPY and ADD give what they write (--chown).
type identity struct{ uid, gid int }

// layerWriter writes the tar stream of one layer. Every entry's parent
// directories are written before it: a directory that exists in the image
// below is written with its metadata there, because overlayfs shows the
// upper layer's copy of a directory, and a new one gets mode 0755, the
// writer's owner and the step's time, like docker's MkdirAll.
type layerWriter struct {
	tw    *tar.Writer
	base  *imageFS
	now   time.Time
	owner identity        // of the directories it creates
	dirs  map[string]bool // directories already in the stream
	buf   []byte
}

func newLayerWriter(w io.Writer, base *imageFS, now time.Time) *layerWriter {
	return &layerWriter{tw: tar.NewWriter(w), base: base, now: now, dirs: map[string]bool{}}
}

func (w *layerWriter) close() error { return w.tw.Close() }

// mkdirAll makes p (clean, relative to "/") and its parents directories in
// the layer.
func (w *layerWriter) mkdirAll(p string) error {
	if p == "." || p == "/" || w.dirs[p] {
		return nil
	}
	if err := w.mkdirAll(path.Dir(p)); err != nil {
		return err
	}
	hdr := &tar.Header{
		Typeflag: tar.TypeDir, Name: p + "/", Mode: 0o755,
		Uid: w.owner.uid, Gid: w.owner.gid, ModTime: w.now, Format: tar.FormatPAX,
	}
	if fi, err := w.base.lstat(p); err == nil && fi.IsDir() {
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			hdr.Mode, hdr.Uid, hdr.Gid, hdr.ModTime = int64(st.Mode&0o7777), int(st.Uid), int(st.Gid), mtime(st)
		}
	}
	w.dirs[p] = true
	return w.tw.WriteHeader(hdr)
}

// add writes one entry after its parents; a regular file's content is
// read from body, exactly hdr.Size bytes of it.
func (w *layerWriter) add(hdr *tar.Header, body io.Reader) error {
	name := strings.TrimSuffix(hdr.Name, "/")
	if err := w.mkdirAll(path.Dir(name)); err != nil {
		return err
	}
	if hdr.Typeflag == tar.TypeDir {
		w.dirs[name] = true
	}
	if err := w.tw.WriteHeader(hdr); err != nil {
		return err
	}
	if hdr.Typeflag != tar.TypeReg || hdr.Size == 0 {
		return nil
	}
	if w.buf == nil {
		w.buf = make([]byte, 256<<10)
	}
	n, err := io.CopyBuffer(w.tw, io.LimitReader(body, hdr.Size), w.buf)
	if err == nil && n < hdr.Size {
		err = errors.New("file shrank while being copied")
	}
	if err != nil {
		return fmt.Errorf("%s: %w", hdr.Name, err)
	}
	return nil
}

// writeEntries writes a planned COPY or ADD into the layer.
func writeEntries(w *layerWriter, src sourceFS, entries []entry, chmod *int64) error {
	for _, e := range entries {
		var err error
		switch {
		case e.fi == nil:
			err = w.mkdirAll(e.dest)
		case e.unpackTo != "":
			err = w.addOrUnpack(src, e, chmod)
		default:
			err = w.addEntry(src, e, chmod)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// addEntry writes one source file, directory, symlink or device.
func (w *layerWriter) addEntry(src sourceFS, e entry, chmod *int64) error {
	hdr, err := entryHeader(e, w.owner, chmod)
	if err != nil {
		return err
	}
	if hdr.Typeflag != tar.TypeReg {
		return w.add(hdr, nil)
	}
	f, err := src.open(e.src)
	if err != nil {
		return err
	}
	defer f.Close()
	return w.add(hdr, f)
}

// entryHeader describes a source file as it lands: its type, permission
// bits (or chmod's) and times, owned by owner as docker's fixPermissions
// leaves it.
func entryHeader(e entry, owner identity, chmod *int64) (*tar.Header, error) {
	st, ok := e.fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil, fmt.Errorf("%s: no file metadata", e.src)
	}
	hdr := &tar.Header{
		Name: e.dest, Mode: int64(st.Mode & 0o7777), Uid: owner.uid, Gid: owner.gid,
		ModTime: mtime(st), Format: tar.FormatPAX,
	}
	if !archive.SetType(hdr, st.Mode, st.Size, st.Rdev) {
		return nil, fmt.Errorf("%s: cannot copy a %v", e.src, e.fi.Mode().Type())
	}
	switch hdr.Typeflag {
	case tar.TypeDir:
		hdr.Name = e.dest + "/"
	case tar.TypeSymlink:
		hdr.Linkname = e.link
	}
	if chmod != nil && hdr.Typeflag != tar.TypeSymlink {
		hdr.Mode = *chmod
	}
	return hdr, nil
}

func mtime(st *syscall.Stat_t) time.Time { return time.Unix(st.Mtim.Sec, st.Mtim.Nsec) }
