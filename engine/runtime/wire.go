package runtime

import (
	"encoding/binary"
	"strconv"
)

// The spec travels to the C side (package nsinit, wire.c) as records of a
// tag byte, a little-endian uint32 length and the bytes, ended by a zero
// tag: trivial to read in C, unlike JSON.
type wire []byte

func (w *wire) put(tag byte, v string) {
	*w = append(*w, tag)
	*w = binary.LittleEndian.AppendUint32(*w, uint32(len(v)))
	*w = append(*w, v...)
}

func (w *wire) putAll(tag byte, vs []string) {
	for _, v := range vs {
		w.put(tag, v)
	}
}

func (w *wire) putBool(tag byte, b bool) {
	if b {
		w.put(tag, "1")
	}
}

func (p *Process) encode(w *wire) {
	w.putAll('a', p.Args)
	w.putAll('e', p.Env)
	w.putAll('p', p.Caps)
	w.put('c', p.Cwd)
	w.put('u', p.User)
	w.putBool('t', p.Tty)
	if p.ConsoleRows > 0 {
		w.put('r', strconv.Itoa(int(p.ConsoleRows)))
		w.put('k', strconv.Itoa(int(p.ConsoleCols)))
	}
}

// Encode is the wire form of a process, for an exec.
func (p *Process) Encode() []byte {
	var w wire
	p.encode(&w)
	return append(w, 0)
}

// Encode is the wire form of a container's init spec.
func (s *Spec) Encode() []byte {
	var w wire
	s.Process.encode(&w)
	w.put('h', s.Hostname)
	w.putAll('l', s.Lower)
	w.put('U', s.Upper)
	w.put('W', s.Work)
	w.put('T', s.Target)
	w.putBool('R', s.ReadOnly)
	for _, f := range s.Files {
		w.put('S', f.Source)
		w.put('D', f.Dest)
	}
	// A mount is five records, always all of them, so the C side can keep
	// parallel lists.
	for _, m := range s.Mounts {
		w.put('m', m.Source)
		w.put('n', m.Dest)
		w.put('y', m.FSType)
		w.put('f', strconv.FormatUint(uint64(m.Flags), 10)+":"+strconv.FormatUint(uint64(m.Propagation), 10)+":"+strconv.FormatBool(m.ReadOnly))
		w.put('d', m.Data)
	}
	w.putBool('N', s.HostNet)
	w.putBool('V', s.CgroupV2)
	for _, m := range s.CgroupV1 {
		w.put('g', m[0])
		w.put('o', m[1])
	}
	return append(w, 0)
}
