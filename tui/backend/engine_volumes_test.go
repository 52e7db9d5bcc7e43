package backend

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestVolumes(t *testing.T) {
	b := newWorld(t)
	name, err := b.CreateVolume("vol-data")
	if err != nil || name != "vol-data" {
		t.Fatalf("create: %q, %v", name, err)
	}
	defer b.RemoveVolume(name, true)
	id := run(t, b, "vol-user", "sleep 100", func(o *RunOptions) { o.Volumes = []string{"vol-data:/data", "/scratch"} })
	list, err := b.Volumes()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(list, func(v Volume) bool { return v.Name == "vol-data" })
	if i < 0 {
		t.Fatalf("volume not listed: %+v", list)
	}
	if v := list[i]; v.Driver != "local" || filepath.Base(v.Mountpoint) != "_data" || v.Created.IsZero() || !slices.Equal(v.Containers, []string{"vol-user"}) {
		t.Errorf("volume row: %+v", v)
	}
	if err := b.RemoveVolume("vol-data", false); err == nil {
		t.Error("removed a volume in use")
	}
	if err := b.Remove(id, true); err != nil {
		t.Fatal(err)
	}
	gone, err := b.PruneVolumes()
	if err != nil || len(gone) != 1 || len(gone[0]) != 64 { // the anonymous /scratch only
		t.Errorf("prune: %v, %v", gone, err)
	}
	if err := b.RemoveVolume("vol-data", false); err != nil {
		t.Errorf("remove: %v", err)
	}
}

func TestFilesStayInsideTheVolume(t *testing.T) {
	b := newWorld(t)
	name, err := b.CreateVolume("vol-files")
	if err != nil {
		t.Fatal(err)
	}
	defer b.RemoveVolume(name, true)
	v, _ := b.e.Volumes.Get(name)
	data := v.Mountpoint
	// What a container could have written: files, a directory, a
	// symlink inside, and symlinks that point out.
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Mkdir(filepath.Join(data, "sub"), 0o755))
	must(os.WriteFile(filepath.Join(data, "sub", "inner"), []byte("x"), 0o600))
	must(os.WriteFile(filepath.Join(data, "notes"), []byte("hello"), 0o644))
	must(os.Symlink("sub", filepath.Join(data, "inside")))
	must(os.Symlink("/etc", filepath.Join(data, "abs")))
	must(os.Symlink("../../../..", filepath.Join(data, "up")))

	top, err := b.Files(name, "/")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range top {
		names = append(names, f.Name)
	}
	if want := []string{"sub", "abs", "inside", "notes", "up"}; !slices.Equal(names, want) {
		t.Fatalf("top: %v, want %v", names, want)
	}
	if f := top[0]; !f.Dir || f.Mode != "drwxr-xr-x" {
		t.Errorf("sub: %+v", f)
	}
	if f := top[3]; f.Dir || f.Size != 5 || f.Mode != "-rw-r--r--" || f.MTime.IsZero() {
		t.Errorf("notes: %+v", f)
	}
	if f := top[1]; f.Dir || f.Mode != "Lrwxrwxrwx" {
		t.Errorf("a symlink is listed as itself: %+v", f)
	}
	for _, dir := range []string{"sub", "/sub/", "inside", "sub/../inside"} {
		got, err := b.Files(name, dir)
		if err != nil || len(got) != 1 || got[0].Name != "inner" {
			t.Errorf("Files(%q) = %+v, %v", dir, got, err)
		}
	}
	for _, dir := range []string{"../..", "/../..", "sub/../../x", "abs", "up", "up/etc", "abs/etc"} {
		if got, err := b.Files(name, dir); !errors.Is(err, ErrOutsideVolume) {
			t.Errorf("Files(%q) = %+v, %v; want ErrOutsideVolume", dir, got, err)
		}
	}
	if _, err := b.Files(name, "notes"); err == nil {
		t.Error("listed a file as a directory")
	}
	if _, err := b.Files("vol-none", "/"); err == nil {
		t.Error("listed a missing volume")
	}
}
