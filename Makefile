# berth: the two set-up commands are `make run` and `make test` (README.md).
GO      ?= go
BIN     := bin/berth
PKGS    := ./...
# Debian packages the build, the default image and the tests need (QEMU
# boots a cgroup v2 kernel for the v2 half of the tests).
DEB_DEPS := busybox-static tmux iproute2 qemu-system-x86 xz-utils bzip2

.PHONY: build run test test-v2 deps bench screenshots vet clean

build:
	$(GO) build -o $(BIN) .

# deps installs what a fresh Debian machine lacks (needs root, as berth does).
deps:
	@missing=""; for p in $(DEB_DEPS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# run builds berth and opens its UI, with the default image (busybox, built
# locally) ready to run.
run: DEB_DEPS := busybox-static
run: deps build
	./$(BIN)

# test runs every test on this machine (cgroup v1 here), then the cgroup
# package's tests and the end-to-end suite again on a cgroup v2 kernel in a VM.
test: deps
	$(GO) vet $(PKGS)
	$(GO) test -race -count=1 -timeout 20m $(PKGS)
	./scripts/test-cgroup-v2.sh

# test-v2 is only the cgroup v2 half of test.
test-v2: deps
	./scripts/test-cgroup-v2.sh

bench: deps build
	./scripts/bench.sh

# screenshots regenerates screenshots/*.png from the real UI in tmux
# (scripts/screenshots.sh; freeze comes from the Go module proxy).
screenshots: DEB_DEPS := busybox-static tmux iproute2
screenshots: deps build
	./scripts/screenshots.sh

clean:
	rm -rf bin
