# The two commands of the README: `make run` and `make test`. Each installs what is missing, builds, then runs.
SWIFT ?= swift
BIN := .build/debug/retrowalk
# `make run` plays the default plan on the simulated strap at 8x speed: 13 minutes of plan in about 100 s.
RUN_ARGS ?= walk --simulate --speed 8

.PHONY: all deps build run test test-ble bench lint sounds clean

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
	@scripts/install-deps.sh chromium
	@scripts/export-check/setup.sh >/dev/null
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

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
