package images

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/opencontainers/go-digest"
	specs "github.com/opencontainers/image-spec/specs-go"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

// entry is one member of a hand-built archive: a file, or with link set a
// symlink.
type entry struct {
	name, body, link string
}

func tarOf(t testing.TB, ents ...entry) []byte {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for _, e := range ents {
		h := &tar.Header{Typeflag: tar.TypeReg, Name: e.name, Mode: 0o644, Size: int64(len(e.body)), ModTime: time.Unix(1600000000, 0)}
		switch {
		case e.link != "":
			h = &tar.Header{Typeflag: tar.TypeSymlink, Name: e.name, Linkname: e.link, Mode: 0o777, ModTime: h.ModTime}
		case e.name[len(e.name)-1] == '/':
			h = &tar.Header{Typeflag: tar.TypeDir, Name: e.name, Mode: 0o755, ModTime: h.ModTime}
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// dockerConfig is an image config as Docker 20.10 writes it, with the
// fields OCI lacks (container_config, docker_version, Hostname...), so a
// test can tell whether the bytes are kept.
func dockerConfig(t testing.TB, labels map[string]string, layers ...[]byte) []byte {
	t.Helper()
	var diffIDs []string
	var history []map[string]any
	for i, l := range layers {
		diffIDs = append(diffIDs, digest.FromBytes(l).String())
		history = append(history, map[string]any{
			"created":    fmt.Sprintf("2021-06-15T20:19:%02d.5Z", 30+i),
			"created_by": fmt.Sprintf("/bin/sh -c #(nop) ADD file:%d in / ", i),
		})
	}
	history = append(history, map[string]any{
		"created": "2021-06-15T20:19:59Z", "created_by": `/bin/sh -c #(nop)  CMD ["sh"]`, "empty_layer": true,
	})
	cfg := map[string]any{
		"architecture": runtime.GOARCH,
		"config": map[string]any{
			"Hostname": "", "Domainname": "", "User": "", "AttachStdin": false, "Tty": false,
			"Env": []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
			"Cmd": []string{"sh"}, "Image": "sha256:da658412c37aa24e561eb7e16c61bc82a9711340d8fb5cf1a8f39d8e96d7f723",
			"Volumes": nil, "WorkingDir": "", "Entrypoint": nil, "OnBuild": nil, "Labels": labels,
		},
		"container":        "a0e2b7f8a7b1f4cbb4f31f3b7b7f14c5dbcd2f6c53c1a0a0f3e9e1d0c0b0a090",
		"container_config": map[string]any{"Hostname": "a0e2b7f8a7b1", "Cmd": []string{"/bin/sh", "-c", `#(nop) CMD ["sh"]`}},
		"created":          "2021-06-15T20:19:59.8Z",
		"docker_version":   "20.10.7",
		"history":          history,
		"os":               "linux",
		"rootfs":           map[string]any{"type": "layers", "diff_ids": diffIDs},
	}
	raw, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// classicImage is one image of a classic archive.
type classicImage struct {
	config []byte
	layers [][]byte
	tags   []string
}

// classicArchive writes images as Docker 1.10 to 24 `docker save` does: a
// directory per layer named by its v1 ID holding VERSION, json and
// layer.tar (a symlink to the first copy when images share the layer),
// the config as <hex>.json, manifest.json and repositories.
func classicArchive(t testing.TB, imgs ...classicImage) []byte {
	t.Helper()
	var ents []entry
	var manifest []manifestItem
	repos := map[string]map[string]string{}
	first := map[digest.Digest]string{} // diffID -> v1 ID holding the tar
	for n, img := range imgs {
		cfgHex := digest.FromBytes(img.config).Encoded()
		item := manifestItem{Config: cfgHex + ".json", RepoTags: img.tags}
		parent := ""
		for i, l := range img.layers {
			v1ID := digest.FromString(fmt.Sprintf("v1 %d %d %s", n, i, parent)).Encoded()
			v1JSON := fmt.Sprintf(`{"id":%q,"parent":%q,"created":"1970-01-01T00:00:00Z","container_config":{"Cmd":null}}`, v1ID, parent)
			ents = append(ents, entry{name: v1ID + "/"}, entry{name: v1ID + "/VERSION", body: "1.0"}, entry{name: v1ID + "/json", body: v1JSON})
			if holder, ok := first[digest.FromBytes(l)]; ok {
				ents = append(ents, entry{name: v1ID + "/layer.tar", link: "../" + holder + "/layer.tar"})
			} else {
				first[digest.FromBytes(l)] = v1ID
				ents = append(ents, entry{name: v1ID + "/layer.tar", body: string(l)})
			}
			item.Layers = append(item.Layers, v1ID+"/layer.tar")
			parent = v1ID
		}
		for _, tag := range img.tags {
			i := strings.LastIndex(tag, ":")
			repo, tg := tag[:i], tag[i+1:]
			if repos[repo] == nil {
				repos[repo] = map[string]string{}
			}
			repos[repo][tg] = parent
		}
		ents = append(ents, entry{name: cfgHex + ".json", body: string(img.config)})
		manifest = append(manifest, item)
	}
	man, _ := json.Marshal(manifest)
	rep, _ := json.Marshal(repos)
	ents = append(ents, entry{name: "manifest.json", body: string(man)}, entry{name: "repositories", body: string(rep)})
	return tarOf(t, ents...)
}

// ociLayout writes an OCI image layout tarball holding one image (layers
// as given, e.g. gzipped) under a multi-platform index, as skopeo or
// crane write them, with ann on its index.json entry.
func ociLayout(t testing.TB, config []byte, ann map[string]string, layers ...[]byte) []byte {
	t.Helper()
	blobs := map[digest.Digest][]byte{digest.FromBytes(config): config}
	var descs []ocispec.Descriptor
	for _, l := range layers {
		blobs[digest.FromBytes(l)] = l
		descs = append(descs, ocispec.Descriptor{MediaType: ocispec.MediaTypeImageLayerGzip, Digest: digest.FromBytes(l), Size: int64(len(l))})
	}
	man, _ := json.Marshal(ocispec.Manifest{
		Versioned: specs.Versioned{SchemaVersion: 2}, MediaType: ocispec.MediaTypeImageManifest,
		Config: ocispec.Descriptor{MediaType: ocispec.MediaTypeImageConfig, Digest: digest.FromBytes(config), Size: int64(len(config))},
		Layers: descs,
	})
	blobs[digest.FromBytes(man)] = man
	// Another platform's manifest the loader must pass over; its blob is
	// absent, as in a layout copied for one platform.
	other := ocispec.Descriptor{MediaType: ocispec.MediaTypeImageManifest, Digest: digest.FromString("other"), Size: 5,
		Platform: &ocispec.Platform{OS: "linux", Architecture: "s390x"}}
	mine := ocispec.Descriptor{MediaType: ocispec.MediaTypeImageManifest, Digest: digest.FromBytes(man), Size: int64(len(man)),
		Platform: &ocispec.Platform{OS: "linux", Architecture: runtime.GOARCH}}
	idx, _ := json.Marshal(ocispec.Index{Versioned: specs.Versioned{SchemaVersion: 2}, MediaType: ocispec.MediaTypeImageIndex,
		Manifests: []ocispec.Descriptor{other, mine}})
	blobs[digest.FromBytes(idx)] = idx
	top, _ := json.Marshal(ocispec.Index{Versioned: specs.Versioned{SchemaVersion: 2}, MediaType: ocispec.MediaTypeImageIndex,
		Manifests: []ocispec.Descriptor{{MediaType: ocispec.MediaTypeImageIndex, Digest: digest.FromBytes(idx), Size: int64(len(idx)), Annotations: ann}}})
	ents := []entry{{name: "oci-layout", body: `{"imageLayoutVersion":"1.0.0"}`}, {name: "index.json", body: string(top)}, {name: "blobs/"}, {name: "blobs/sha256/"}}
	for d, b := range blobs {
		ents = append(ents, entry{name: "blobs/sha256/" + d.Encoded(), body: string(b)})
	}
	return tarOf(t, ents...)
}

// archiveFiles reads a whole archive into memory by name.
func archiveFiles(t testing.TB, data []byte) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		h, err := tr.Next()
		if err != nil {
			break
		}
		var b bytes.Buffer
		b.ReadFrom(tr)
		out[h.Name] = b.Bytes()
	}
	return out
}
