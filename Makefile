# Kabinet. The two commands of the README: `make run` and `make test`.
GO       ?= go
BIN      := bin
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: all deps test-deps build run test unit keyring-test smoke lint bench startup-bench load-bench clean

all: build

## deps: install the system libraries Fyne needs (only the missing ones)
deps:
	@./scripts/deps.sh

## test-deps: also what the keyring, smoke and screenshot tests need
test-deps:
	@./scripts/test-deps.sh

## build: the desktop app and the standalone service
build: deps
	$(GO) build -tags migrated_fynedo -o $(BIN)/kabinet ./cmd/kabinet
	$(GO) build -o $(BIN)/kabinetd ./cmd/kabinetd

## run: build and open the app on the bundled service with demo data
run: build
	./$(BIN)/kabinet $(ARGS)

## test: all unit, API and screen tests (headless), then the keyring
## integration test against a real Secret Service
test: unit keyring-test

unit:
	$(GO) test -race -tags ci -count=1 ./...

keyring-test:
	@./scripts/keyring-test.sh

## smoke: the real window under Xvfb, screenshots in shots/
smoke: build
	@./scripts/smoke.sh shots ru

## lint: gofmt, go vet, staticcheck
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt:"; echo "$$out"; exit 1; fi
	$(GO) vet -tags ci ./...
	$(GO) run $(STATICCHECK) -tags ci ./...

## bench: Go benchmarks of the service and the statement screen
bench:
	$(GO) test -tags ci -run '^$$' -bench . -benchmem ./service/... ./screens/

## load-bench: kabinetd under load against a baseline server in the same
## run (req/s, p99, ratios; a few minutes; 127.0.0.1 only; not in make test)
load-bench:
	$(GO) build -o $(BIN)/kabinetd ./cmd/kabinetd
	$(GO) run ./bench/load -kabinetd $(BIN)/kabinetd $(ARGS)

## startup-bench: exec-to-window time and RSS against a bare Fyne program
startup-bench:
	./bench/startup.sh 5

clean:
	rm -rf $(BIN) shots
