package cli

import (
	"errors"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/term"
)

// errTerminal is docker's refusal to pour an archive onto a terminal.
var errTerminal = errors.New("cowardly refusing to save to a terminal. Use the -o flag or redirect")

// writeArchive sends what write produces to the -o file, or to stdout when
// there is none (refusing a terminal). A file is filled under a temporary
// name beside it and renamed into place only once complete, as docker
// does: a failure leaves no partial archive, nor clobbers an older one.
func writeArchive(a *app, output string, write func(io.Writer) error) error {
	if output == "" {
		if isTerminal(a.stdout) {
			return errTerminal
		}
		return write(a.stdout)
	}
	f, err := os.CreateTemp(filepath.Dir(output), ".berth_temp_")
	if err != nil {
		return err
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), output)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
