// Package layercopy copies a directory out of a container's merged root
// without mounting it: it reads the overlayfs-format layer directories
// directly and computes what overlayfs would show, so that a killed
// process leaves no mount behind.
//
// Layer contents are hostile input. Every access is made relative to open
// directory fds and never follows a symlink found in a layer, so nothing
// outside the layer directories is read and nothing outside the
// destination is written.
package layercopy
