#!/usr/bin/env bash
# Installs what incident-bot needs on Debian 12 (idempotent: quick when all is
# there), then configures and builds into ./build.
#   scripts/setup.sh           libraries + build
#   scripts/setup.sh --tests   also what the tests need (PostgreSQL 15, node/npm for the
#                              conformance run with Slack's own Node clients,
#                              promtool, Alertmanager, Chromium for the dashboard's
#                              browser test)
#   scripts/setup.sh --fuzz    also clang and libFuzzer's runtime (fuzz/run.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake make pkg-config nlohmann-json3-dev libsqlitecpp-dev libsqlite3-dev
          libspdlog-dev doctest-dev libboost-dev libssl-dev libyaml-cpp-dev ca-certificates
          prometheus-cpp-dev libpqxx-dev)
if [[ "${1:-}" == "--fuzz" ]]; then
  packages+=(clang libclang-rt-14-dev)
fi
if [[ "${1:-}" == "--tests" ]]; then
  # promtool (package prometheus) checks /metrics; the Alertmanager test runs its own
  # prometheus-alertmanager on loopback, never a system-wide service.
  # postgresql: the tests start throwaway PostgreSQL 15 servers of their own
  # (tests/support/postgres_server.hpp), never the system-wide cluster.
  # chromium: tests/e2e_browser_test.cpp loads the dashboard headless (--headless=new).
  packages+=(openssl prometheus prometheus-alertmanager postgresql chromium)
  command -v node >/dev/null 2>&1 || packages+=(nodejs)
  command -v npm >/dev/null 2>&1 || packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node/npm may come from outside Debian (nodesource, nvm): a working binary is enough.
if (( ${#missing[@]} )); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

jobs=$(nproc 2>/dev/null || echo 2)
# Configured only once it has a Makefile: a configure that stopped part way
# (a package missing then) leaves a cache without one.
if [[ ! -f build/Makefile ]]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
# Running the bot needs the bot; the tests need everything.
targets=(--target incident-bot)
if [[ "${1:-}" == "--tests" ]]; then targets=(); fi
if [[ ! -x build/incident-bot || "${1:-}" == "--tests" ]]; then
  echo "setup: building into build/ (the first build takes a few minutes)" >&2
fi
set +e
cmake --build build -j"$jobs" "${targets[@]}" 2>&1 | grep -vE '^\[ *[0-9]+%\]|^-- |^gmake'
status=${PIPESTATUS[0]}
set -e
if (( status != 0 )); then echo "setup: the build failed (see above)" >&2; exit 1; fi
