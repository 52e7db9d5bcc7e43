package images

import (
	"io"
	"runtime"
	"time"

	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

// ImportOptions are the `docker import --change/--message` settings.
type ImportOptions struct {
	Env        []string
	Cmd        []string
	Entrypoint []string
	WorkingDir string
	User       string
	Volumes    []string  // VOLUME mount points
	Message    string    // history comment; default "Imported from -"
	Created    time.Time // zero means now; fixing it makes the image ID reproducible
}

// Import makes a single-layer image from a root filesystem tarball (plain,
// gzip or bzip2), like `docker import`. ref may be "" for an untagged image.
func (s *Store) Import(r io.Reader, ref string, o ImportOptions) (*Image, error) {
	var refs []string
	if ref != "" {
		if _, err := tagKey(ref); err != nil { // fail before reading the stream
			return nil, err
		}
		refs = append(refs, ref)
	}
	tx, err := s.Begin()
	if err != nil {
		return nil, err
	}
	defer tx.Close()
	layer, err := tx.AddLayer(r, "")
	if err != nil {
		return nil, err
	}
	created := o.Created.UTC()
	if o.Created.IsZero() {
		created = time.Now().UTC()
	}
	comment := o.Message
	if comment == "" {
		comment = "Imported from -"
	}
	cfg := ocispec.Image{
		Created:  &created,
		Platform: ocispec.Platform{Architecture: runtime.GOARCH, OS: "linux"},
		Config: ocispec.ImageConfig{
			Env:        o.Env,
			Cmd:        o.Cmd,
			Entrypoint: o.Entrypoint,
			WorkingDir: o.WorkingDir,
			User:       o.User,
			Volumes:    volumeSet(o.Volumes),
		},
		History: []ocispec.History{{Created: &created, Comment: comment}},
	}
	return tx.Commit(cfg, []Layer{layer}, refs...)
}

func volumeSet(paths []string) map[string]struct{} {
	if len(paths) == 0 {
		return nil
	}
	set := map[string]struct{}{}
	for _, p := range paths {
		set[p] = struct{}{}
	}
	return set
}
