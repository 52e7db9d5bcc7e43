package volumes

import "berth/tui/backend"

// filesMsg is a directory listing of a volume, or why there is none.
type filesMsg struct {
	volume, dir string
	files       []backend.File
	err         error
}
