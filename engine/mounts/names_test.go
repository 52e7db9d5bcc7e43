package mounts

import (
	"fmt"
	"testing"
)

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

func TestValidVolumeName(t *testing.T) {
	for _, name := range []string{"ab", "a1", "0x", "my_vol.1-x", "A-", "x.."} {
		if err := ValidVolumeName(name); err != nil {
			t.Errorf("ValidVolumeName(%q): %v", name, err)
		}
	}
	const tail = ` includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`
	for name, want := range map[string]string{
		"a":    "create a: volume name is too short, names should be at least two alphanumeric characters",
		"/":    "create /: volume name is too short, names should be at least two alphanumeric characters",
		"":     `create: ""` + tail,
		"_ab":  `create _ab: "_ab"` + tail,
		".ab":  `create .ab: ".ab"` + tail,
		"-ab":  `create -ab: "-ab"` + tail,
		"a b":  `create a b: "a b"` + tail,
		"a/b":  `create a/b: "a/b"` + tail,
		"/abs": `create /abs: "/abs"` + tail,
		"é1":   `create é1: "é1"` + tail,
		"a\n":  "create a\n: \"a\\n\"" + tail,
	} {
		err := ValidVolumeName(name)
		if err == nil || err.Error() != want {
			t.Errorf("ValidVolumeName(%q) = %v, want %s", name, err, want)
		}
	}
}
