package fakebackend

import "berth/tui/backend"

// Logs opens a fake session standing for a followed log.
func (f *Fake) Logs(id string) (backend.Session, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.record("logs", id); err != nil {
		return nil, err
	}
	s := newSession(0, 0, []string{"logs"})
	f.sessions = append(f.sessions, s)
	return s, nil
}
