package cli

// runDefault is what `berth` with no arguments does: until the UI lands,
// an interactive shell in the default image.
func runDefault(a *app) error {
	e, err := a.engine()
	if err != nil {
		return err
	}
	f := createFlags{interactive: true, tty: true, autoRemove: true}
	opts, err := f.options([]string{"busybox", "sh"})
	if err != nil {
		return err
	}
	c, err := e.Create(opts)
	if err != nil {
		return err
	}
	return startAttached(e, c.ID, true, true)
}
