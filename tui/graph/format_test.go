package graph

import "testing"

func TestShort(t *testing.T) {
	for v, want := range map[float64]string{
		0: "0", 0.5: "0.5", 0.0123: "0.012", 7: "7", 2.54: "2.5", 9.96: "10", 85.4: "85",
		999.4: "999", 999.7: "1k", 1500: "1.5k", 15000: "15k", 2.5e8: "250M", 3e12: "3T",
		1e21: "1000E", -2000: "-2k", nan: "?", inf: "inf", -inf: "-inf",
	} {
		if got := Short(v); got != want {
			t.Errorf("Short(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestShortBytes(t *testing.T) {
	for v, want := range map[float64]string{
		0: "0", 512: "512", 1000: "1000", 1023.7: "1Ki", 1536: "1.5Ki",
		64 << 20: "64Mi", 1.5 * (1 << 30): "1.5Gi", 100 << 30: "100Gi",
	} {
		if got := ShortBytes(v); got != want {
			t.Errorf("ShortBytes(%v) = %q, want %q", v, got, want)
		}
	}
}
