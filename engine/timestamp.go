package engine

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ParseTimestamp reads a --since/--until value with Docker's rules: a Go
// duration ("10m", "1h30m") counts back from now; RFC 3339 timestamps and
// their shorter forms ("2006-01-02", "2006-01-02T15:04") are read in the
// zone they name or else in now's zone; anything else must be a Unix
// timestamp with optional fractional seconds ("1700000000.5").
func ParseTimestamp(value string, now time.Time) (time.Time, error) {
	if d, err := time.ParseDuration(value); value != "0" && err == nil {
		return now.Add(-d), nil
	}
	inLocal := !(strings.ContainsAny(value, "zZ+") || strings.Count(value, "-") == 3)
	var format string
	switch {
	case strings.Contains(value, "."):
		format = time.RFC3339Nano
		if inLocal {
			format = "2006-01-02T15:04:05.999999999"
		}
	case strings.Contains(value, "T"):
		colons := strings.Count(value, ":")
		if !inLocal && !strings.ContainsAny(value, "zZ") && colons > 0 {
			colons-- // the zone offset's own colon
		}
		zone := "Z07:00"
		if inLocal {
			zone = ""
		}
		switch colons {
		case 0:
			format = "2006-01-02T15" + zone
		case 1:
			format = "2006-01-02T15:04" + zone
		default:
			format = "2006-01-02T15:04:05" + zone
		}
	case inLocal:
		format = "2006-01-02"
	default:
		format = "2006-01-02Z07:00"
	}
	var t time.Time
	var err error
	if inLocal {
		t, err = time.ParseInLocation(format, value, time.FixedZone(now.Zone()))
	} else {
		t, err = time.Parse(format, value)
	}
	if err == nil {
		return t, nil
	}
	if strings.Contains(value, "-") {
		return time.Time{}, err
	}
	sec, nsec, uerr := parseUnix(value)
	if uerr != nil {
		return time.Time{}, fmt.Errorf("failed to parse value as time or duration: %q", value)
	}
	return time.Unix(sec, nsec), nil
}

// parseUnix reads "seconds[.fraction]".
func parseUnix(value string) (sec, nsec int64, err error) {
	s, frac, hasFrac := strings.Cut(value, ".")
	if sec, err = strconv.ParseInt(s, 10, 64); err != nil {
		return 0, 0, err
	}
	if !hasFrac {
		return sec, 0, nil
	}
	if nsec, err = strconv.ParseInt(frac, 10, 64); err != nil {
		return 0, 0, err
	}
	nsec = int64(float64(nsec) * math.Pow(10, float64(9-len(frac))))
	return sec, nsec, nil
}

// TimestampFormat is Docker's fixed-width RFC 3339 with nanoseconds, used by
// `logs -t` and `events` so that columns line up.
const TimestampFormat = "2006-01-02T15:04:05.000000000Z07:00"
