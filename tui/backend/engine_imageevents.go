package backend

import (
	"strings"
	"time"

	"github.com/moby/moby/api/types/events"
)

// emitImage records an image event in the journal. The image store
// records none of its own, yet docker reports tag, untag, delete and pull,
// and the images pane of every berth UI on this root reloads on them.
func (b *Engine) emitImage(action, id, name string) {
	now := time.Now()
	b.e.Events.Append(events.Message{
		Type:     events.ImageEventType,
		Action:   events.Action(action),
		Actor:    events.Actor{ID: id, Attributes: map[string]string{"name": name}},
		Scope:    "local",
		Time:     now.Unix(),
		TimeNano: now.UnixNano(),
	})
}

// emitRemoved turns the report of an rmi or a prune ("Untagged: ref",
// "Deleted: sha256:...", in either case) into untag and delete events and
// returns the IDs of the images deleted. Deleted layers are reported in
// the same words, so only IDs in images count. Untags are reported before
// their image's deletion; those never followed by one (an image that
// keeps other tags) belong to the image id.
func (b *Engine) emitRemoved(lines []string, images map[string]bool, id string) []string {
	var untagged, deleted []string
	for _, l := range lines {
		word, arg, _ := strings.Cut(l, ": ")
		switch strings.ToLower(word) {
		case "untagged":
			untagged = append(untagged, arg)
		case "deleted":
			if !images[arg] {
				continue
			}
			for _, name := range untagged {
				b.emitImage("untag", arg, name)
			}
			untagged = nil
			b.emitImage("delete", arg, arg)
			deleted = append(deleted, arg)
		}
	}
	for _, name := range untagged {
		b.emitImage("untag", id, name)
	}
	return deleted
}
