package common

// StatusMsg puts the result of an action, or its error, on the status line.
type StatusMsg struct {
	Text string
	Err  error
}

// ReloadMsg asks the panes of Kind (container, image, volume, network; ""
// for all) to read their lists again.
type ReloadMsg struct{ Kind string }

// OpenShellMsg asks the root model to open a shell pane: an exec of Cmd
// into the container, with Attach its own terminal, with Logs its log
// followed.
type OpenShellMsg struct {
	ContainerID, Name string
	Cmd               []string
	Attach, Logs      bool
}

// ConfirmMsg asks the root model to confirm Prompt before running Then.
type ConfirmMsg struct {
	Prompt string
	Then   func() StatusMsg
}
