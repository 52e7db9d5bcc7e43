package monitor

import (
	"encoding/json"
	"os"
	"sync"
	"time"
)

// logWriter writes Docker's json-file format: one JSON object per line of
// output, split at newlines, with a partial line flushed when it grows past
// Docker's 16 KiB buffer or the stream ends.
type logWriter struct {
	mu      sync.Mutex
	f       *os.File
	partial map[string][]byte
}

type logEntry struct {
	Log    string `json:"log"`
	Stream string `json:"stream"`
	Time   string `json:"time"`
}

const logLineMax = 16 << 10

func openLog(path string) (*logWriter, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o640)
	if err != nil {
		return nil, err
	}
	return &logWriter{f: f, partial: map[string][]byte{}}, nil
}

func (l *logWriter) Write(stream string, p []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	buf := append(l.partial[stream], p...)
	for {
		i := indexByte(buf, '\n')
		if i < 0 {
			break
		}
		l.emit(stream, buf[:i+1])
		buf = buf[i+1:]
	}
	for len(buf) >= logLineMax {
		l.emit(stream, buf[:logLineMax])
		buf = buf[logLineMax:]
	}
	l.partial[stream] = append([]byte(nil), buf...)
}

// Flush writes out partial lines, at the end of a run.
func (l *logWriter) Flush() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for s, b := range l.partial {
		if len(b) > 0 {
			l.emit(s, b)
		}
		delete(l.partial, s)
	}
}

func (l *logWriter) emit(stream string, line []byte) {
	b, err := json.Marshal(logEntry{Log: string(line), Stream: stream, Time: time.Now().UTC().Format(time.RFC3339Nano)})
	if err != nil {
		return
	}
	// A full disk loses log lines, never the container.
	l.f.Write(append(b, '\n'))
}

func (l *logWriter) Close() { l.Flush(); l.f.Close() }

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}
