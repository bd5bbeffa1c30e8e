# The two commands of the README: `make run` and `make test`. Each installs what is missing, builds, then runs.
SWIFT ?= swift
BIN := .build/debug/retrowalk
# `make run` plays the default plan on the simulated strap at 8x speed: 13 minutes of plan in about 100 s.
RUN_ARGS ?= walk --simulate --speed 8

.PHONY: all deps build run test test-ble bench fuzz lint sounds compare-hrv clean release install deb test-deb

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

run: build
	$(BIN) $(RUN_ARGS)

# The export and report tests read our files with independent tools: a venv with Garmin's FIT SDK, tcxreader and
# Pillow (scripts/export-check/setup.sh, under .build/) and Debian's chromium for the HTML report's screenshot.
test: deps
	@scripts/install-deps.sh chromium tmux
	@scripts/export-check/setup.sh >/dev/null
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Installing (README, "Install"): a release binary with the Swift runtime linked in (--static-swift-stdlib), so the
# target needs only the Debian libraries it links. `make install PREFIX=/usr/local DESTDIR=` or `make deb`.
PREFIX ?= /usr/local
DESTDIR ?=
# The same scratch path as `make test-ble`, so that CI builds the release binary once.
RELEASE_SCRATCH ?= .build-release
RELEASE_BIN := $(RELEASE_SCRATCH)/release/retrowalk

release: deps
	$(SWIFT) build -c release --static-swift-stdlib --scratch-path $(RELEASE_SCRATCH) --product retrowalk

install: release
	PREFIX=$(PREFIX) DESTDIR=$(DESTDIR) scripts/install.sh $(RELEASE_BIN)

# .build/deb/retrowalk_VERSION_ARCH.deb (dpkg-deb; Depends from dpkg-shlibdeps, in dpkg-dev).
deb: release
	@scripts/install-deps.sh dpkg-dev
	scripts/make-deb.sh $(RELEASE_BIN) .build/deb

# The package's contents, its unit (systemd-analyze verify) and the unpacked and `make install`ed trees running
# from another folder with no environment overrides: scripts/test-deb.sh. The release build takes about 6 minutes on
# 2 cores the first time (CI has it already from test-ble); packaging and checks about 2 minutes.
test-deb: deb
	@scripts/install-deps.sh systemd
	scripts/test-deb.sh

# The capture layer on a real kernel Bluetooth stack, in a VM (../shared/ble-vm): see scripts/test-ble.sh.
test-ble: deps
	scripts/test-ble.sh

# Benchmarks: scripts/bench/run.py builds Benchmarks/ in release, runs the ordo-one/benchmark suite (0x2A37 decoder,
# CSV reader, rules engine, in-process replays, analyze's RR metrics), the whole-process figures (retrowalk replay of
# the synthetic 24 h recording; retrowalk analyze against NeuroKit2's hrv_time on a 12 h RR series, in a venv it
# makes) and writes BENCHMARKS.md: machine, date, each figure with its target and command. About 10 minutes from a
# clean clone (the release build and the NeuroKit2 venv), about 1 after. Not in CI.
bench: deps
	@scripts/install-deps.sh python3 python3-venv
	scripts/bench/run.py

# Fuzzing: scripts/fuzz.sh builds Fuzz/ (libFuzzer + AddressSanitizer, release) and runs each of its 13 targets for
# FUZZ_SECONDS seconds (default 90), then prints the inputs tried and the crashes per target and in total. With the
# default it takes about 20 minutes on the 2-core build machine (plus about 5 for a first build) and tries about 10.2
# million inputs (measured: 10,191,330, no crash). FUZZ_TARGETS="csv fit" runs only those. Not in CI.
FUZZ_SECONDS ?= 90
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

# Style (STYLE.md 46-47): swift-format with .swift-format, strict.
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

# analyze's all-interval HRV measures beside NeuroKit2's hrv_time (a venv under .build/, from PyPI) on the real
# series in scripts/fixtures; fails when one differs by more than 0.5 %. make test runs the same check.
compare-hrv: build
	scripts/neurokit2/compare.sh

# Regenerates the voice clips in Sounds/ (needs flite and sox).
sounds:
	@scripts/install-deps.sh flite sox
	Sounds/generate.sh

clean:
	rm -rf .build
