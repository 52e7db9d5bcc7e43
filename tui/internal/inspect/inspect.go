// Package inspect turns docker's inspect objects into the readable,
// indented "Key: value" text of the detail views: the same facts as
// `berth inspect`, without the JSON punctuation, in the engine's field
// order, and with empty fields left out.
package inspect

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// node is a decoded JSON value that keeps object keys in order (a Go map
// would shuffle them, and docker's order groups related fields).
type node struct {
	kind   byte // 'o' object, 'a' array, 's' scalar
	keys   []string
	vals   []*node
	scalar string
}

// Format renders v (anything encoding/json can marshal).
func Format(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("cannot show: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := decode(dec)
	if err != nil {
		return fmt.Sprintf("cannot show: %v", err)
	}
	var b strings.Builder
	switch n.kind {
	case 'o':
		writeObject(&b, n, 0)
	case 'a':
		writeArray(&b, n, 0)
	default:
		b.WriteString(n.scalar + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

func decode(dec *json.Decoder) (*node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &node{kind: 'o'}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := decode(dec)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, kt.(string))
				n.vals = append(n.vals, v)
			}
			_, err := dec.Token()
			return n, err
		case '[':
			n := &node{kind: 'a'}
			for dec.More() {
				v, err := decode(dec)
				if err != nil {
					return nil, err
				}
				n.vals = append(n.vals, v)
			}
			_, err := dec.Token()
			return n, err
		}
		return nil, io.ErrUnexpectedEOF
	case nil:
		return &node{kind: 's'}, nil
	case string:
		return &node{kind: 's', scalar: t}, nil
	default:
		return &node{kind: 's', scalar: fmt.Sprint(t)}, nil
	}
}

// empty says whether a field carries nothing worth a line.
func (n *node) empty() bool {
	switch n.kind {
	case 'o':
		for _, v := range n.vals {
			if !v.empty() {
				return false
			}
		}
		return true
	case 'a':
		return len(n.vals) == 0
	}
	return n.scalar == ""
}

func writeObject(b *strings.Builder, n *node, depth int) {
	pad := strings.Repeat("  ", depth)
	for i, k := range n.keys {
		v := n.vals[i]
		if v.empty() {
			continue
		}
		writeField(b, pad, k, v, depth)
	}
}

func writeField(b *strings.Builder, pad, k string, v *node, depth int) {
	switch v.kind {
	case 's':
		fmt.Fprintf(b, "%s%s: %s\n", pad, k, v.scalar)
	case 'o':
		fmt.Fprintf(b, "%s%s:\n", pad, k)
		writeObject(b, v, depth+1)
	case 'a':
		fmt.Fprintf(b, "%s%s:\n", pad, k)
		writeArray(b, v, depth+1)
	}
}

// writeArray puts each element after "- "; an object's first field shares
// the dash's line, as in YAML.
func writeArray(b *strings.Builder, n *node, depth int) {
	pad := strings.Repeat("  ", depth)
	for _, v := range n.vals {
		switch v.kind {
		case 's':
			fmt.Fprintf(b, "%s- %s\n", pad, v.scalar)
		case 'a':
			fmt.Fprintf(b, "%s-\n", pad)
			writeArray(b, v, depth+1)
		case 'o':
			var sub strings.Builder
			writeObject(&sub, v, depth+1)
			s := sub.String()
			if s == "" {
				fmt.Fprintf(b, "%s- {}\n", pad)
				continue
			}
			// Replace the first line's indent with the dash.
			b.WriteString(pad + "- " + strings.TrimPrefix(s, pad+"  "))
		}
	}
}
