#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite (unit, emulator, transport,
# end-to-end against the real binary, and the conformance run with Slack's
# official Node clients).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh --tests
cd build
ctest --output-on-failure -j"$(nproc 2>/dev/null || echo 2)" "$@"
