package registry

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"

	"berth/storage/images"
)

// ErrNotFound is wrapped when the registry has no such image or repository.
var ErrNotFound = errors.New("not found")

// ErrUnauthorized is wrapped when the registry refused our credentials (or
// their absence).
var ErrUnauthorized = errors.New("unauthorized")

// describe turns a protocol or network error into docker's one-line
// message for it. ref may be nil (login); op is "pull", "push" or "login".
func describe(err error, ref name.Reference, op string) error {
	if err == nil || errors.Is(err, context.Canceled) {
		return err
	}
	if errors.Is(err, images.ErrDigestMismatch) {
		return err
	}
	var terr *transport.Error
	if !errors.As(err, &terr) {
		return fmt.Errorf("%s", oneLine(err.Error()))
	}
	detail := registryMessage(terr)
	switch terr.StatusCode {
	case http.StatusNotFound:
		if ref != nil && op == "pull" {
			return kindError(ErrNotFound, "manifest for %s not found: %s", images.Familiar(ref), detail)
		}
	case http.StatusUnauthorized, http.StatusForbidden:
		if ref != nil && op == "pull" {
			return kindError(ErrUnauthorized, "pull access denied for %s, repository does not exist or may require 'berth login': %s",
				familiarRepo(ref), detail)
		}
		return kindError(ErrUnauthorized, "%s", detail)
	}
	if terr.Request != nil {
		return fmt.Errorf("%s %q: %s", methodName(terr.Request.Method), terr.Request.URL.Redacted(), detail)
	}
	return fmt.Errorf("%s", detail)
}

// registryMessage renders the registry's error list as docker does
// ("manifest unknown: manifest unknown"), or the status when it sent none.
func registryMessage(terr *transport.Error) string {
	var parts []string
	for _, d := range terr.Errors {
		code := strings.ToLower(strings.ReplaceAll(string(d.Code), "_", " "))
		msg := d.Message
		if msg == "" {
			msg = code
		}
		parts = append(parts, code+": "+oneLine(msg))
	}
	if len(parts) > 0 {
		return strings.Join(parts, "; ")
	}
	switch terr.StatusCode {
	case http.StatusUnauthorized:
		return "unauthorized: authentication required"
	case http.StatusForbidden:
		return "denied: requested access to the resource is denied"
	case http.StatusNotFound:
		return "manifest unknown: manifest unknown"
	}
	return fmt.Sprintf("unexpected status %d %s", terr.StatusCode, http.StatusText(terr.StatusCode))
}

// kindError is a message that errors.Is matches against kind, without
// kind's own text showing in it.
func kindError(kind error, format string, args ...any) error {
	return &classified{kind: kind, msg: fmt.Sprintf(format, args...)}
}

type classified struct {
	kind error
	msg  string
}

func (c *classified) Error() string { return c.msg }
func (c *classified) Unwrap() error { return c.kind }

// familiarRepo is the repository as docker prints it, without tag or digest.
func familiarRepo(ref name.Reference) string {
	s := images.Familiar(ref)
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		return s[:i]
	}
	if i := strings.LastIndexByte(s, ':'); i > strings.LastIndexByte(s, '/') {
		return s[:i]
	}
	return s
}

func methodName(m string) string {
	if m == "" {
		return "Get"
	}
	return strings.ToUpper(m[:1]) + strings.ToLower(m[1:])
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
