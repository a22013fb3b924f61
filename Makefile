# mzdesk: `make run` to try it, `make test` to check everything.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
GO ?= go
BIN := bin/mzdesk
NPM_STAMP := frontend/node_modules/.package-lock.json

.PHONY: run build frontend generate check-generated migration lint test test-go test-galera test-frontend test-e2e vet fuzz bench bench-sheets soak bench-peer perf-web pgo

## run: build the SPA and the binary, then serve on :8080 with demo data in ./data/
run: build
	MZ_DEMO=1 ./$(BIN)

## build: the SPA (frontend/dist) and the single binary that embeds it, compiled with the CPU profile of the benchmarks (PGO, see make pgo)
PGO_PROFILE := internal/bench/mzdesk.pgo
build: frontend
	$(GO) build -trimpath -pgo=$(PGO_PROFILE) -o $(BIN) .

$(NPM_STAMP): frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

frontend: $(NPM_STAMP)
	cd frontend && npm run build

## generate: regenerate ent and gqlgen code from the schemas, and the SPA's GraphQL types from the schema
generate: $(NPM_STAMP)
	$(GO) generate ./...
	cd frontend && npm run --silent graphql-env

## check-generated: fail when generated code is stale (go generate changes anything, or the SPA's GraphQL types differ from the schema's)
check-generated: $(NPM_STAMP)
	@before=$$(find ent graph -type f | sort | xargs sha256sum); \
	$(GO) generate ./...; \
	after=$$(find ent graph -type f | sort | xargs sha256sum); \
	if [ "$$before" != "$$after" ]; then \
		echo "generated code was stale; run make generate and commit:"; \
		diff <(echo "$$before") <(echo "$$after") || true; exit 1; fi; \
	echo "generated code is up to date"
	cd frontend && npm run --silent check-graphql-env

## migration: write the next migration files from the ent schemas: make migration name=add_x
migration:
	$(GO) run ./internal/database/cmd/migrationdiff -name $(name)

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "not gofmt-ed"; exit 1; }

## lint: golangci-lint's small strict set (.golangci.yml), the version pinned here and built by go run
GOLANGCI_LINT ?= github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0
lint:
	$(GO) run $(GOLANGCI_LINT) run ./...

## test: every test — generated code (Go and the SPA's GraphQL types), Go (SQLite, and MySQL with MZ_TEST_MYSQL_DSN), short fuzzing, the SPA's typecheck, ESLint and unit tests, browser end to end
test: check-generated vet lint test-go test-galera fuzz test-frontend test-e2e

## fuzz: a short run of each fuzz target over the parsers of outside input (FUZZTIME=20000x: a count, not a duration, because a duration that ends while a worker is busy fails the run with "context deadline exceeded")
FUZZTIME ?= 20000x
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./internal/quantity
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./internal/auth
	$(GO) test -run '^$$' -fuzz '^FuzzAmount$$' -fuzztime $(FUZZTIME) ./internal/relief

# The SPA is built first: the binary under test embeds it, and TestEveryAssetCompressed checks
# every built file is served compressed.
test-go: frontend
	@mkdir -p bin
	$(GO) test -count=1 -timeout 30m -v ./... 2>&1 | tee bin/go-test.log \
		| grep -E '^(ok|FAIL|--- FAIL|panic:|\S+: testing on)|_test.go:[0-9]+:' || true
	@! grep -qE '^(FAIL|--- FAIL|panic:)' bin/go-test.log
	@echo "go: $$(grep -c '^--- PASS' bin/go-test.log) passed, $$(grep -c '^--- FAIL' bin/go-test.log) failed"

## test-galera: a three-node MariaDB Galera cluster on loopback, two replicas writing through two nodes, a node killed mid-run (needs galera-4 and rsync; about two minutes)
test-galera:
	MZ_TEST_GALERA=1 $(GO) test -count=1 -timeout 10m -v -run '^TestGalera$$' ./internal/galera 2>&1 \
		| grep -E '^(ok|FAIL|--- |panic:)|galera_test.go:[0-9]+:'

test-frontend: $(NPM_STAMP)
	cd frontend && npm run typecheck && npm run lint && npm test

test-e2e: build
	cd frontend && MZ_BIN=../$(BIN) npm run e2e

## bench: the load benchmark on SQLite and on the local MySQL (MZ_BENCH_MYSQL), results in docs/bench/
MZ_BENCH_MYSQL ?= root@tcp(127.0.0.1:3306)/
BENCH_SIZES ?= 10000,100000,1000000
bench: build
	$(GO) run ./internal/bench -db mysql -mysql '$(MZ_BENCH_MYSQL)' -sizes $(BENCH_SIZES)
	$(GO) run ./internal/bench -db sqlite -sizes $(BENCH_SIZES)

## pgo: write internal/bench/mzdesk.pgo, the CPU profile the build optimises for: the server under make bench's workload at 10,000 allocations (MySQL and SQLite; not its logins, which are the password hash, slow on purpose) and under make bench-peer's two reads; results go to a scratch directory, not docs/bench (about 12 minutes; run it after large changes to the read path)
pgo: build
	@dir=$$(mktemp -d); \
	$(GO) run ./internal/bench -db mysql -mysql '$(MZ_BENCH_MYSQL)' -sizes 10000 -profile $$dir -out $$dir && \
	$(GO) run ./internal/bench -db sqlite -sizes 10000 -profile $$dir -out $$dir && \
	(cd internal/bench/peer && npm ci --no-audit --no-fund) && \
	$(GO) run ./internal/bench -peer -mysql '$(MZ_BENCH_MYSQL)' -sizes 100000 -profile $$dir -out $$dir && \
	$(GO) tool pprof -proto $$(ls $$dir/*.pprof | grep -v /login-) > $(PGO_PROFILE) && rm -r $$dir

## bench-sheets: how long the relief importer takes, and how much it allocates, to refuse each hostile sheet of issue 16 (targets: 100 ms, 20 MB), beside the largest good sheet; figures go by hand into docs/bench/sheets.md
bench-sheets:
	$(GO) test -run '^$$' -bench 'HostileSheets|LargestSheet' -benchtime 20x ./internal/relief

## soak: 10 minutes of the bench's normal workload with 10% hostile traffic (big documents, trickling bodies, alias floods, bad sheets): p95, 5xx, peak RSS into docs/bench/soak.md (not part of make test)
SOAK ?= 10m
soak: build
	$(GO) run ./internal/bench -soak $(SOAK) -db sqlite -sizes 10000

## bench-peer: mzdesk on MariaDB and on SQLite beside PostGraphile 4.14 on PostgreSQL, same data (100,000 allocations), queries (a) and (b) of issue 19 at 50 connections, 3 interleaved rounds, every answer checked: req/s, p50, p99, CPU per request, peak RSS into docs/bench/peer.md (not part of make test; PEER_FLAGS='-duration 30s' for longer runs)
PEER_FLAGS ?= -duration 10s
bench-peer: build
	cd internal/bench/peer && npm ci --no-audit --no-fund
	$(GO) run ./internal/bench -peer -mysql '$(MZ_BENCH_MYSQL)' -sizes 100000 $(PEER_FLAGS)

## perf-web: how soon login, the QR landing and the village list show content on slow 3G with a 4× slower CPU, and Lighthouse's mobile scores, in docs/bench/web.md (not part of make test)
perf-web: build
	cd frontend/perf && npm ci --no-audit --no-fund && MZ_BIN=../../$(BIN) node perf-web.js
