package images

// go-digest looks its hash functions up at run time: link sha256 in.
import _ "crypto/sha256"
