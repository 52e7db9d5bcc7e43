package registry

import (
	"fmt"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// parsePlatform reads "os/arch[/variant]" ("" is the host's platform),
// normalizing architecture names as docker does ("x86_64" is amd64).
func parsePlatform(s string) (v1.Platform, error) {
	if s == "" {
		s = hostPlatform()
	}
	parts := strings.Split(strings.ToLower(s), "/")
	if len(parts) < 2 || len(parts) > 3 || parts[0] == "" || parts[1] == "" {
		return v1.Platform{}, fmt.Errorf("invalid platform %q: want os/arch[/variant]", s)
	}
	p := v1.Platform{OS: parts[0], Architecture: parts[1]}
	if len(parts) == 3 {
		p.Variant = parts[2]
	}
	switch p.Architecture {
	case "x86_64", "x86-64":
		p.Architecture = "amd64"
	case "aarch64":
		p.Architecture = "arm64"
	case "armhf":
		p.Architecture, p.Variant = "arm", "v7"
	case "armel":
		p.Architecture, p.Variant = "arm", "v6"
	}
	return p, nil
}

// platformString is docker's spelling, e.g. "linux/arm64/v8".
func platformString(p v1.Platform) string {
	s := p.OS + "/" + p.Architecture
	if p.Variant != "" {
		s += "/" + p.Variant
	}
	return s
}

// matches reports whether an image for have runs on want. A variant only
// counts when want names one; arm64's only variant is v8.
func matches(have, want v1.Platform) bool {
	if have.OS != want.OS || have.Architecture != want.Architecture {
		return false
	}
	if want.Variant == "" || have.Variant == want.Variant {
		return true
	}
	return have.Architecture == "arm64" && have.Variant == "" && want.Variant == "v8"
}

// pickManifest chooses want's image from an index, as docker does with a
// manifest list: the first entry that matches.
func pickManifest(idx *v1.IndexManifest, want v1.Platform) (v1.Descriptor, error) {
	for _, d := range idx.Manifests {
		if d.Platform != nil && matches(*d.Platform, want) && d.MediaType.IsImage() {
			return d, nil
		}
	}
	return v1.Descriptor{}, fmt.Errorf("no matching manifest for %s in the manifest list entries", platformString(want))
}
