package engine

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// clockTicks is USER_HZ, which Linux fixes at 100 for every architecture
// in what /proc reports.
const clockTicks = 100

// procInfo is what `ps -ef` shows of one process, read from /proc.
type procInfo struct {
	pid, ppid  int
	euid       int
	ttyNr      int
	cpuTicks   uint64 // utime + stime
	startTicks uint64 // since boot
	args       []string
	comm       string
}

func readProc(pid int) (*procInfo, error) {
	dir := "/proc/" + strconv.Itoa(pid)
	stat, err := os.ReadFile(dir + "/stat")
	if err != nil {
		return nil, err
	}
	s := string(stat)
	open, closing := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || closing < open {
		return nil, fmt.Errorf("malformed %s/stat", dir)
	}
	f := strings.Fields(s[closing+1:])
	if len(f) < 20 {
		return nil, fmt.Errorf("malformed %s/stat", dir)
	}
	p := &procInfo{pid: pid, comm: s[open+1 : closing]}
	p.ppid, _ = strconv.Atoi(f[1])
	p.ttyNr, _ = strconv.Atoi(f[4])
	utime, _ := strconv.ParseUint(f[11], 10, 64)
	stime, _ := strconv.ParseUint(f[12], 10, 64)
	p.cpuTicks = utime + stime
	p.startTicks, _ = strconv.ParseUint(f[19], 10, 64)
	if cmdline, err := os.ReadFile(dir + "/cmdline"); err == nil {
		for _, a := range strings.Split(strings.TrimRight(string(cmdline), "\x00"), "\x00") {
			if a != "" {
				p.args = append(p.args, a)
			}
		}
	}
	p.euid = statusEUID(dir + "/status")
	return p, nil
}

// statusEUID reads the effective uid from /proc/PID/status.
func statusEUID(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "Uid:"); ok {
			if ids := strings.Fields(rest); len(ids) >= 2 {
				n, _ := strconv.Atoi(ids[1])
				return n
			}
		}
	}
	return -1
}

// bootTime is when the machine booted, from /proc/stat.
func bootTime() time.Time {
	f, err := os.Open("/proc/stat")
	if err != nil {
		return time.Time{}
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "btime "); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(rest), 10, 64)
			return time.Unix(n, 0)
		}
	}
	return time.Time{}
}

// hostUsers maps uids to names from the host's /etc/passwd, as ps does.
func hostUsers() map[int]string {
	users := map[int]string{}
	f, err := os.Open("/etc/passwd")
	if err != nil {
		return users
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), ":")
		if len(fields) < 3 {
			continue
		}
		if uid, err := strconv.Atoi(fields[2]); err == nil {
			if _, dup := users[uid]; !dup {
				users[uid] = fields[0]
			}
		}
	}
	return users
}

// psUser is procps' 8-column user field: a longer name is cut with '+'.
func psUser(uid int, users map[int]string) string {
	name, ok := users[uid]
	if !ok {
		return strconv.Itoa(uid)
	}
	if len(name) > 8 {
		return name[:7] + "+"
	}
	return name
}

// psTTY names a controlling terminal from its device number, or "?".
func psTTY(nr int) string {
	if nr == 0 {
		return "?"
	}
	major, minor := (nr>>8)&0xfff, (nr&0xff)|((nr>>12)&0xfff00)
	switch {
	case major >= 136 && major <= 143:
		return "pts/" + strconv.Itoa((major-136)*256+minor)
	case major == 4 && minor < 64:
		return "tty" + strconv.Itoa(minor)
	case major == 4:
		return "ttyS" + strconv.Itoa(minor-64)
	case major == 5 && minor == 1:
		return "console"
	}
	return "?"
}

// psTime is cumulative CPU time as [DD-]HH:MM:SS.
func psTime(ticks uint64) string {
	t := ticks / clockTicks
	d, h, m, s := t/86400, t/3600%24, t/60%60, t%60
	if d > 0 {
		return fmt.Sprintf("%d-%02d:%02d:%02d", d, h, m, s)
	}
	return fmt.Sprintf("%02d:%02d:%02d", h, m, s)
}

// psSTime is the start time as procps shows it: the time of day if today,
// the date if this year, else the year.
func psSTime(start, now time.Time) string {
	start, now = start.Local(), now.Local()
	switch {
	case start.Year() != now.Year():
		return start.Format("2006")
	case start.YearDay() != now.YearDay():
		return start.Format("Jan02")
	}
	return start.Format("15:04")
}

// psC is procps' C column: lifetime CPU use in percent, at most 99.
func psC(p *procInfo, uptime time.Duration) string {
	life, start := uint64(uptime/time.Second), p.startTicks/clockTicks
	pcpu := uint64(0)
	if life > start {
		pcpu = p.cpuTicks * 100 / clockTicks / (life - start)
	}
	if pcpu > 99 {
		pcpu = 99
	}
	return strconv.FormatUint(pcpu, 10)
}

// psCmd is the full command line, or the bracketed name of a kernel
// thread or zombie that has none.
func psCmd(p *procInfo) string {
	if len(p.args) == 0 {
		return "[" + p.comm + "]"
	}
	return strings.Join(p.args, " ")
}

// psEF lists pids with the columns of `ps -ef`.
func psEF(pids []int) ([]string, [][]string) {
	titles := []string{"UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"}
	users := hostUsers()
	boot, now := bootTime(), time.Now()
	uptime := now.Sub(boot)
	rows := [][]string{}
	for _, pid := range pids {
		p, err := readProc(pid)
		if err != nil {
			continue // exited meanwhile
		}
		started := boot.Add(time.Duration(p.startTicks) * time.Second / clockTicks)
		rows = append(rows, []string{
			psUser(p.euid, users), strconv.Itoa(p.pid), strconv.Itoa(p.ppid), psC(p, uptime),
			psSTime(started, now), psTTY(p.ttyNr), psTime(p.cpuTicks), psCmd(p),
		})
	}
	return titles, rows
}
