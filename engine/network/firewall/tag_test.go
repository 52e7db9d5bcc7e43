package firewall

import "testing"

func TestRuleTag(t *testing.T) {
	id := "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	for _, c := range []struct {
		ud   []byte
		want string
	}{
		{commentUserData("ctr:" + id), "ctr:" + id},
		{commentUserData("net:" + id), "net:" + id},
		{[]byte("ctr:" + id), "ctr:" + id}, // bare, as an older writer might
		{append([]byte{1, 2, 'x', 'y'}, commentUserData("net:a")...), "net:a"},
		{[]byte{0, 200, 'x'}, ""}, // truncated
		{commentUserData("hand-made"), "hand-made"},
		{nil, ""},
	} {
		if got := ruleTag(c.ud); got != c.want {
			t.Errorf("ruleTag(%q) = %q, want %q", c.ud, got, c.want)
		}
	}
	if p, id := owner("hand-made"); p != "" || id != "" {
		t.Errorf("owner(hand-made) = %q, %q", p, id)
	}
}
