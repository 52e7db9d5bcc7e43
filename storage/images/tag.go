package images

// Tag points ref (a name, ":latest" implied) at the image that source
// resolves to, like `docker tag SOURCE TARGET`. A tag moved away from
// another image leaves that image in place, untagged.
func (s *Store) Tag(source, ref string) error {
	key, err := tagKey(ref)
	if err != nil {
		return err
	}
	return s.withLock(func() error {
		st, err := s.loadState()
		if err != nil {
			return err
		}
		id, err := st.resolve(source)
		if err != nil {
			return err
		}
		st.Tags[key] = id
		return s.saveState(st)
	})
}
