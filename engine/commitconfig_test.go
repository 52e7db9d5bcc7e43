package engine

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

func TestCommitImage(t *testing.T) {
	then := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	parent := ocispec.Image{
		Platform: ocispec.Platform{OS: "linux", Architecture: "amd64"},
		Config: ocispec.ImageConfig{
			ExposedPorts: map[string]struct{}{"80/tcp": {}},
			Volumes:      map[string]struct{}{"/data": {}},
		},
		History: []ocispec.History{{Created: &then, CreatedBy: "base"}},
	}
	ctr := &container.Config{
		User:         "app",
		Env:          []string{"PATH=/bin", "A=container"},
		Entrypoint:   []string{"/entry"},
		Cmd:          []string{"sh", "-c", "echo hi > /hello"},
		WorkingDir:   "/work",
		Labels:       map[string]string{"l": "container", "m": "kept"},
		StopSignal:   "SIGINT",
		ExposedPorts: network.PortSet{network.MustParsePort("53/udp"): {}},
	}
	now := time.Date(2024, 2, 3, 4, 5, 6, 0, time.UTC)
	opts := CommitOptions{Author: "me", Message: "msg"}
	for _, c := range []struct {
		changes []string
		want    string
	}{
		// No changes: the container's settings, with the image's ports
		// and volumes berth keeps apart.
		{nil, `{"User":"app","ExposedPorts":{"53/udp":{},"80/tcp":{}},"Env":["PATH=/bin","A=container"],"Entrypoint":["/entry"],"Cmd":["sh","-c","echo hi \u003e /hello"],"Volumes":{"/data":{}},"WorkingDir":"/work","Labels":{"l":"container","m":"kept"},"StopSignal":"SIGINT"}`},
		// A CMD change keeps the entrypoint; changed ENV and LABEL come
		// first and win, the container's others follow.
		{[]string{`CMD ["cat","/hello"]`, `ENV A=b`, `LABEL l=change`, `EXPOSE 8080`, `VOLUME /v`, `USER root`},
			`{"User":"root","ExposedPorts":{"53/udp":{},"80/tcp":{},"8080/tcp":{}},"Env":["A=b","PATH=/bin"],"Entrypoint":["/entry"],"Cmd":["cat","/hello"],"Volumes":{"/data":{},"/v":{}},"WorkingDir":"/work","Labels":{"l":"change","m":"kept"},"StopSignal":"SIGINT"}`},
		// An ENTRYPOINT change drops the container's command.
		{[]string{`ENTRYPOINT ["top"]`, `WORKDIR /w`, `STOPSIGNAL 9`},
			`{"User":"app","ExposedPorts":{"53/udp":{},"80/tcp":{}},"Env":["PATH=/bin","A=container"],"Entrypoint":["top"],"Volumes":{"/data":{}},"WorkingDir":"/w","Labels":{"l":"container","m":"kept"},"StopSignal":"9"}`},
	} {
		ch, err := ParseChanges(c.changes)
		if err != nil {
			t.Fatal(err)
		}
		img := commitImage(parent, ctr, ch.ImageConfig, opts, now)
		got, _ := json.Marshal(img.Config)
		if string(got) != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.changes, got, c.want)
		}
		if img.Author != "me" || !img.Created.Equal(now) || img.OS != "linux" || len(img.History) != 2 {
			t.Fatalf("image: %+v", img)
		}
		h := img.History[1]
		if h.CreatedBy != "sh -c echo hi > /hello" || h.Comment != "msg" || h.Author != "me" || !h.Created.Equal(now) || h.EmptyLayer {
			t.Errorf("history entry: %+v", h)
		}
	}
	if len(parent.History) != 1 || len(ctr.Labels) != 2 || len(parent.Config.Volumes) != 1 {
		t.Errorf("inputs modified: %+v %+v", parent, ctr)
	}
}
