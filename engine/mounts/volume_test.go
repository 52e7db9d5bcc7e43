package mounts

import (
	"reflect"
	"testing"

	"github.com/moby/moby/api/types/mount"
)

func bindOpts(p mount.Propagation) *mount.BindOptions {
	return &mount.BindOptions{Propagation: p, CreateMountpoint: true}
}

func TestParseVolumeAccepts(t *testing.T) {
	for spec, want := range map[string]mount.Mount{
		"/data":                    {Type: mount.TypeVolume, Target: "/data"},
		"/data/":                   {Type: mount.TypeVolume, Target: "/data"},
		"/a":                       {Type: mount.TypeVolume, Target: "/a"},
		"vol:/data":                {Type: mount.TypeVolume, Source: "vol", Target: "/data"},
		"my_vol.1-x:/data/./sub/":  {Type: mount.TypeVolume, Source: "my_vol.1-x", Target: "/data/sub"},
		"vol:/data:ro":             {Type: mount.TypeVolume, Source: "vol", Target: "/data", ReadOnly: true},
		"vol:/data:rw":             {Type: mount.TypeVolume, Source: "vol", Target: "/data"},
		"vol:/data:nocopy":         {Type: mount.TypeVolume, Source: "vol", Target: "/data", VolumeOptions: &mount.VolumeOptions{NoCopy: true}},
		"vol:/data:ro,nocopy,z":    {Type: mount.TypeVolume, Source: "vol", Target: "/data", ReadOnly: true, VolumeOptions: &mount.VolumeOptions{NoCopy: true}},
		"vol:/data:Z,cached":       {Type: mount.TypeVolume, Source: "vol", Target: "/data"},
		"/host:/data":              {Type: mount.TypeBind, Source: "/host", Target: "/data", BindOptions: bindOpts("")},
		"/host/../h//x/:/d/./y:rw": {Type: mount.TypeBind, Source: "/h/x", Target: "/d/y", BindOptions: bindOpts("")},
		"/host:/data:ro,rshared,Z": {Type: mount.TypeBind, Source: "/host", Target: "/data", ReadOnly: true, BindOptions: bindOpts(mount.PropagationRShared)},
		"/host:/data:slave":        {Type: mount.TypeBind, Source: "/host", Target: "/data", BindOptions: bindOpts(mount.PropagationSlave)},
		"/host:/data:delegated":    {Type: mount.TypeBind, Source: "/host", Target: "/data", BindOptions: bindOpts("")},
		"/:/host":                  {Type: mount.TypeBind, Source: "/", Target: "/host", BindOptions: bindOpts("")},
		"/a:/with space":           {Type: mount.TypeBind, Source: "/a", Target: "/with space", BindOptions: bindOpts("")},
	} {
		got, err := ParseVolume(spec)
		if err != nil {
			t.Errorf("ParseVolume(%q): %v", spec, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ParseVolume(%q) = %+v, want %+v", spec, got, want)
		}
	}
}

func TestParseVolumeRejects(t *testing.T) {
	const badName = `"%s" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`
	for spec, want := range map[string]string{
		"":                    "invalid empty volume spec",
		"a":                   `invalid volume specification: 'a': invalid mount config for type "volume": invalid mount path: 'a' mount path must be absolute`,
		"data":                `invalid volume specification: 'data': invalid mount config for type "volume": invalid mount path: 'data' mount path must be absolute`,
		"/":                   `invalid volume specification: '/': invalid mount config for type "volume": invalid specification: destination can't be '/'`,
		`/\`:                  `invalid volume specification: '/\': invalid mount config for type "volume": invalid specification: destination can't be '/'`,
		`vol:/a\b/..`:         `invalid volume specification: 'vol:/a\b/..': invalid mount config for type "volume": invalid specification: destination can't be '/'`,
		"/data/..":            `invalid volume specification: '/data/..': invalid mount config for type "volume": invalid specification: destination can't be '/'`,
		"/host:/":             `invalid volume specification: '/host:/': invalid mount config for type "bind": invalid specification: destination can't be '/'`,
		"vol:/":               `invalid volume specification: 'vol:/': invalid mount config for type "volume": invalid specification: destination can't be '/'`,
		"/h:rel":              `invalid volume specification: '/h:rel': invalid mount config for type "bind": invalid mount path: 'rel' mount path must be absolute`,
		"vol:rel:ro":          `invalid volume specification: 'vol:rel:ro': invalid mount config for type "volume": invalid mount path: 'rel' mount path must be absolute`,
		"/a::/b":              "invalid spec: /a::/b: empty section between colons",
		"/a:/b:":              "invalid spec: /a:/b:: empty section between colons",
		":/b":                 "invalid spec: :/b: empty section between colons",
		"/a:/b:ro:x":          "invalid spec: /a:/b:ro:x: too many colons",
		"/a:/b:c:d:e":         "invalid spec: /a:/b:c:d:e: too many colons",
		"a:":                  "invalid volume specification: 'a:'",
		":a":                  "invalid volume specification: ':a'",
		"/a:ro":               "invalid volume specification: '/a:ro'",
		"/a:nocopy":           "invalid volume specification: '/a:nocopy'",
		"vol:/a:xyz":          "invalid mode: xyz",
		"vol:/a:ro,":          "invalid mode: ro,",
		"vol:/a:ro,rw":        "invalid mode: ro,rw",
		"vol:/a:z,Z":          "invalid mode: z,Z",
		"/h:/a:shared,slave":  "invalid mode: shared,slave",
		"/h:/a:nocopy,nocopy": "invalid mode: nocopy,nocopy",
		"/h:/a:RO":            "invalid mode: RO",
		"vol:/a:shared":       `invalid volume specification: 'vol:/a:shared': invalid mount config for type "volume": field BindOptions must not be specified`,
		"/h:/a:nocopy":        `invalid volume specification: '/h:/a:nocopy': invalid mount config for type "bind": field VolumeOptions must not be specified`,
		".:/a":                "create .: volume name is too short, names should be at least two alphanumeric characters",
		"v:/a":                "create v: volume name is too short, names should be at least two alphanumeric characters",
		"./x:/a":              "create ./x: " + sprintf(badName, "./x"),
		"..:/a":               "create ..: " + sprintf(badName, ".."),
		"x/y:/a":              "create x/y: " + sprintf(badName, "x/y"),
		"~/x:/a":              "create ~/x: " + sprintf(badName, "~/x"),
		"_vol:/a":             "create _vol: " + sprintf(badName, "_vol"),
		"my vol:/a":           "create my vol: " + sprintf(badName, "my vol"),
	} {
		_, err := ParseVolume(spec)
		if err == nil {
			t.Errorf("ParseVolume(%q) succeeded, want %q", spec, want)
			continue
		}
		if err.Error() != want {
			t.Errorf("ParseVolume(%q) error\n got %s\nwant %s", spec, err, want)
		}
	}
}
