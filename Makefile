# parkgrid: two commands on a fresh machine.
#   make demo   installs what is missing, builds, and runs the default case end to end
#   make test   installs what is missing, builds, and runs every test (also under ASan + UBSan)
SHELL := /bin/bash
.DEFAULT_GOAL := demo
JOBS ?= $(shell nproc)
BUILD ?= build
# One instrumented tree serves the sanitizer run of the test suite and the fuzz targets (clang,
# ASan + UBSan + libFuzzer's coverage, -O1): a third full build less in `make test`.
SAN_BUILD ?= build-sanitize
FUZZ_BUILD ?= $(SAN_BUILD)
# Seconds per fuzz target: `make fuzz` (long runs), and the short run of `make test`.
FUZZ_SECONDS ?= 60
FUZZ_CI_SECONDS ?= 20
# The targets of `make test`: every fuzz target (docs/reliability.md, "Fuzzing").
FUZZ_CI_TARGETS ?= fuzz_scenario fuzz_csv fuzz_weather fuzz_tariff fuzz_pypsa fuzz_api
HIGHS_PREFIX = $(shell cat .venv/highs_prefix 2>/dev/null)
# ccache, when the machine has it, lets several build trees (release, sanitizer, worktrees)
# share unchanged objects; the build does not need it.
CCACHE := $(shell command -v ccache 2>/dev/null)
LAUNCHER := $(if $(CCACHE),-DCMAKE_CXX_COMPILER_LAUNCHER=$(CCACHE) -DCMAKE_C_COMPILER_LAUNCHER=$(CCACHE))
PARKGRID := $(BUILD)/src/parkgrid
# The built web UI and what it is built from (rules below `build`).
WEB_DIST := web/dist/index.html
WEB_SOURCES := $(shell find web/src -type f 2>/dev/null) web/index.html web/vite.config.js web/package.json

.PHONY: setup build python golden test test-release test-sanitize test-python test-web test-fuzz test-leaks fuzz fuzz-build demo demo-microgrid bench sanitize format format-check clean web profiles serve

.venv/highs_prefix: scripts/setup.sh
	bash scripts/setup.sh

setup:
	bash scripts/setup.sh

# Both trees compile in unity batches (PARKGRID_UNITY_BUILD, docs/reliability.md "Time in make
# test": the release build 266 -> 140 s on 2 cores); the Python module (make python) compiles
# the same sources one file at a time, so every file is still seen to compile on its own.
UNITY := -DPARKGRID_UNITY_BUILD=ON
$(BUILD)/build.ninja: .venv/highs_prefix CMakeLists.txt
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DPARKGRID_HIGHS_PREFIX="$(HIGHS_PREFIX)" $(UNITY) $(LAUNCHER)

build: .venv/highs_prefix $(BUILD)/build.ninja $(WEB_DIST)
	ninja -C $(BUILD) -j $(JOBS)

# The web UI (web/, React + ECharts built by Vite into web/dist, served by `parkgrid serve`):
# npm ci when package-lock.json changed, vite build when a source is newer than the build.
web/node_modules/.package-lock.json: web/package-lock.json web/package.json
	cd web && npm ci --no-audit --no-fund
	touch $@

$(WEB_DIST): web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npx vite build --logLevel warn

web: $(WEB_DIST)

# The Pinglu case's PV and wind profiles (data/pinglu/generated/, not checked in), as make demo:
# made again when the script (its wind target), the weather file or the weather code changed, so
# an old checkout does not keep profiles of an earlier rule.
PROFILES := data/pinglu/generated/profiles.csv
PROFILE_INPUTS := scripts/pinglu-profiles.sh data/weather/CHN_Shanxi.Datong.534870_CSWD.epw \
  $(wildcard src/weather/*.cpp src/weather/*.hpp)
$(PROFILES): $(PROFILE_INPUTS) | build
	bash scripts/pinglu-profiles.sh $(PARKGRID) data/pinglu/generated
profiles: build $(PROFILES)
	@[ -f data/pinglu/generated/profiles_station.csv ] || \
	  bash scripts/pinglu-profiles.sh $(PARKGRID) data/pinglu/generated

# The web UI on http://127.0.0.1:8080/ with the results of make demo when they exist: open the
# address it prints, with its per-start token (?token=..., docs/api.md "Access").
SERVE_ARGS ?=
serve: build profiles
	$(PARKGRID) serve $(SERVE_ARGS) $(if $(wildcard out/pinglu/summary.json),--results out/pinglu) \
	  $(if $(wildcard out/pinglu-paths/paths.json),--results out/pinglu-paths) \
	  $(if $(wildcard out/pinglu-plan/plan.json),--results out/pinglu-plan)

# The instrumented tree: clang with AddressSanitizer, UndefinedBehaviorSanitizer and libFuzzer's
# coverage (PARKGRID_FUZZ), assertions on (Debug) at -O1; the tests and the CLI run in it under
# the sanitizers (test-sanitize), the fuzz targets are built in it (fuzz-build). GCC's own
# sanitizer build is one option away for anyone who wants it: cmake -DPARKGRID_SANITIZE=ON.
$(SAN_BUILD)/build.ninja: .venv/highs_prefix CMakeLists.txt
	CC=clang CXX=clang++ cmake -S . -B $(SAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_CXX_FLAGS_DEBUG=-O1 -DPARKGRID_FUZZ=ON -DPARKGRID_BUILD_BENCH=OFF \
	  -DPARKGRID_HIGHS_PREFIX="$(HIGHS_PREFIX)" $(UNITY) $(LAUNCHER)

sanitize: .venv/highs_prefix $(SAN_BUILD)/build.ninja
	ninja -C $(SAN_BUILD) -j $(JOBS)

test-release: build python
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# AddressSanitizer + UndefinedBehaviorSanitizer over the whole suite. HiGHS itself is not
# instrumented; leak checking stays on for parkgrid's own allocations. ASan intercepts dlopen, so
# libhighs's load of libhighs_extras.so (HiPO) searches from libasan, not from libhighs's
# $ORIGIN: LD_LIBRARY_PATH names the folder for this run only.
test-sanitize: sanitize
	cd $(SAN_BUILD) && LD_LIBRARY_PATH="$(HIGHS_PREFIX)/lib" \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

# The Python package (python/, pyproject.toml at the root) installed into .venv; incremental
# (build-python/), without build isolation: the pinned build tools come from scripts/setup.sh.
# Through ccache when the machine has it, like the other trees (a rebuilt build-python/ then
# takes its unchanged objects from the cache).
python: .venv/highs_prefix
	.venv/bin/python -m pip install -q --disable-pip-version-check --no-build-isolation \
	  $(if $(CCACHE),-C cmake.define.CMAKE_CXX_COMPILER_LAUNCHER=$(CCACHE)) .

test-python: build python
	@if ls tests/python/test_*.py >/dev/null 2>&1; then \
	  PARKGRID_BUILD_DIR=$(BUILD) .venv/bin/python -m pytest -q tests/python; \
	fi

# The web server's API (pytest, tests/web/), the report, the golden comparison, and the UI in headless Chromium
# (playwright-core, web/tests/); screenshots in $(BUILD)/web-test/.
test-web: build profiles
	PARKGRID_BUILD_DIR=$(BUILD) .venv/bin/python -m pytest -q tests/web
	PARKGRID=$(BUILD)/src/parkgrid WEB_TEST_OUT=$(BUILD)/web-test node --test web/tests/

# The golden results (tests/golden/README.md): test-web compares every case with them
# (tests/web/test_golden.py); after a change that moves results on purpose, `make golden`
# regenerates them and `git diff tests/golden/refs/` shows which figures moved.
golden: build profiles
	PARKGRID_BUILD_DIR=$(BUILD) .venv/bin/python tests/golden/golden.py update

# libFuzzer targets (tests/fuzz/, built in the instrumented tree above): `make fuzz
# FUZZ_SECONDS=600` for a long run; corpora grow in $(FUZZ_BUILD)/corpus, findings land in
# $(FUZZ_BUILD)/findings.
fuzz-build: .venv/highs_prefix $(SAN_BUILD)/build.ninja
	ninja -C $(FUZZ_BUILD) -j $(JOBS) fuzz_all

fuzz: fuzz-build build
	PARKGRID=$(PARKGRID) bash tests/fuzz/run_fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

test-fuzz: fuzz-build build
	PARKGRID=$(PARKGRID) bash tests/fuzz/run_fuzz.sh $(FUZZ_BUILD) $(FUZZ_CI_SECONDS) $(FUZZ_CI_TARGETS)

# The CLI end to end under valgrind: leaks, invalid accesses, uninitialised values.
test-leaks: build
	bash tests/cli/run_leak_tests.sh $(PARKGRID) .

test: test-release test-sanitize test-python test-web test-fuzz test-leaks format-check

demo: build
	BUILD=$(BUILD) bash scripts/demo.sh

demo-microgrid: build
	$(PARKGRID) run examples/microgrid/scenario.toml -o out/microgrid

bench: .venv/highs_prefix
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DPARKGRID_BUILD_BENCH=ON -DPARKGRID_HIGHS_PREFIX="$(HIGHS_PREFIX)"
	ninja -C $(BUILD) -j $(JOBS) parkgrid_bench
	$(BUILD)/bench/parkgrid_bench --benchmark_filter=-BM_Solve --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

FORMAT_FILES = $(shell git ls-files '*.cpp' '*.hpp' '*.h')
format:
	clang-format -i $(FORMAT_FILES)

format-check:
	clang-format --dry-run -Werror $(FORMAT_FILES)

clean:
	rm -rf $(BUILD) $(SAN_BUILD) $(FUZZ_BUILD) build-fuzz out
