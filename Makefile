# caretriangle: `make demo` runs the shipped example, `make test` runs every check.
# Both set everything up on a fresh machine with only Rust and Python 3.11: a virtual
# environment in .venv with the pinned packages of requirements-dev.txt, and the extension
# built by maturin (release) into it.

# Resolved now, before .venv/bin goes on PATH below.
PYTHON := $(shell command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < requirements-dev.txt | cut -d' ' -f1)
export VIRTUAL_ENV := $(abspath $(VENV))
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: help demo test build lint browser fmt bench fuzz soak clean wheel wheel-test

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $@

build: $(STAMP) ## build the extension (release) into .venv
	$(BIN)/maturin develop --release --quiet

# The wheel users install: abi3 (one wheel for CPython 3.11 and later), release, built with the
# same cargo profile and features as `make build`, whose compiled library cargo reuses.
WHEELS := target/wheels
WHEEL_VENV := target/wheel-venv

wheel: $(STAMP) ## build the abi3 wheel (release) into target/wheels
	rm -f $(WHEELS)/caretriangle-*.whl
	$(BIN)/maturin build --release --quiet --out $(WHEELS)

# A fresh environment with the wheel and its runtime dependencies only (pinned to the versions
# of requirements-dev.txt, from pip's cache after the first time): the demo must print the golden
# output and the smoke test pass there, away from the checkout and .venv.
wheel-test: wheel ## install the wheel into a fresh venv (target/wheel-venv); run the demo and a smoke test there
	rm -rf $(WHEEL_VENV)
	$(PYTHON) -m venv $(WHEEL_VENV)
	$(WHEEL_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
		-c requirements-dev.txt $(WHEELS)/caretriangle-*.whl
	cd $(WHEEL_VENV) && env -u VIRTUAL_ENV bin/caretriangle demo > demo.txt
	diff -u tests/python/golden/demo.txt $(WHEEL_VENV)/demo.txt
	cd $(WHEEL_VENV) && env -u VIRTUAL_ENV bin/python $(abspath tests/wheel_smoke.py) $(abspath examples/north_of_tyne.toml)

demo: build ## run the shipped North of Tyne example
	$(BIN)/caretriangle demo

lint: $(STAMP) ## formatting and lints, Rust and Python (clippy pedantic, cargo doc, ruff, mypy --strict)
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --all-targets --features python -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet
	$(BIN)/ruff check python tests benchmarks
	$(BIN)/ruff format --check python tests benchmarks
	$(BIN)/python -m mypy

test: build lint browser ## every check: lints, cargo tests, stubs, doctests, pytest (with the notebooks), the wheel
	cargo test --quiet
	$(BIN)/python -m mypy.stubtest caretriangle._core
	$(BIN)/python -m pytest -q --doctest-modules python/caretriangle
	$(BIN)/python -m pytest -q
	$(MAKE) --no-print-directory wheel-test PYTHON=$(PYTHON)

# The decision brief's tests render it in a real browser and print it to PDF: Debian's
# chromium, installed here when it is missing (as root, as on the project's machines).
browser: ## install headless Chromium (Debian's chromium) when it is missing
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium)

# `make test` runs each fuzz target for a few hundred cases (seconds); this runs many more.
FUZZ_CASES ?= 20000
fuzz: ## long fuzz run of the loaders and scenario application (FUZZ_CASES per target)
	PROPTEST_CASES=$(FUZZ_CASES) cargo test --release --test fuzz_loaders --test fuzz_apply -- --nocapture

# The fuzzers, the conservation properties, the hypothesis properties of the Python API and
# the workbook damages, at length (about 5 minutes here); `make test` runs each briefly.
SOAK_CASES ?= 10000
soak: build ## long run of every fuzzer and property: loaders, levers, conservation, Python arguments, damaged workbooks
	PROPTEST_CASES=$(SOAK_CASES) cargo test --release --test fuzz_loaders --test fuzz_apply \
		--test conservation --test conservation_draws --test conservation_parts -- --nocapture
	HYPOTHESIS_EXAMPLES=$(SOAK_CASES) WORKBOOK_DAMAGES=$(SOAK_CASES) $(BIN)/python -m pytest -q \
		tests/python/test_arguments.py tests/python/test_reliability_*.py tests/python/test_excel_reading.py

fmt: $(STAMP) ## format Rust and Python
	cargo fmt
	$(BIN)/ruff format python tests benchmarks

bench: build ## criterion benches of the core kernels
	cargo bench

clean: ## remove build products and .venv
	cargo clean
	rm -rf $(VENV)
