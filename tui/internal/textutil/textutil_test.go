package textutil

import (
	"reflect"
	"testing"
	"time"
)

func TestWords(t *testing.T) {
	got, err := Words(`sh -c 'echo "hi there"' a\ b ""`)
	want := []string{"sh", "-c", `echo "hi there"`, "a b", ""}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("%q %v", got, err)
	}
	if _, err := Words(`"open`); err == nil {
		t.Fatal("an unclosed quote is an error")
	}
}

func TestFit(t *testing.T) {
	for _, tc := range []struct {
		in   string
		w    int
		want string
	}{
		{"abc", 5, "abc  "},
		{"abcdef", 4, "abc…"},
		{"héllo", 3, "hé…"},
		{"abc", 0, ""},
	} {
		if got := Fit(tc.in, tc.w); got != tc.want {
			t.Errorf("Fit(%q, %d) = %q, want %q", tc.in, tc.w, got, tc.want)
		}
	}
	if FitRight("7", 3) != "  7" {
		t.Fatal("FitRight")
	}
}

func TestBlock(t *testing.T) {
	if got := Block("a\nbcd", 2, 3); got != "a \nb…\n  " {
		t.Fatalf("%q", got)
	}
}

func TestAgoAndIDs(t *testing.T) {
	now := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	if got := Ago(now.Add(-2*time.Hour), now); got != "2 hours ago" {
		t.Fatal(got)
	}
	if ShortID("sha256:0123456789abcdef") != "0123456789ab" {
		t.Fatal("ShortID")
	}
}
