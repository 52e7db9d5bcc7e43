package build

import (
	"context"
	"io"
	"testing"
)

// BenchmarkNoChangeRebuild10 rebuilds a 10-instruction Dockerfile that is
// fully cached: what `berth build` costs when nothing changed (target:
// well under 100 ms).
func BenchmarkNoChangeRebuild10(b *testing.B) {
	s := newStore(b)
	baseImage(b, s)
	be := newBackend(s)
	dir := buildContext(b, `FROM base
COPY app /app
COPY conf /etc/app/
RUN write /app/built yes
RUN touch /etc/app/ready
ENV MODE=production
WORKDIR /app
LABEL org.example.name=app
EXPOSE 8080
CMD ["/app/run"]
`, map[string]string{"app/run": "#!/bin/sh\necho hi\n", "app/lib/a.txt": "a", "app/lib/b.txt": "b", "conf": "key=value\n"})
	opts := Options{ContextDir: dir, Out: io.Discard, Tags: []string{"bench"}}
	first, err := New(s, be, opts).Build(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	be.runs.Store(0)
	b.ResetTimer()
	for b.Loop() {
		img, err := New(s, be, opts).Build(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if img.ID != first.ID {
			b.Fatal("rebuild made a new image")
		}
	}
	b.StopTimer()
	if n := be.runs.Load(); n != 0 {
		b.Fatalf("%d commands ran on cached rebuilds", n)
	}
}
