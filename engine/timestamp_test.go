package engine

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestParseTimestamp(t *testing.T) {
	zone := time.FixedZone("X", 2*3600)
	now := time.Date(2026, 11, 28, 22, 10, 0, 0, zone)
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"10m", now.Add(-10 * time.Minute)},
		{"1h30m", now.Add(-90 * time.Minute)},
		{"2026-11-28T20:00:00Z", time.Date(2026, 11, 28, 20, 0, 0, 0, time.UTC)},
		{"2026-11-28T20:00:00.5Z", time.Date(2026, 11, 28, 20, 0, 0, 5e8, time.UTC)},
		{"2026-11-28T20:00:00+01:00", time.Date(2026, 11, 28, 19, 0, 0, 0, time.UTC)},
		{"2026-11-28T20:00", time.Date(2026, 11, 28, 20, 0, 0, 0, zone)},
		{"2026-11-28T20", time.Date(2026, 11, 28, 20, 0, 0, 0, zone)},
		{"2026-11-28", time.Date(2026, 11, 28, 0, 0, 0, 0, zone)},
		{"1700000000", time.Unix(1700000000, 0)},
		{"1700000000.25", time.Unix(1700000000, 25e7)},
		{"0", time.Unix(0, 0)},
	} {
		got, err := ParseTimestamp(tc.in, now)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("ParseTimestamp(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"yesterday", "2026-13-01", "12abc"} {
		if _, err := ParseTimestamp(bad, now); err == nil {
			t.Errorf("ParseTimestamp(%q) accepted", bad)
		}
	}
}

func TestTailOffset(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log")
	for _, tc := range []struct {
		content string
		n       int
		want    string
	}{
		{"a\nb\nc\n", 1, "c\n"},
		{"a\nb\nc\n", 2, "b\nc\n"},
		{"a\nb\nc\n", 3, "a\nb\nc\n"},
		{"a\nb\nc\n", 10, "a\nb\nc\n"},
		{"a\nb\nc\n", 0, ""},
		{"a\nb\nc", 1, "c"},
		{"", 5, ""},
	} {
		os.WriteFile(path, []byte(tc.content), 0o600)
		f, _ := os.Open(path)
		off, err := tailOffset(f, tc.n)
		f.Close()
		if err != nil || tc.content[off:] != tc.want {
			t.Errorf("tail %d of %q = %q (%v), want %q", tc.n, tc.content, tc.content[off:], err, tc.want)
		}
	}
}
