# earnlog: two commands do everything on a fresh machine with Go installed:
#   make demo   imports bundled sample data into a temporary ledger and prints the reports
#   make test   runs every test (race detector, fuzz seed corpora, end-to-end scripts)

SHELL       := bash
GO          ?= go
STATICCHECK ?= $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
BIN         := bin/earnlog

.PHONY: build test demo lint bench pgo reliability man clean

build:
	$(GO) build -o $(BIN) ./cmd/earnlog

demo: build
	./$(BIN) demo

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...
	@if $(GO) list -deps ./ledger/... ./report/... | grep -E 'go.etcd.io/bbolt|spf13/cobra'; then \
	  echo "ledger/ and report/ must not import bbolt or cobra"; exit 1; fi

# Unit tests, fuzz seed corpora (they run as ordinary tests) and the
# end-to-end testscripts, under the race detector.
test: lint
	$(GO) test -race -count=1 ./...
	$(GO) test -race -count=1 -tags man -run 'TestMan' ./cmd/earnlog/

# Benchmarks: Go benchmarks of the store, importers and reports, then whole
# processes of earnlog, hledger and ledger-cli timed on the same generated
# ledgers (cmd/earnlog-bench installs hledger and ledger from Debian when it
# can, and says so when it cannot).
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./store/ ./report/ ./ledger/...
	$(GO) run ./cmd/earnlog-bench
	$(GO) test -run '^$$' -bench Dashboard -benchtime 3x ./cmd/earnlog-bench/

# The profile every build of earnlog is optimised with (Go reads
# cmd/earnlog/default.pgo itself): the CPU profiles of the benchmark's
# earnlog commands, run once each at 1M events and on the hard ledger.
# Remake it after changes to the hot paths, and commit it.
pgo:
	$(GO) run ./cmd/earnlog-bench -pgo cmd/earnlog/default.pgo

# The long form of the reliability tests (crash loop, contention, full disk,
# corruption, bad inputs) and every fuzz target for 60 s. A short form of the
# same tests runs in make test.
reliability:
	set -o pipefail; $(GO) test -count=1 -v -timeout 60m -run 'Reliability' ./cmd/earnlog/ -reliability.long \
	  | grep -E '^(reliability |--- FAIL|FAIL|ok|panic)|_test.go:[0-9]+:'
	$(GO) run ./cmd/earnlog-fuzzall -fuzztime 60s

# Man pages, from the commands' own help (cobra's doc generator, built in
# only with the man tag).
man:
	$(GO) build -tags man -o bin/earnlog-man ./cmd/earnlog
	./bin/earnlog-man __man out/man

clean:
	rm -rf bin out
