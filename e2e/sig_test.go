package e2e

import "syscall"

var sigwinch = syscall.SIGWINCH
