# Kabinet. The two commands of the README: `make run` and `make test`.
GO       ?= go
BIN      := bin
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
# The OpenAPI linter, pinned in tools/openapi/package-lock.json and
# installed there by `make test-deps` (npm ci); it runs offline.
REDOCLY  := tools/openapi/node_modules/.bin/redocly

.PHONY: all deps test-deps build run test unit pg-test deploy-check keyring-test smoke lint lint-api bench startup-bench load-bench load-bench-pg container-check scale-bench scale-bench-pg package package-test clean

all: build

## deps: install the system libraries Fyne needs (only the missing ones)
deps:
	@./scripts/deps.sh

## test-deps: also what the keyring, smoke and screenshot tests need
test-deps:
	@./scripts/test-deps.sh

## build: the desktop app and the standalone service
build: deps
	$(GO) build -tags migrated_fynedo,no_emoji -o $(BIN)/kabinet ./cmd/kabinet
	$(GO) build -o $(BIN)/kabinetd ./cmd/kabinetd

## run: build and open the app on the bundled service with demo data
run: build
	./$(BIN)/kabinet $(ARGS)

## test: all unit, API and screen tests (headless), then the keyring
## integration test against a real Secret Service
test: unit pg-test deploy-check keyring-test

unit:
	$(GO) test -race -tags ci -count=1 -timeout 30m ./...

## pg-test: the store and service tests again on a throw-away PostgreSQL
pg-test:
	@./scripts/pg-test.sh

## deploy-check: the systemd unit, nginx site, Dockerfile and compose file of deploy/ verified
deploy-check:
	@./scripts/deploy-check.sh

keyring-test:
	@./scripts/keyring-test.sh

## smoke: the real window under Xvfb, screenshots in shots/
smoke: build
	@./scripts/smoke.sh shots ru

## lint: gofmt, go vet, staticcheck, and api/openapi.yaml through Redocly's
## recommended-strict rules (api/redocly.yaml)
lint: lint-api
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt:"; echo "$$out"; exit 1; fi
	$(GO) vet -tags ci ./...
	$(GO) run $(STATICCHECK) -tags ci ./...

lint-api:
	@test -x $(REDOCLY) || { echo "lint: $(REDOCLY) missing: run make test-deps (npm ci in tools/openapi)" >&2; exit 1; }
	cd api && REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true ../$(REDOCLY) lint --config redocly.yaml

## package: release builds and installers into dist/: Linux .deb, .rpm and
## tar.xz, Windows kabinet.exe and its NSIS installer (TARGETS="linux" or
## "windows" for one). VERSION=1.2.3 overrides the git tag / VERSION file;
## SERVER=https://… bakes in a fund's server as the default. macOS: see
## .github/workflows/macos.yml.
package:
	VERSION="$(VERSION)" SERVER="$(SERVER)" ./scripts/package.sh $(TARGETS)

## package-test: install the .deb of dist/ (root), open the installed app
## under Xvfb on the demo and on a kabinetd named in /etc/kabinet, remove it
package-test:
	./scripts/package-test.sh

## bench: Go benchmarks of the service, the statement screen and GOST (vs ECDSA P-256)
bench:
	$(GO) test -tags ci -run '^$$' -bench . -benchmem ./service/... ./screens/ ./eds/gost/

## load-bench: kabinetd under load against a baseline server in the same
## run (req/s, p99, ratios; a few minutes; 127.0.0.1 only; not in make test)
load-bench:
	$(GO) build -o $(BIN)/kabinetd ./cmd/kabinetd
	$(GO) run ./bench/load -kabinetd $(BIN)/kabinetd $(ARGS)

## load-bench-pg: the same endpoints on SQLite and on PostgreSQL (a
## throw-away server that syncs like a real one): one instance, the same
## behind nginx, three behind nginx (deploy/nginx/kabinetd.conf), each as
## a ratio to SQLite in one run (ARGS="-rounds 3" for medians of three)
load-bench-pg:
	$(GO) build -o $(BIN)/kabinetd ./cmd/kabinetd
	$(GO) build -o $(BIN)/load ./bench/load
	./scripts/pg-test.sh --exec $(BIN)/load -kabinetd $(BIN)/kabinetd -pg env $(ARGS)

## container-check: build the Dockerfile's image with podman and run it
## (SQLite, then two instances on a throw-away PostgreSQL); minutes, not
## in make test (scripts/container-check.sh)
container-check:
	./scripts/pg-test.sh --exec ./scripts/container-check.sh

## scale-bench: login, /me, /accounts, a statement page on the demo's six
## depositors and on 1,000,000 generated ones, as ratios (N=... to change;
## the generated database is kept in $$SCALE_DIR for the next run)
scale-bench:
	./bench/scale.sh $(N)

## scale-bench-pg: the same on a throw-away PostgreSQL (scripts/pg-test.sh
## --exec; nothing kept; SCALE_DATABASE=postgres://... bench/scale.sh keeps it)
scale-bench-pg:
	SCALE_DATABASE=env ./scripts/pg-test.sh --exec ./bench/scale.sh $(N)

## startup-bench: exec-to-window time and RSS against a bare Fyne program
startup-bench:
	./bench/startup.sh 5

clean:
	rm -rf $(BIN) shots dist
