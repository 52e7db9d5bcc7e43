# berth: the two set-up commands are `make run` and `make test` (README.md).
GO      ?= go
BIN     := bin/berth
PKGS    := ./...
# Debian packages the build, the default image and the tests need.
DEB_DEPS := busybox-static tmux iproute2

.PHONY: build run test deps bench vet clean

build:
	$(GO) build -o $(BIN) .

# deps installs what a fresh Debian machine lacks (needs root, as berth does).
deps:
	@missing=""; for p in $(DEB_DEPS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# run builds berth and opens it on its default image (busybox, built locally).
run: deps build
	./$(BIN)

test: deps
	$(GO) vet $(PKGS)
	$(GO) test -race -count=1 -timeout 20m $(PKGS)

bench: deps build
	./scripts/bench.sh

clean:
	rm -rf bin
