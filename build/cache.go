package build

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"

	"berth/storage/durable"
	"berth/storage/images"
)

// The layer cache maps a step's key to the image that step produced.
// Those images are ordinary untagged images of the store; the index only
// points at them, so removing one just turns its entries into misses.
const (
	cacheFile     = "buildcache.json"
	cacheLockFile = "buildcache.lock"
	cacheVersion  = 1
)

type cacheDoc struct {
	Version int               `json:"version"`
	Entries map[string]string `json:"entries"` // key -> image ID
}

// cacheIndex is <images root>/buildcache.json. It is read without a lock
// (it is only ever replaced by rename) and rewritten under a flock of
// buildcache.lock, so concurrent builds never lose each other's entries.
type cacheIndex struct {
	store   *images.Store
	path    string
	lock    string
	entries map[string]string
}

func openCache(store *images.Store) (*cacheIndex, error) {
	c := &cacheIndex{
		store: store,
		path:  filepath.Join(store.Root(), cacheFile),
		lock:  filepath.Join(store.Root(), cacheLockFile),
	}
	var err error
	c.entries, err = c.read()
	return c, err
}

// cacheKey identifies a step: the image it starts from and what it does.
func cacheKey(parentID, createdBy, extra string) string {
	h := sha256.New()
	for _, s := range []string{parentID, createdBy, extra} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// read loads the index. A missing, unreadable or older index is an empty
// one: the cache can always be rebuilt.
func (c *cacheIndex) read() (map[string]string, error) {
	data, err := os.ReadFile(c.path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, err
	}
	var doc cacheDoc
	if json.Unmarshal(data, &doc) != nil || doc.Version != cacheVersion || doc.Entries == nil {
		return map[string]string{}, nil
	}
	return doc.Entries, nil
}

func (c *cacheIndex) get(key string) string { return c.entries[key] }

// put records a step's result. Under the lock it merges with what other
// builds wrote meanwhile and drops entries whose image is gone, which
// keeps the index as small as the set of intermediate images.
func (c *cacheIndex) put(key, id string) error {
	c.entries[key] = id
	return c.locked(func() error {
		disk, err := c.read()
		if err != nil {
			return err
		}
		disk[key] = id
		all, err := c.store.List()
		if err != nil {
			return err
		}
		live := map[string]bool{}
		for _, img := range all {
			live[img.ID] = true
		}
		for k, v := range disk {
			if !live[v] {
				delete(disk, k)
			}
		}
		data, err := json.Marshal(cacheDoc{Version: cacheVersion, Entries: disk})
		if err != nil {
			return err
		}
		return durable.WriteFile(c.path, data)
	})
}

func (c *cacheIndex) locked(fn func() error) error {
	f, err := os.OpenFile(c.lock, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	defer f.Close() // releases the lock
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return err
	}
	return fn()
}
