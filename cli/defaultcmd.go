package cli

import "berth/tui/wire"

// runDefault is what `berth` with no arguments does: the workbench UI on
// this root, with the default image ready to run.
func runDefault(a *app) error {
	e, err := a.engine()
	if err != nil {
		return err
	}
	if err := e.EnsureDefaultImage(); err != nil {
		return err
	}
	return wire.Run(e)
}
