# The two commands of the README: `make run` and `make test`. Each installs what is missing, builds, then runs.
SWIFT ?= swift
BIN := .build/debug/retrowalk
# `make run` plays the default plan on the simulated strap at 8x speed: 13 minutes of plan in about 100 s.
RUN_ARGS ?= walk --simulate --speed 8

.PHONY: all deps build run test test-ble bench lint sounds clean release install deb test-deb

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

run: build
	$(BIN) $(RUN_ARGS)

test: deps
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

# Benchmarks (Benchmarks/, ordo-one/benchmark): the 0x2A37 decoder, the CSV reader, the rules engine and a whole
# replay (retrowalk replay's engine, with and without a plan) over the synthetic 24 h recording. Release build; a
# first run builds the benchmark tool (~3 min).
bench:
	cd Benchmarks && $(SWIFT) package benchmark

# Style (STYLE.md 46-47): swift-format with .swift-format, strict.
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

# Regenerates the voice clips in Sounds/ (needs flite and sox).
sounds:
	@scripts/install-deps.sh flite sox
	Sounds/generate.sh

clean:
	rm -rf .build
