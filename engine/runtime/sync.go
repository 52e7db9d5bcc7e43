package runtime

import (
	"bytes"
	"encoding/json"
	"os"

	"golang.org/x/sys/unix"
)

// InitError is what the container's init (or an exec) reports on its sync
// socket when it cannot start the command; Code is the exit code Docker
// would give.
type InitError struct {
	Code int    `json:"code"`
	Msg  string `json:"msg"`
}

func (e *InitError) Error() string { return e.Msg }

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
			// A peer that failed and exited with our bytes unread resets
			// the connection, but what it wrote first is still ours.
			if len(data) == 0 {
				return console, nil, rerr
			}
			break
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
