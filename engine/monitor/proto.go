// Package monitor is the small per-container process that outlives the
// berth command that started it (like conmon or containerd-shim): it starts
// the container, holds its stdio or PTY, writes the json-file log, records
// the exit, applies the restart policy and serves attach on a unix socket.
package monitor

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
)

// Frame types of the attach protocol. Every frame is a type byte, a
// big-endian uint32 length and the payload.
const (
	FrameStdin      byte = 0
	FrameStdout     byte = 1
	FrameStderr     byte = 2
	FrameResize     byte = 3 // payload: uint16 rows, uint16 cols
	FrameCloseStdin byte = 4
	FrameExit       byte = 5 // payload: Exit as JSON
	FrameStarted    byte = 6 // payload: Started as JSON
	FrameHello      byte = 7 // payload: Hello, 5 bytes; the client's first frame
)

const maxFrame = 1 << 20

// Hello says which streams a client wants. It travels as five bytes (a
// flags byte, then rows and cols as big-endian uint16) because the
// monitor's long-lived half is C.
type Hello struct {
	Stdin, Stdout, Stderr bool
	// Rows and Cols size the container's terminal.
	Rows, Cols uint16
}

// Hello flag bits.
const (
	helloStdin  = 1
	helloStdout = 2
	helloStderr = 4
)

// Encode is the Hello frame's payload.
func (h Hello) Encode() []byte {
	var flags byte
	if h.Stdin {
		flags |= helloStdin
	}
	if h.Stdout {
		flags |= helloStdout
	}
	if h.Stderr {
		flags |= helloStderr
	}
	b := []byte{flags, 0, 0, 0, 0}
	binary.BigEndian.PutUint16(b[1:], h.Rows)
	binary.BigEndian.PutUint16(b[3:], h.Cols)
	return b
}

// DecodeHello reads a Hello payload.
func DecodeHello(p []byte) (Hello, error) {
	if len(p) != 5 {
		return Hello{}, errors.New("bad hello frame")
	}
	return Hello{
		Stdin: p[0]&helloStdin != 0, Stdout: p[0]&helloStdout != 0, Stderr: p[0]&helloStderr != 0,
		Rows: binary.BigEndian.Uint16(p[1:]), Cols: binary.BigEndian.Uint16(p[3:]),
	}, nil
}

// WriteHello sends a client's Hello.
func WriteHello(w io.Writer, h Hello) error { return WriteFrame(w, FrameHello, h.Encode()) }

// Started reports a container process that is running.
type Started struct {
	Pid int `json:"pid"`
}

// Exit reports how a container process ended, or why it never started.
type Exit struct {
	Code      int    `json:"code"`
	OOMKilled bool   `json:"oomKilled,omitempty"`
	Error     string `json:"error,omitempty"`
}

// WriteFrame writes one frame.
func WriteFrame(w io.Writer, typ byte, payload []byte) error {
	buf := make([]byte, 5+len(payload))
	buf[0] = typ
	binary.BigEndian.PutUint32(buf[1:5], uint32(len(payload)))
	copy(buf[5:], payload)
	_, err := w.Write(buf)
	return err
}

// WriteJSON writes a frame whose payload is v as JSON.
func WriteJSON(w io.Writer, typ byte, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return WriteFrame(w, typ, b)
}

// ReadFrame reads one frame.
func ReadFrame(r io.Reader) (byte, []byte, error) {
	var hdr [5]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return 0, nil, err
	}
	n := binary.BigEndian.Uint32(hdr[1:])
	if n > maxFrame {
		return 0, nil, errors.New("attach frame too large")
	}
	p := make([]byte, n)
	if _, err := io.ReadFull(r, p); err != nil {
		return 0, nil, err
	}
	return hdr[0], p, nil
}

// ResizePayload encodes a terminal size.
func ResizePayload(rows, cols uint16) []byte {
	b := make([]byte, 4)
	binary.BigEndian.PutUint16(b[0:], rows)
	binary.BigEndian.PutUint16(b[2:], cols)
	return b
}
