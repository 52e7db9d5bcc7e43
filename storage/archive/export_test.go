package archive

// Snapshot lets the external tests (which may import the image store,
// itself an importer of this package) compare trees as these tests do.
var Snapshot = snapshot
