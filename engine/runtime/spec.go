// Package runtime describes what runs inside a container and how berth
// talks to it: the Spec of a container's init and the Process of an exec,
// sent over a sync socket to the C code that runs them (package nsinit),
// and what comes back (the console, or why the command could not start).
package runtime

// Spec is everything the container's init needs, sent on its sync socket
// so nothing sensitive shows in argv or the environment.
type Spec struct {
	Process
	Hostname string `json:"hostname"`
	// Lower are the image layer dirs (lowest first); Upper/Work the
	// container's writable layer; Target where the root is mounted.
	Lower  []string `json:"lower"`
	Upper  string   `json:"upper"`
	Work   string   `json:"work"`
	Target string   `json:"target"`
	// ReadOnly mounts Upper as the topmost lower layer, read-only and
	// without Work: the container's files alone, for export. overlayfs
	// lets a directory be the upper of one mount only, but a lower of
	// any number, so this works while the container runs.
	ReadOnly bool `json:"readOnly,omitempty"`
	// Files are host files bind-mounted at container paths (/etc/hosts...).
	Files []BindFile `json:"files"`
	// Mounts are the user's volumes, binds and tmpfs mounts, parents
	// before children.
	Mounts []Mount `json:"mounts"`
	// HostNet keeps the host's network namespace (--network host).
	HostNet bool `json:"hostNet"`
	// CgroupV2 mounts cgroup2 at /sys/fs/cgroup; otherwise CgroupV1 lists
	// the v1 hierarchies to mount there, as directory and mount options.
	CgroupV2 bool        `json:"cgroupV2"`
	CgroupV1 [][2]string `json:"cgroupV1"`
}

// Process is the program a container (or an exec into it) runs.
type Process struct {
	Args []string `json:"args"`
	Env  []string `json:"env"`
	Cwd  string   `json:"cwd"`
	User string   `json:"user"` // uid[:gid] or name[:group], resolved in the container
	Tty  bool     `json:"tty"`
	// ConsoleRows and ConsoleCols size the terminal made when Tty is set.
	ConsoleRows uint16 `json:"rows,omitempty"`
	ConsoleCols uint16 `json:"cols,omitempty"`
	// Caps is the capability set to keep (Docker's default when empty).
	Caps []string `json:"caps"`
}

// BindFile is one host file bound into the container.
type BindFile struct {
	Source string `json:"src"`
	Dest   string `json:"dst"`
}

// Mount is one user mount: a bind of Source (FSType empty) or a
// filesystem of FSType, with mount(2) flags and data. A read-only bind is
// bound first and then remounted, as the kernel requires.
type Mount struct {
	Source   string  `json:"src"`
	Dest     string  `json:"dst"`
	FSType   string  `json:"fstype,omitempty"`
	Flags    uintptr `json:"flags,omitempty"`
	Data     string  `json:"data,omitempty"`
	ReadOnly bool    `json:"ro,omitempty"`
	// Propagation is a mount(2) propagation flag (MS_SLAVE...) or 0 for
	// private, the default inside a container.
	Propagation uintptr `json:"propagation,omitempty"`
}

// Exit codes for failures before the user's program runs, as Docker uses them.
const (
	ExitEngine     = 125
	ExitCannotExec = 126
	ExitNotFound   = 127
	InitCommand    = "__init"
	MonitorCommand = "__monitor"
	NsexecCommand  = "__nsexec"
	// CopyRootCommand is `berth cp` on a stopped container (nsinit/cproot.c).
	CopyRootCommand = "__cproot"
	// ExportRootCommand is `berth export`, through the same C half.
	ExportRootCommand = "__exportroot"
)
