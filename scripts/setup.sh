#!/usr/bin/env bash
# Idempotent installation of everything parkgrid needs to build, test and run.
# Sources: Debian packages (apt-get) and PyPI (pip, into the project's .venv). Nothing else.
# Re-running is cheap: each step checks first and only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

HIGHS_VERSION="1.15.1" # highsbox (C/C++ library) pinned to one HiGHS release
PVLIB_VERSION="0.16.1" # reference implementation for weather cross-checks (tests only)
# Python package and PyPSA cross-check (python/, tests/python/test_pypsa_*.py, bench/compare_pypsa.py):
# highspy is the same HiGHS release as highsbox, so both tools solve with the same code.
PYPSA_VERSION="1.4.0"
PYBIND11_VERSION="3.1.0"
SKBUILD_VERSION="1.1.2"

APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache # ccache: build trees share unchanged objects
  libcli11-dev libtomlplusplus-dev libfmt-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-format
  clang libclang-rt-14-dev valgrind # libFuzzer targets and the leak run (docs/reliability.md)
  python3-venv
  libcpp-httplib-dev # the HTTP server of `parkgrid serve` (src/server/)
  chromium fonts-noto-cjk # browser tests of the web UI (web/tests/), Chinese glyphs in screenshots
)

log() { printf '[setup] %s\n' "$*"; }

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  log "creating .venv"
  python3 -m venv .venv
fi
want_py() { # name version
  .venv/bin/python -c "import importlib.metadata as m,sys; sys.exit(0 if m.version('$1')=='$2' else 1)" 2>/dev/null
}
pip_pkgs=()
want_py highsbox "$HIGHS_VERSION" || pip_pkgs+=("highsbox==$HIGHS_VERSION")
# HiPO (solver "hipo"): libhighs_extras.so (AMD, METIS, RCM, BLAS) of the same HiGHS release.
want_py highspy-extras "$HIGHS_VERSION" || pip_pkgs+=("highspy-extras==$HIGHS_VERSION")
want_py pvlib "$PVLIB_VERSION" || pip_pkgs+=("pvlib==$PVLIB_VERSION")
want_py pytest "9.0.2" || pip_pkgs+=("pytest==9.0.2")
want_py highspy "$HIGHS_VERSION" || pip_pkgs+=("highspy==$HIGHS_VERSION")
want_py pypsa "$PYPSA_VERSION" || pip_pkgs+=("pypsa==$PYPSA_VERSION")
want_py pybind11 "$PYBIND11_VERSION" || pip_pkgs+=("pybind11==$PYBIND11_VERSION")
want_py scikit-build-core "$SKBUILD_VERSION" || pip_pkgs+=("scikit-build-core==$SKBUILD_VERSION")
# Sweeps (python/parkgrid/sweep.py, docs/sweep.md): SALib and scipy sample the designs, Dask
# distributed runs the samples on a LocalCluster or an existing scheduler, tomli-w writes the
# scenario of each sample.
want_py SALib "1.6.0" || pip_pkgs+=("SALib==1.6.0")
want_py scipy "1.17.1" || pip_pkgs+=("scipy==1.17.1")
want_py dask "2026.8.0" || pip_pkgs+=("dask==2026.8.0")
want_py distributed "2026.8.0" || pip_pkgs+=("distributed==2026.8.0")
want_py tomli_w "1.2.0" || pip_pkgs+=("tomli-w==1.2.0")
if ((${#pip_pkgs[@]})); then
  log "installing into .venv: ${pip_pkgs[*]}"
  .venv/bin/python -m pip install -q --disable-pip-version-check "${pip_pkgs[@]}"
fi
# highsbox's CMake config (highs-targets-release.cmake) names lib64/libhighs.so while the wheel
# ships lib/libhighs.so; a lib64 -> lib link inside the install tree makes find_package(highs) work.
HIGHS_DIST="$(.venv/bin/python -c 'import highsbox,os;print(os.path.join(os.path.dirname(highsbox.__file__),"highs_dist"))')"
if [ ! -e "$HIGHS_DIST/lib64" ]; then
  ln -s lib "$HIGHS_DIST/lib64"
fi
# libhighs loads libhighs_extras.so on first use with dlopen("libhighs_extras.so") (HiGHS
# 1.15.1, highs/HighsExternalApi.cpp and util/HighsDynamicLibrary.cpp: the bare file name). A bare
# name is searched in the RPATH of the library that calls dlopen, and libhighs.so carries
# RPATH=$ORIGIN: a link beside libhighs.so is found by every program that loads this libhighs (the
# parkgrid binary, the tests, the Python module), with no environment variable and whatever the
# program's own RUNPATH. A relative link follows highspy-extras when pip upgrades it.
EXTRAS_SO="$(.venv/bin/python -c 'import highspy_extras,os;print(os.path.join(os.path.dirname(highspy_extras.__file__),"libhighs_extras.so"))')"
[ -f "$EXTRAS_SO" ] || { log "highspy-extras has no libhighs_extras.so at $EXTRAS_SO"; exit 1; }
if [ "$(readlink -f "$HIGHS_DIST/lib/libhighs_extras.so" 2>/dev/null)" != "$(readlink -f "$EXTRAS_SO")" ]; then
  ln -sfn "$(realpath --relative-to="$HIGHS_DIST/lib" "$EXTRAS_SO")" "$HIGHS_DIST/lib/libhighs_extras.so"
fi
printf '%s\n' "$HIGHS_DIST" > .venv/highs_prefix

# The web UI (web/): Node.js 20.19 or newer (Vite 8) with npm, as on the project's machines; its
# packages are pinned in web/package-lock.json and installed with npm ci when the lock changed.
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)' 2>/dev/null; then
  log "Node.js 20.19 or newer is needed for the web UI (web/); found: $(node --version 2>/dev/null || echo none)"
  exit 1
fi
if [ ! -f web/node_modules/.package-lock.json ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  log "installing the web UI's npm packages (npm ci in web/)"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
log "ok (HiGHS $HIGHS_VERSION at $HIGHS_DIST)"
