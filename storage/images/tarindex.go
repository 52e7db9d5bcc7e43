package images

import (
	"archive/tar"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
)

// tarIndex is the table of contents of an image archive on disk, so that
// entries can be read in any order without extracting the archive: docker
// writes manifest.json after the layers it lists. Names are only ever
// looked up, never used as host paths, so hostile names ("../x", "/etc")
// cannot reach outside the archive.
type tarIndex struct {
	f       *os.File
	entries map[string]tarEntry
}

type tarEntry struct {
	off, size int64
	link      string // resolved target of a symlink or hard link, else ""
}

// maxLinkHops bounds link chains, so a loop fails instead of spinning.
const maxLinkHops = 16

// maxMetadataSize bounds the JSON files of an archive read into memory.
const maxMetadataSize = 32 << 20

// indexTar reads every header of the tar in f. Data is skipped by seeking,
// which archive/tar does itself for an io.Seeker, so right after Next the
// file offset is where the entry's data starts.
func indexTar(f *os.File) (*tarIndex, error) {
	x := &tarIndex{f: f, entries: map[string]tarEntry{}}
	tr := tar.NewReader(f)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading archive: %w", err)
		}
		name := cleanName(hdr.Name)
		switch hdr.Typeflag {
		case tar.TypeReg:
			if isSparse(hdr) {
				return nil, fmt.Errorf("reading archive: %s: sparse files are not supported", hdr.Name)
			}
			off, err := f.Seek(0, io.SeekCurrent)
			if err != nil {
				return nil, err
			}
			x.entries[name] = tarEntry{off: off, size: hdr.Size}
		case tar.TypeSymlink:
			target := hdr.Linkname
			if !path.IsAbs(target) {
				target = path.Join(path.Dir(name), target)
			}
			x.entries[name] = tarEntry{link: cleanName(target)}
		case tar.TypeLink:
			x.entries[name] = tarEntry{link: cleanName(hdr.Linkname)}
		default:
			delete(x.entries, name) // a later directory or device hides an earlier file
		}
	}
	return x, nil
}

// cleanName maps an archive name to its lookup key, rooted at the
// archive's top as a chrooted tar would resolve it: "./a", "/a" and
// "x/../../a" are all "a".
func cleanName(name string) string {
	return strings.TrimPrefix(path.Clean("/"+name), "/")
}

func isSparse(hdr *tar.Header) bool {
	if hdr.Typeflag == tar.TypeGNUSparse {
		return true
	}
	for k := range hdr.PAXRecords {
		if strings.HasPrefix(k, "GNU.sparse.") {
			return true
		}
	}
	return false
}

// errMissing is wrapped when an archive lacks a file it refers to.
var errMissing = errors.New("not found in archive")

// open returns the data of the regular file called name, following links.
func (x *tarIndex) open(name string) (*io.SectionReader, error) {
	key := cleanName(name)
	for range maxLinkHops {
		e, ok := x.entries[key]
		if !ok {
			return nil, fmt.Errorf("%s: %w", name, errMissing)
		}
		if e.link == "" {
			return io.NewSectionReader(x.f, e.off, e.size), nil
		}
		key = e.link
	}
	return nil, fmt.Errorf("%s: too many levels of links", name)
}

func (x *tarIndex) has(name string) bool {
	_, err := x.open(name)
	return err == nil
}

// readFile reads a small file (JSON metadata) whole.
func (x *tarIndex) readFile(name string) ([]byte, error) {
	r, err := x.open(name)
	if err != nil {
		return nil, err
	}
	if r.Size() > maxMetadataSize {
		return nil, fmt.Errorf("%s: %d bytes is too large", name, r.Size())
	}
	data := make([]byte, r.Size())
	if _, err := io.ReadFull(r, data); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return data, nil
}

// readJSON decodes the JSON file called name into v.
func (x *tarIndex) readJSON(name string, v any) error {
	data, err := x.readFile(name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
