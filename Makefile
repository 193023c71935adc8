# fraiseql-wire. `make run` serves (embedded PostgreSQL 17 with demo data unless DATABASE_URL is set);
# `make test` runs every test against a real PostgreSQL. Both install what they need.
SHELL := /bin/bash
.DEFAULT_GOAL := help
NODE_MODULES_STAMP := node_modules/.install-stamp
# TypeDoc 0.28 needs TypeScript's JS API, which the build's TypeScript 7 lacks: it gets a TypeScript
# 6.0 of its own, installed apart (scripts/typedoc/package.json) so that `npx tsc` stays 7.
TYPEDOC_STAMP := scripts/typedoc/node_modules/.install-stamp
TYPEDOC := node scripts/typedoc/node_modules/typedoc/bin/typedoc

.PHONY: help install generate build docs test stress fuzz run bench load resume-demo interop tools clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

$(NODE_MODULES_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: $(NODE_MODULES_STAMP) ## install npm dependencies (npm ci)

$(TYPEDOC_STAMP): scripts/typedoc/package.json scripts/typedoc/package-lock.json
	npm ci --prefix scripts/typedoc --no-audit --no-fund
	@touch $@

generate: install ## regenerate generated/ from proto/ (ts-proto through buf, no network)
	rm -rf generated && npx buf generate

build: install ## compile TypeScript to dist/
	npx tsc -p tsconfig.json

docs: build $(TYPEDOC_STAMP) ## API reference: TypeDoc of the SDK and the server entry into dist/docs/api (a warning fails), docs/api.md from the proto
	npx buf lint
	$(TYPEDOC)
	node dist/scripts/docs/writeApiDoc.js

test: build $(TYPEDOC_STAMP) ## run all tests (unit + integration against a real PostgreSQL; embedded unless DATABASE_URL is set) with the coverage gate
	@if [ ! -x .tools/bin/otelcol-wire ] && command -v go >/dev/null; then scripts/install-tools.sh otelcol || echo "test: the OpenTelemetry Collector could not be built: the trace tests will be skipped"; fi
	npx tsc -p tsconfig.test.json
	npx vitest run --coverage

stress: build ## fault suite (test/faults): the built server, PostgreSQL, toxiproxy faults between them
	@if [ ! -x .tools/bin/toxiproxy-server ] && command -v go >/dev/null; then scripts/install-tools.sh || echo "stress: install-tools failed: toxiproxy is missing"; fi
	npx vitest run -c vitest.stress.config.ts

fuzz: build ## 100,000 generated requests and 20,000 differential filter cases against the real server and PostgreSQL (FUZZ_SEED to replay)
	FUZZ_REQUESTS=$(or $(FUZZ_REQUESTS),100000) FUZZ_DIFFERENTIAL=$(or $(FUZZ_DIFFERENTIAL),20000) FUZZ_SEED=$(or $(FUZZ_SEED),$$(date +%s)) npx vitest run test/fuzz

run: build ## serve: DATABASE_URL if set, else an embedded PostgreSQL 17 with demo data
	@if [ -n "$$DATABASE_URL" ]; then exec node dist/src/main.js; else exec node dist/src/demo/runDemo.js; fi

bench: build ## benchmarks against psql \copy and in-process readers; writes BENCHMARKS.md
	@if [ ! -x .tools/bin/ghz ] && command -v go >/dev/null; then scripts/install-tools.sh || echo "bench: install-tools failed: ghz will be skipped"; fi
	node dist/perf/bench.js

load: build ## load tests (concurrency, 1M rows, soak of LOAD_SOAK_MINUTES, default 1); fails on a failed check
	node dist/perf/load.js --soak $(or $(LOAD_SOAK_MINUTES),1)

resume-demo: build ## 1M rows through the SDK, undisturbed and through 3 backend kills + 1 replica kill: rows, duplicates, missing, time
	node dist/perf/resumeDemo.js --rounds $(or $(RESUME_DEMO_ROUNDS),2)

tools: ## install grpcurl, ghz and the example clients' Python/Go dependencies (pinned) into .tools/
	scripts/install-tools.sh

interop: install tools ## run the Python and Go example clients and grpcurl against a server started for them
	FRAISEQL_WIRE_REQUIRE_TOOLS=true npx vitest run test/integration/interop.spec.ts test/integration/grpcurl.spec.ts

clean: ## remove build output and the demo database
	rm -rf dist coverage .data
