package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func newStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func create(t *testing.T, s *Store, name string) *Container {
	t.Helper()
	c := &Container{ID: NewID(), Name: name, Created: time.Now()}
	if err := s.Create(c, nil); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLookupOrder(t *testing.T) {
	s := newStore(t)
	a := create(t, s, "alpha")
	b := create(t, s, "beta")
	for ref, want := range map[string]string{a.ID: a.ID, "alpha": a.ID, "/beta": b.ID, b.ID[:12]: b.ID} {
		if got, err := s.Lookup(ref); err != nil || got != want {
			t.Errorf("Lookup(%q) = %q, %v", ref, got, err)
		}
	}
	if _, err := s.Lookup("gamma"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown name: %v", err)
	}
	// A name that looks like an ID prefix of another container wins as a name.
	c := create(t, s, b.ID[:4])
	if got, _ := s.Lookup(b.ID[:4]); got != c.ID {
		t.Errorf("exact name should win over ID prefix")
	}
}

func TestNameClaims(t *testing.T) {
	s := newStore(t)
	create(t, s, "taken")
	err := s.Create(&Container{ID: NewID(), Name: "taken"}, nil)
	if !errors.Is(err, ErrNameInUse) {
		t.Fatalf("second create with the same name: %v", err)
	}
	ids, _ := s.IDs()
	if len(ids) != 1 {
		t.Fatalf("a refused create left a container: %v", ids)
	}
	// A failing prepare leaves nothing, and the name stays free.
	boom := errors.New("boom")
	if err := s.Create(&Container{ID: NewID(), Name: "free"}, func(string) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("prepare error not returned: %v", err)
	}
	if _, err := os.Stat(s.namePath("free")); !os.IsNotExist(err) {
		t.Fatalf("name of a failed create still claimed: %v", err)
	}
	create(t, s, "free")
}

// A creator that died after claiming a name gives it up to the next one.
func TestStaleClaimReclaimed(t *testing.T) {
	s := newStore(t)
	dead := NewID()
	tmp := filepath.Join(s.root, "containers", ".tmp-"+dead)
	os.Mkdir(tmp, 0o700)
	os.WriteFile(filepath.Join(tmp, "creator"), []byte("999999999"), 0o600) // no such pid
	os.WriteFile(s.namePath("orphan"), []byte(dead), 0o600)
	create(t, s, "orphan")
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Fatal("the dead creator's directory was not cleaned")
	}
}

func TestUpdateAndRemove(t *testing.T) {
	s := newStore(t)
	c := create(t, s, "u")
	if _, err := s.Update(c.ID, func(st *State) error { st.Status = StatusRunning; st.Pid = 42; return nil }); err != nil {
		t.Fatal(err)
	}
	st, _ := s.State(c.ID)
	if st.Status != StatusRunning || st.Pid != 42 {
		t.Fatalf("state %+v", st)
	}
	abort := errors.New("abort")
	if _, err := s.Update(c.ID, func(st *State) error { st.Pid = 7; return abort }); !errors.Is(err, abort) {
		t.Fatal(err)
	}
	if st, _ := s.State(c.ID); st.Pid != 42 {
		t.Fatal("an aborted update was saved")
	}
	if err := s.Rename(c.ID, "v"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Lookup("u"); !errors.Is(err, ErrNotFound) {
		t.Fatal("old name still resolves")
	}
	l, err := s.Lock(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Remove(c.ID, l); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Lock(c.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("lock of a removed container: %v", err)
	}
	ents, _ := os.ReadDir(filepath.Join(s.root, "containers"))
	names, _ := os.ReadDir(filepath.Join(s.root, "names"))
	if len(ents) != 0 || len(names) != 0 {
		t.Fatalf("remove left %v %v", ents, names)
	}
}
