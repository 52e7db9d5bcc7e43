package build

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"strings"
)

// addOrUnpack writes a file ADD names: extracted into e.unpackTo if it is
// a tar archive (plain, gzip, bzip2 or xz), else copied like COPY would.
// Archive entries keep their own owners and modes, as with docker's
// classic builder: --chown and --chmod apply to copied files only.
func (w *layerWriter) addOrUnpack(src sourceFS, e entry, chmod *int64) error {
	f, err := src.open(e.src)
	if err != nil {
		return err
	}
	defer f.Close()
	r, err := openArchive(f)
	if err != nil {
		return fmt.Errorf("%s: %w", e.src, err)
	}
	if r == nil {
		return w.addEntry(src, e, chmod)
	}
	defer r.Close()
	if err := w.mkdirAll(e.unpackTo); err != nil {
		return err
	}
	if err := w.extract(tar.NewReader(r), e.unpackTo); err != nil {
		return fmt.Errorf("extracting %s: %w", e.src, err)
	}
	return nil
}

// openArchive returns the decompressed tar stream of f, or nil if f is not
// a tar archive. Like docker, it decides by content, not by name.
func openArchive(f *os.File) (io.ReadCloser, error) {
	br := bufio.NewReader(f)
	magic, _ := br.Peek(6)
	var r io.ReadCloser
	var err error
	switch {
	case bytes.HasPrefix(magic, []byte{0x1f, 0x8b}):
		var zr *gzip.Reader
		if zr, err = gzip.NewReader(br); err == nil {
			r = zr
		}
	case bytes.HasPrefix(magic, []byte("BZh")):
		r = io.NopCloser(bzip2.NewReader(br))
	case bytes.HasPrefix(magic, []byte{0xfd, '7', 'z', 'X', 'Z', 0}):
		r, err = xzReader(br)
	default:
		r = io.NopCloser(br)
	}
	if err != nil {
		return nil, nil // looks compressed but is not: an ordinary file
	}
	head := bufio.NewReaderSize(r, 512)
	block, _ := head.Peek(512)
	if _, err := tar.NewReader(bytes.NewReader(block)).Next(); err != nil {
		r.Close()
		return nil, nil
	}
	return readCloser{head, r}, nil
}

type readCloser struct {
	io.Reader
	io.Closer
}

// xzReader decompresses with the xz tool, as docker does: there is no xz
// decoder in Go's standard library.
func xzReader(r io.Reader) (io.ReadCloser, error) {
	cmd := exec.Command("xz", "-d", "-c", "-q")
	cmd.Stdin = r
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("xz-compressed archive: %w", err)
	}
	return readCloser{out, closerFunc(func() error {
		out.Close() // a reader that stopped early must not block xz
		cmd.Process.Kill()
		cmd.Wait()
		return nil
	})}, nil
}

type closerFunc func() error

func (f closerFunc) Close() error { return f() }

// extract copies an archive's entries into the layer under dir. Names are
// taken relative to dir and may not climb out of it; hard links are
// renamed along. OCI whiteout names are refused: in a layer they would
// delete files of the image instead of being files.
func (w *layerWriter) extract(tr *tar.Reader, dir string) error {
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if hdr.Typeflag == tar.TypeXGlobalHeader {
			continue
		}
		rel, err := archiveName(hdr.Name)
		if err != nil {
			return err
		}
		if rel == "." {
			continue // the archive's root: dir keeps its own metadata
		}
		if strings.HasPrefix(path.Base(rel), ".wh.") {
			return fmt.Errorf("entry %q: whiteout names are reserved", hdr.Name)
		}
		hdr.Name = path.Join(dir, rel)
		if hdr.Typeflag == tar.TypeDir {
			hdr.Name += "/"
		}
		if hdr.Typeflag == tar.TypeLink {
			target, err := archiveName(hdr.Linkname)
			if err != nil {
				return err
			}
			hdr.Linkname = path.Join(dir, target)
		}
		hdr.PAXRecords = xattrsOnly(hdr.PAXRecords)
		hdr.Format = tar.FormatPAX
		if err := w.add(hdr, tr); err != nil {
			return err
		}
	}
}

// archiveName cleans an entry name relative to the extraction directory.
func archiveName(name string) (string, error) {
	if c := path.Clean(name); c == ".." || strings.HasPrefix(c, "../") {
		return "", fmt.Errorf("entry %q: %w", name, errBreakout)
	}
	rel := strings.TrimPrefix(path.Clean("/"+name), "/")
	if rel == "" {
		return ".", nil
	}
	return rel, nil
}

var errBreakout = errors.New("path escapes the extraction directory")

// xattrsOnly keeps the extended attributes of an entry's PAX records; the
// others describe the entry as it was and are rewritten from the header.
func xattrsOnly(recs map[string]string) map[string]string {
	var out map[string]string
	for k, v := range recs {
		if strings.HasPrefix(k, "SCHILY.xattr.") {
			if out == nil {
				out = map[string]string{}
			}
			out[k] = v
		}
	}
	return out
}
