package cgroups

import (
	"os"
	"path/filepath"
	"testing"
)

// cpu.stat is read on v2 hosts, which this one may not be: the parse is
// checked on a file of the kernel's format.
func TestV2CPUUsage(t *testing.T) {
	p := filepath.Join(t.TempDir(), "cpu.stat")
	stat := "usage_usec 1234567\nuser_usec 1000000\nsystem_usec 234567\nnr_periods 0\n"
	if err := os.WriteFile(p, []byte(stat), 0o644); err != nil {
		t.Fatal(err)
	}
	if n, err := v2CPUUsage(p); err != nil || n != 1234567000 {
		t.Fatalf("v2CPUUsage = %d, %v; want 1234567000 ns", n, err)
	}
	if err := os.WriteFile(p, []byte("user_usec 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := v2CPUUsage(p); err == nil {
		t.Fatal("a cpu.stat without usage_usec read as a number")
	}
}
