package cmds

import (
	"errors"
	"strings"
	"testing"
)

func TestEach(t *testing.T) {
	st := Each("stop", "stopped", []string{"a", "b", "c"}, func(i int) error {
		if i == 1 {
			return errors.New("boom")
		}
		return nil
	})
	if st.Err == nil || st.Err.Error() != "stop b: boom" {
		t.Fatalf("%+v", st)
	}
	st = Each("stop", "stopped", []string{"a", "b"}, func(int) error { return nil })
	if st.Text != "stopped a, b" {
		t.Fatal(st.Text)
	}
	if s := List([]string{"a", "b", "c", "d"}); !strings.HasPrefix(s, "4: a, b") {
		t.Fatal(s)
	}
}
