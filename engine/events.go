package engine

// emit records a container event with the attributes Docker gives every
// container event (name, image) plus extra.
func (e *Engine) emit(action, id string, extra map[string]string) {
	attrs := map[string]string{}
	if c, err := e.Containers.Get(id); err == nil {
		attrs["name"], attrs["image"] = c.Name, c.Image
	}
	for k, v := range extra {
		attrs[k] = v
	}
	e.Events.Emit(action, id, attrs)
}
