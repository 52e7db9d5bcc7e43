package build

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const cacheDockerfile = `FROM base
COPY a /a
RUN touch /r1
COPY b /b
RUN touch /r2
`

func TestCache(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	be := newBackend(s)
	dir := buildContext(t, cacheDockerfile, map[string]string{"a": "a", "b": "b"})
	runs := func() int32 { return be.runs.Swap(0) }

	first := mustBuild(t, s, be, dir, Options{})
	if n := runs(); n != 2 {
		t.Fatalf("first build ran %d commands", n)
	}

	// Unchanged: nothing runs, same image.
	img, out, err := run(t, s, be, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := runs(); n != 0 || img.ID != first.ID || strings.Count(out, " ---> Using cache\n") != 4 {
		t.Errorf("rebuild ran %d commands, ID %s (was %s):\n%s", n, img.ShortID(), first.ShortID(), out)
	}

	// A changed COPY source reruns from that step on.
	os.WriteFile(filepath.Join(dir, "b"), []byte("b2"), 0o644)
	img, out, err = run(t, s, be, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := runs(); n != 1 || strings.Count(out, " ---> Using cache\n") != 2 || img.ID == first.ID {
		t.Errorf("after changing b: %d runs:\n%s", n, out)
	}
	if got := readFile(t, img, "/b"); got != "b2" {
		t.Errorf("/b = %q", got)
	}

	// Touching the first source reruns everything after FROM: COPY keeps
	// mtimes, so the layer would differ.
	later := time.Now().Add(time.Hour)
	os.Chtimes(filepath.Join(dir, "a"), later, later)
	mustBuild(t, s, be, dir, Options{})
	if n := runs(); n != 2 {
		t.Errorf("after touching a: %d runs, want 2", n)
	}

	// --no-cache reruns all; its results feed later builds.
	noCache := mustBuild(t, s, be, dir, Options{NoCache: true})
	if n := runs(); n != 2 {
		t.Errorf("--no-cache ran %d commands, want 2", n)
	}
	if img := mustBuild(t, s, be, dir, Options{}); runs() != 0 || img.ID != noCache.ID {
		t.Error("build after --no-cache did not use its images")
	}

	// A cached image that was removed is rebuilt.
	if _, err := s.Remove(noCache.ID, false, nil); err != nil {
		t.Fatal(err)
	}
	mustBuild(t, s, be, dir, Options{})
	if n := runs(); n != 1 {
		t.Errorf("after removing the final image: %d runs, want 1", n)
	}

	var doc cacheDoc
	data, err := os.ReadFile(filepath.Join(s.Root(), cacheFile))
	if err != nil || json.Unmarshal(data, &doc) != nil || doc.Version != cacheVersion || len(doc.Entries) == 0 {
		t.Fatalf("cache index %s: %v", data, err)
	}
	for _, id := range doc.Entries {
		if _, err := s.Get(id); err != nil {
			t.Errorf("index points at a missing image %s", id)
		}
	}
	tmpEmpty(t, s)
}

// Config-only steps, WORKDIR, ARG and COPY --from are cached too.
func TestCacheAllStepKinds(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	be := newBackend(s)
	dir := buildContext(t, `FROM base AS b
ARG X=1
WORKDIR /new
ENV E=$X
RUN touch /r
FROM scratch
COPY --from=b /r /r
LABEL l=1
`, nil)
	first := mustBuild(t, s, be, dir, Options{})
	img, out, err := run(t, s, be, dir, Options{})
	if err != nil || img.ID != first.ID || strings.Count(out, "Using cache") != 6 {
		t.Errorf("rebuild: %v\n%s", err, out)
	}
	// A different ARG value changes the ENV step and everything after.
	img = mustBuild(t, s, be, dir, Options{BuildArgs: map[string]string{"X": "2"}})
	if img.ID == first.ID {
		t.Error("build arg change did not invalidate the cache")
	}
}

// Builds sharing a store at once lose none of each other's cache entries.
func TestConcurrentBuilds(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	be := newBackend(s)
	var dirs []string
	for i := range 4 {
		dirs = append(dirs, buildContext(t, fmt.Sprintf("FROM base\nCOPY f /f\nRUN touch /%d\nENV I=%d\n", i, i), map[string]string{"f": fmt.Sprint(i)}))
	}
	var wg sync.WaitGroup
	errs := make([]error, len(dirs))
	for i, dir := range dirs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, errs[i] = run(t, s, be, dir, Options{Tags: []string{fmt.Sprintf("c%d", i)}})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	be.runs.Store(0)
	for _, dir := range dirs {
		mustBuild(t, s, be, dir, Options{})
	}
	if n := be.runs.Load(); n != 0 {
		t.Errorf("%d RUNs after concurrent builds; the cache lost entries", n)
	}
	tmpEmpty(t, s)
}

func TestDiskUsage(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	be := newBackend(s)
	dir := buildContext(t, "FROM base\nCOPY a /a\nRUN write /r rr\n", map[string]string{"a": "a"})
	mustBuild(t, s, be, dir, Options{})
	u, err := DiskUsage(s)
	if err != nil {
		t.Fatal(err)
	}
	if u.Images != 2 || u.Size != 3 { // the COPY and RUN images; "a" and "rr"
		t.Errorf("untagged build: %+v, want 2 images of 3 bytes", u)
	}
	mustBuild(t, s, be, dir, Options{Tags: []string{"app"}})
	if u, _ = DiskUsage(s); u.Images != 1 || u.Size != 0 {
		t.Errorf("tagged build: %+v, want 1 image sharing all its layers", u)
	}
}
