package images

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"time"
)

const busyboxRef = "busybox:latest"

// EnsureBusybox returns busybox:latest, first building it from a static
// busybox binary (Debian's busybox-static) if the store lacks it, so berth
// has an image to run without any registry. The rootfs is built in memory
// and imported like any tarball. File times and the creation time are the
// binary's mtime, so the same binary always yields the same image ID.
func EnsureBusybox(s *Store, busyboxBinary string) (*Image, error) {
	img, err := s.Resolve(busyboxRef)
	if !errors.Is(err, ErrNotFound) {
		return img, err
	}
	fi, err := os.Stat(busyboxBinary)
	if err != nil {
		return nil, fmt.Errorf("building busybox image: %w", err)
	}
	mtime := fi.ModTime().UTC().Truncate(time.Second)
	rootfs, err := busyboxRootfs(busyboxBinary, mtime)
	if err != nil {
		return nil, fmt.Errorf("building busybox image: %w", err)
	}
	return s.Import(bytes.NewReader(rootfs), busyboxRef, ImportOptions{
		Env:     []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
		Cmd:     []string{"sh"},
		Message: "berth: built from " + busyboxBinary,
		Created: mtime,
	})
}

// busyboxApplets asks the binary which applets it has.
func busyboxApplets(bin string) ([]string, error) {
	out, err := exec.Command(bin, "--list").Output()
	if err != nil {
		return nil, fmt.Errorf("%s --list: %w", bin, err)
	}
	var applets []string
	for _, a := range strings.Fields(string(out)) {
		if a != "busybox" && a != "." && a != ".." && !strings.Contains(a, "/") {
			applets = append(applets, a)
		}
	}
	sort.Strings(applets)
	return applets, nil
}

const busyboxPasswd = `root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
sync:x:4:100:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/spool/mail:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
operator:x:37:37:Operator:/var:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
`

const busyboxGroup = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
wheel:x:10:root
mail:x:8:
www-data:x:33:
operator:x:37:
staff:x:50:
users:x:100:
nogroup:x:65534:
`

const busyboxShadow = `root:*:19000:0:99999:7:::
daemon:*:19000:0:99999:7:::
nobody:*:19000:0:99999:7:::
`

// busyboxRootfs writes the image's root filesystem as a tar stream.
func busyboxRootfs(bin string, mtime time.Time) ([]byte, error) {
	binary, err := os.ReadFile(bin)
	if err != nil {
		return nil, err
	}
	applets, err := busyboxApplets(bin)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	hdr := func(typ byte, name string, mode int64) *tar.Header {
		return &tar.Header{Typeflag: typ, Name: name, Mode: mode, ModTime: mtime}
	}
	write := func(h *tar.Header, body []byte) {
		h.Size = int64(len(body))
		if err == nil {
			err = tw.WriteHeader(h)
		}
		if err == nil {
			_, err = tw.Write(body)
		}
	}
	for _, d := range []struct {
		name string
		mode int64
	}{
		{"./", 0o755}, {"bin/", 0o755}, {"dev/", 0o755}, {"etc/", 0o755}, {"home/", 0o755},
		{"proc/", 0o555}, {"root/", 0o700}, {"sys/", 0o555}, {"tmp/", 0o1777},
		{"usr/", 0o755}, {"usr/sbin/", 0o755}, {"var/", 0o755}, {"var/spool/", 0o755},
		{"var/spool/mail/", 0o755}, {"var/www/", 0o755},
	} {
		write(hdr(tar.TypeDir, d.name, d.mode), nil)
	}
	write(hdr(tar.TypeReg, "bin/busybox", 0o755), binary)
	for _, a := range applets {
		h := hdr(tar.TypeSymlink, "bin/"+a, 0o777)
		h.Linkname = "busybox"
		write(h, nil)
	}
	write(hdr(tar.TypeReg, "etc/passwd", 0o644), []byte(busyboxPasswd))
	write(hdr(tar.TypeReg, "etc/group", 0o644), []byte(busyboxGroup))
	write(hdr(tar.TypeReg, "etc/shadow", 0o640), []byte(busyboxShadow))
	if err == nil {
		err = tw.Close()
	}
	return buf.Bytes(), err
}
