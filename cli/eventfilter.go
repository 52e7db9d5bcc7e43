package cli

import (
	"strings"

	"berth/engine/events"
)

// eventMatches is the daemon's event filter: every key given must match.
func eventMatches(f filterFlag, m events.Message) bool {
	name := m.Actor.Attributes["name"]
	action := string(m.Action)
	matchEvent := func(v string) bool { return v == action }
	for _, v := range f["event"] {
		switch v {
		case "health_status", "exec_create", "exec_start": // these carry a ": detail" suffix
			matchEvent = func(v string) bool { return strings.HasPrefix(action, v) }
		}
	}
	if !f.matchAny("event", matchEvent) ||
		!f.matchAny("type", func(v string) bool { return v == string(m.Type) }) ||
		!f.matchAny("scope", func(v string) bool { return v == m.Scope }) ||
		!f.matchAny("image", func(v string) bool { return imageEventMatch(m, v) }) ||
		!f.labelsMatch(m.Actor.Attributes) {
		return false
	}
	// Every object kind filters by ID or name prefix, whatever the event.
	for _, key := range []string{"container", "daemon", "plugin", "volume", "network", "node", "service", "secret", "config"} {
		if !f.matchAny(key, func(v string) bool {
			return strings.HasPrefix(m.Actor.ID, v) || (name != "" && strings.HasPrefix(name, v))
		}) {
			return false
		}
	}
	return true
}

// imageEventMatch compares an image filter with the event's image, with
// and without its tag.
func imageEventMatch(m events.Message, v string) bool {
	img := m.Actor.Attributes["image"]
	if m.Type == "image" {
		img = m.Actor.Attributes["name"]
	}
	for _, s := range []string{m.Actor.ID, img, stripTag(m.Actor.ID), stripTag(img)} {
		if s != "" && s == v {
			return true
		}
	}
	return false
}

func stripTag(ref string) string {
	if i := strings.LastIndex(ref, ":"); i > strings.LastIndex(ref, "/") {
		return ref[:i]
	}
	return ref
}
