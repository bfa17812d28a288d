#!/bin/sh
# CTest entry for the conformance run: installs the pinned SDKs with `npm ci`
# into a work folder in the build tree (the source tree stays clean), then
# runs conformance.js against the slack-emulator at $SLACK_EMULATOR.
#   run.sh <work-dir>
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=${1:?usage: run.sh <work-dir>}
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "conformance: node and npm are required (Debian: apt-get install nodejs npm);" \
         "the project's setup script installs them" >&2
    exit 1
fi
: "${SLACK_EMULATOR:?set SLACK_EMULATOR to the slack-emulator executable}"
# A node older than the lockfile's engines gets one clear line per package
# (found, needed, how to get it), not a stack trace from deep inside an SDK.
node "$here/check-engines.js" "$here/package-lock.json"
mkdir -p "$work"
cp "$here/package.json" "$here/package-lock.json" "$here/conformance.js" "$work/"
cd "$work"
npm ci --no-audit --no-fund --prefer-offline --loglevel=error
exec node conformance.js
