# paydesk — two commands set everything up on a fresh Debian machine:
#   make run    install what is missing, build, create the demo database, open the console
#   make test   install what is missing and run every test
SHELL := /bin/bash
DEBIAN_PACKAGES := pkg-config libncursesw5-dev libsqlite3-dev sqlite3 tmux \
	libxlsxwriter-dev libpango1.0-dev libcairo2-dev fonts-wqy-microhei \
	poppler-utils unzip locales libgmime-3.0-dev libxml2-dev msmtp python3-aiosmtpd \
	postgresql
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DATA_HOME := $(or $(XDG_DATA_HOME),$(HOME)/.local/share)
DEMO_DB := $(DATA_HOME)/paydesk/demo.sqlite
SWIFT_TEST_FLAGS ?=
PREFIX ?= /usr/local

.PHONY: run test deps build release bench bench-smoke soak soak-short fuzz check clean install

deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

release: deps
	swift build -c release

build: deps
	swift build

run: release
	@install -d -m 700 "$(dir $(DEMO_DB))"
	@[ -f "$(DEMO_DB)" ] || .build/release/paydesk demo --db "$(DEMO_DB)" --no-open
	.build/release/paydesk --db "$(DEMO_DB)" --as sari

# The whole suite, then the command-line suites a second time through `paydesk serve`
# (every `--db FILE` becomes `--server SOCKET`): one behaviour in both modes.
SERVICE_SUITES := MailGateTests|SmallFindingsCommandTests|CommandLineTests|HardeningCommandLineTests|SecurityCommandTests|IntakeCommandTests|ExportEndToEndTests|HardeningAuditTests|StolenAccountEndToEndTests|TicketWorkEndToEndTests
test: deps
	@start=$$(date +%s); \
	LANG=C.UTF-8 LC_ALL=C.UTF-8 swift test --disable-xctest $(SWIFT_TEST_FLAGS) && \
	echo "make test: the command-line suites again, through the service" && \
	LANG=C.UTF-8 LC_ALL=C.UTF-8 PAYDESK_TEST_SERVICE=1 swift test --disable-xctest --skip-build --filter '$(SERVICE_SUITES)'; \
	status=$$?; echo "make test: $$(( $$(date +%s) - start )) s"; exit $$status

clean:
	rm -rf .build

# The binary and the shipped themes; paydesk looks for themes in <prefix>/share/paydesk/themes
# next to <prefix>/bin/paydesk.
install: release
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/paydesk/themes"
	install -m 755 .build/release/paydesk "$(DESTDIR)$(PREFIX)/bin/paydesk"
	install -m 644 Themes/*.toml "$(DESTDIR)$(PREFIX)/share/paydesk/themes/"

# Scale benchmarks (see BENCHMARKS.md). `make bench` seeds 200k customers, 1M tickets and
# 10M transactions into $(BENCH_DB) when it is not there yet (about a minute and 3.5 GB),
# then prints every number against its target. Delete the file when done with it.
BENCH_DB ?= /tmp/paydesk-bench/bench-10m.sqlite
BENCH_FLAGS ?=

bench: release
	@mkdir -p "$(dir $(BENCH_DB))"
	.build/release/paydesk-dev seed --db "$(BENCH_DB)"
	.build/release/paydesk-dev bench --db "$(BENCH_DB)" $(BENCH_FLAGS)

# The same tooling on a tiny dataset with few iterations: proves it builds and runs, says
# nothing about speed (CI runs the equivalent through BenchSmokeTests).
.PHONY: bench-smoke
bench-smoke: build
	@dir=$$(mktemp -d) && trap 'rm -rf "$$dir"' EXIT && \
	.build/debug/paydesk-dev seed --db "$$dir/smoke.sqlite" --customers 300 --tickets 2000 --transactions 20000 && \
	.build/debug/paydesk-dev bench --db "$$dir/smoke.sqlite" --quick

# Reliability drills (see README "Reliability").
.PHONY: soak soak-short soak-service fuzz check

# 16 paydesk processes (12 command-line workers, 4 headless consoles) on one database.
soak: build
	scripts/soak.sh 60 16

soak-short: build
	scripts/soak.sh 5 16

# The same through `paydesk serve`, with the service killed (SIGKILL) half-way.
soak-service: build
	SOAK_SERVICE=1 SOAK_KILL=1 scripts/soak.sh 60 16

# Each libFuzzer target for FUZZ_SECONDS (default 60); crashes land in .build-fuzz/artifacts/.
FUZZ_SECONDS ?= 60
fuzz:
	Fuzz/run.sh $(FUZZ_SECONDS)

# The whole suite under AddressSanitizer, then ThreadSanitizer, each in its own build folder.
check: deps
	LANG=C.UTF-8 LC_ALL=C.UTF-8 LSAN_OPTIONS="suppressions=$(CURDIR)/scripts/lsan.supp:print_suppressions=0" \
		swift test --disable-xctest --sanitize=address --scratch-path .build-asan $(SWIFT_TEST_FLAGS)
	LANG=C.UTF-8 LC_ALL=C.UTF-8 TSAN_OPTIONS="suppressions=$(CURDIR)/scripts/tsan.supp" \
		swift test --disable-xctest --sanitize=thread --scratch-path .build-tsan $(SWIFT_TEST_FLAGS)
