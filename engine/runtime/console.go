package runtime

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// consoleMsg accompanies the PTY master sent over the sync socket.
type consoleMsg struct {
	Console bool `json:"console"`
}

// openConsole makes a PTY in the container's own devpts (so `tty` names a
// device that exists in the container), makes its slave our stdio, and sends
// the master to whoever holds the other end of sync (the monitor, or the
// berth exec process), as runc's console socket does.
func openConsole(p *Process, uid int) error {
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		return fmt.Errorf("open console: %w", err)
	}
	defer master.Close()
	mfd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(mfd, unix.TIOCSPTLCK, 0); err != nil {
		return fmt.Errorf("unlock console: %w", err)
	}
	n, err := unix.IoctlGetUint32(mfd, unix.TIOCGPTN)
	if err != nil {
		return fmt.Errorf("console number: %w", err)
	}
	slave, err := os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		return fmt.Errorf("open console slave: %w", err)
	}
	defer slave.Close()
	sfd := int(slave.Fd())
	unix.Fchown(sfd, uid, -1)
	if p.ConsoleRows > 0 {
		unix.IoctlSetWinsize(sfd, unix.TIOCSWINSZ, &unix.Winsize{Row: p.ConsoleRows, Col: p.ConsoleCols})
	}
	for fd := 0; fd < 3; fd++ {
		if err := unix.Dup3(sfd, fd, 0); err != nil {
			return fmt.Errorf("console stdio: %w", err)
		}
	}
	msg, _ := json.Marshal(consoleMsg{Console: true})
	if err := unix.Sendmsg(syncFd, append(msg, '\n'), unix.UnixRights(mfd), nil, 0); err != nil {
		return fmt.Errorf("send console: %w", err)
	}
	return nil
}

// ReadSync reads what a container init or exec process reports on its sync
// socket until it closes: the console master it may send, and an error if
// it failed. EOF without an error means the user's command was exec'd.
func ReadSync(sync *os.File) (console *os.File, ie *InitError, err error) {
	fd := int(sync.Fd())
	var data []byte
	buf := make([]byte, 4096)
	oob := make([]byte, unix.CmsgSpace(4*4))
	for {
		n, oobn, _, _, rerr := unix.Recvmsg(fd, buf, oob, unix.MSG_CMSG_CLOEXEC)
		if rerr == unix.EINTR {
			continue
		}
		if rerr != nil {
			return console, nil, rerr
		}
		if oobn > 0 {
			if msgs, perr := unix.ParseSocketControlMessage(oob[:oobn]); perr == nil {
				for _, m := range msgs {
					if fds, ferr := unix.ParseUnixRights(&m); ferr == nil {
						for _, f := range fds {
							if console == nil {
								console = os.NewFile(uintptr(f), "console")
							} else {
								unix.Close(f)
							}
						}
					}
				}
			}
		}
		if n == 0 {
			break
		}
		data = append(data, buf[:n]...)
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		var e InitError
		if len(line) > 0 && json.Unmarshal(line, &e) == nil && e.Msg != "" {
			if console != nil {
				console.Close()
			}
			return nil, &e, nil
		}
	}
	return console, nil, nil
}
