package engine

import (
	"encoding/json"
	"strings"
	"time"

	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	"github.com/moby/moby/api/types/image"
	"github.com/moby/moby/api/types/storage"

	"berth/storage/images"
)

// InspectImage describes an image the way `docker image inspect` does.
func (e *Engine) InspectImage(ref string) (*image.InspectResponse, error) {
	img, err := e.Images.Resolve(ref)
	if err != nil {
		return nil, err
	}
	cfg := img.Config
	created := img.Created
	if cfg.Created != nil {
		created = *cfg.Created
	}
	docker := dockerConfig(e.Images, img)
	r := &image.InspectResponse{
		ID:           img.ID,
		RepoTags:     append([]string{}, img.RepoTags...),
		RepoDigests:  img.RepoDigests(),
		Comment:      docker.Comment,
		Created:      created.UTC().Format(time.RFC3339Nano),
		Author:       cfg.Author,
		Config:       &docker.Config,
		Architecture: cfg.Architecture,
		Variant:      cfg.Variant,
		Os:           cfg.OS,
		OsVersion:    cfg.OSVersion,
		Size:         img.Size,
		RootFS:       image.RootFS{Type: "layers"},
	}
	for _, d := range cfg.RootFS.DiffIDs {
		r.RootFS.Layers = append(r.RootFS.Layers, d.String())
	}
	if n := len(img.Layers); n > 0 {
		top := img.Layers[n-1]
		data := map[string]string{"UpperDir": top}
		if n > 1 {
			data["LowerDir"] = strings.Join(lowerFirst(img.Layers[:n-1]), ":")
		}
		r.GraphDriver = &storage.DriverData{Name: "overlay2", Data: data}
	}
	return r, nil
}

// dockerImageConfig is the part of a config docker's inspect shows beyond
// ocispec.Image: the Healthcheck, OnBuild and Shell of its Config, and the
// top-level comment `docker commit -m` and `docker import` write.
type dockerImageConfig struct {
	Config  dockerspec.DockerOCIImageConfig `json:"config"`
	Comment string                          `json:"comment"`
}

// dockerConfig reads those fields from the config as stored; should that
// fail, the OCI part alone still describes the image.
func dockerConfig(s *images.Store, img *images.Image) dockerImageConfig {
	d := dockerImageConfig{Config: dockerspec.DockerOCIImageConfig{ImageConfig: img.Config.Config}}
	if raw, err := s.ConfigJSON(img.ID); err == nil {
		json.Unmarshal(raw, &d)
	}
	return d
}
