package listpane

// loadedMsg carries a reload's rows (or its error) back to the pane of
// kind; gen drops answers to loads that a newer one overtook.
type loadedMsg[T any] struct {
	kind string
	gen  int
	rows []T
	err  error
}

// inspectedMsg carries a detail view's inspect object, already formatted.
type inspectedMsg struct {
	kind, key string
	text      string
	err       error
}
