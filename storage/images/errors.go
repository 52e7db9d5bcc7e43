package images

import "errors"

// ErrNotFound is wrapped by lookups that find nothing; the message reads
// like docker's: "No such image: busybox:latest".
var ErrNotFound = errors.New("No such image")

// ErrConflict is wrapped when an image cannot be removed without force;
// messages read like docker's: "conflict: unable to delete ...".
var ErrConflict = errors.New("conflict")
