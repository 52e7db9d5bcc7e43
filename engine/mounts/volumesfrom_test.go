package mounts

import "testing"

func TestParseVolumesFrom(t *testing.T) {
	for spec, want := range map[string]struct {
		ref string
		ro  bool
	}{
		"c1":        {"c1", false},
		"c1:":       {"c1", false},
		"c1:rw":     {"c1", false},
		"c1:ro":     {"c1", true},
		"c1:ro,z":   {"c1", true},
		"c1:Z":      {"c1", false},
		"c1:cached": {"c1", false},
		"0123abcd":  {"0123abcd", false},
	} {
		ref, ro, err := ParseVolumesFrom(spec)
		if err != nil || ref != want.ref || ro != want.ro {
			t.Errorf("ParseVolumesFrom(%q) = %q, %v, %v; want %q, %v", spec, ref, ro, err, want.ref, want.ro)
		}
	}
	for spec, want := range map[string]string{
		"":             "volumes-from specification cannot be an empty string",
		":ro":          "invalid volumes-from specification: ':ro'",
		"c1:shared":    "invalid mode: shared",
		"c1:ro,rslave": "invalid mode: ro,rslave",
		"c1:nocopy":    "invalid mode: nocopy",
		"c1:ro,rw":     "invalid mode: ro,rw",
		"c1:xyz":       "invalid mode: xyz",
		"c1:ro:rw":     "invalid mode: ro:rw",
	} {
		_, _, err := ParseVolumesFrom(spec)
		if err == nil || err.Error() != want {
			t.Errorf("ParseVolumesFrom(%q) = %v, want %s", spec, err, want)
		}
	}
}
