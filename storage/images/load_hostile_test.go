package images

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/opencontainers/go-digest"
)

// storeState is everything a failed load must leave as it was.
func storeState(t *testing.T, s *Store) map[string]any {
	t.Helper()
	state, _ := os.ReadFile(s.path(stateFile))
	return map[string]any{
		"state": string(state), "blobs": names(t, s, blobsDir), "layers": names(t, s, layersDir),
		"links": names(t, s, linksDir), "tmp": names(t, s, tmpDir),
	}
}

// Archives are untrusted input. Each of these must fail with an error
// that says what is wrong, and leave the store exactly as it was.
func TestLoadHostileArchives(t *testing.T) {
	good := rootfs(t, "ok", "ok")
	goodCfg := dockerConfig(t, nil, good)
	escape := tarOf(t, entry{name: "../escaped", body: "x"})
	truncatedLayer := good[:len(good)-1024] // no end-of-archive marker
	validArchive := classicArchive(t, classicImage{config: goodCfg, layers: [][]byte{good}, tags: []string{"good:1"}})
	manifestWith := func(item manifestItem, extra ...entry) []byte {
		m, _ := json.Marshal([]manifestItem{item})
		return tarOf(t, append(extra, entry{name: "manifest.json", body: string(m)})...)
	}
	windowsCfg := bytes.Replace(goodCfg, []byte(`"os":"linux"`), []byte(`"os":"windows"`), 1)
	badOCI := ociLayout(t, goodCfg, nil, gzipped(t, good))
	badOCIFiles := archiveFiles(t, badOCI)
	badOCIFiles[blobName(digest.FromBytes(goodCfg))] = append([]byte(" "), goodCfg...)

	cases := map[string]struct {
		archive []byte
		want    string
	}{
		"layer with ../ entry": {classicArchive(t, classicImage{config: dockerConfig(t, nil, escape), layers: [][]byte{escape}, tags: []string{"evil:1"}}),
			"escaped"},
		"truncated archive":   {validArchive[:len(validArchive)/2], "unexpected EOF"},
		"truncated layer":     {classicArchive(t, classicImage{config: dockerConfig(t, nil, truncatedLayer), layers: [][]byte{truncatedLayer}}), "no end-of-archive marker"},
		"wrong diffID":        {classicArchive(t, classicImage{config: dockerConfig(t, nil, rootfs(t, "other", "x")), layers: [][]byte{good}}), "invalid diffID for layer 0"},
		"missing config":      {manifestWith(manifestItem{Config: "nosuch.json", Layers: []string{"l.tar"}}, entry{name: "l.tar", body: string(good)}), "nosuch.json: not found in archive"},
		"missing layer":       {manifestWith(manifestItem{Config: "c.json", Layers: []string{"l.tar"}}, entry{name: "c.json", body: string(goodCfg)}), "l.tar: not found in archive"},
		"layer path climbs":   {manifestWith(manifestItem{Config: "c.json", Layers: []string{"../../../../../etc/passwd"}}, entry{name: "c.json", body: string(goodCfg)}), "not found in archive"},
		"symlink climbs":      {manifestWith(manifestItem{Config: "c.json", Layers: []string{"l.tar"}}, entry{name: "c.json", body: string(goodCfg)}, entry{name: "l.tar", link: "../../../../../../etc/passwd"}), "not found in archive"},
		"symlink loop":        {manifestWith(manifestItem{Config: "c.json", Layers: []string{"a"}}, entry{name: "c.json", body: string(goodCfg)}, entry{name: "a", link: "b"}, entry{name: "b", link: "a"}), "too many levels of links"},
		"layer count":         {manifestWith(manifestItem{Config: "c.json"}, entry{name: "c.json", body: string(goodCfg)}), "layers length mismatch"},
		"windows image":       {manifestWith(manifestItem{Config: "c.json", Layers: []string{"l.tar"}}, entry{name: "c.json", body: string(windowsCfg)}, entry{name: "l.tar", body: string(good)}), "cannot load windows image"},
		"bad tag":             {manifestWith(manifestItem{Config: "c.json", Layers: []string{"l.tar"}, RepoTags: []string{"UPPER:1"}}, entry{name: "c.json", body: string(goodCfg)}, entry{name: "l.tar", body: string(good)}), `invalid tag "UPPER:1"`},
		"null manifest":       {tarOf(t, entry{name: "manifest.json", body: "null"}), "manifest cannot be null"},
		"corrupt OCI blob":    {rebuild(t, badOCIFiles), "is corrupt"},
		"not a tar":           {bytes.Repeat([]byte("not a tar archive "), 100), "reading archive"},
		"empty":               {nil, "neither manifest.json nor index.json"},
		"second image is bad": {classicArchive(t, classicImage{config: goodCfg, layers: [][]byte{good}, tags: []string{"good:1"}}, classicImage{config: dockerConfig(t, nil, good, escape), layers: [][]byte{good, escape}}), "escaped"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			s := newStore(t)
			importTar(t, s, rootfs(t, "existing", "1"), "existing:1", ImportOptions{})
			before := storeState(t, s)
			lines, err := s.Load(bytes.NewReader(tc.archive))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q (printed %q)", err, tc.want, lines)
			}
			t.Log(err)
			if after := storeState(t, s); !reflect.DeepEqual(after, before) {
				t.Errorf("store changed:\nbefore %v\nafter  %v", before, after)
			}
			filepath.WalkDir(filepath.Dir(s.Root()), func(p string, d fs.DirEntry, err error) error {
				if d != nil && d.Name() == "escaped" {
					t.Errorf("%s written", p)
				}
				return nil
			})
		})
	}
}
