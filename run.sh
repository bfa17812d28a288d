#!/usr/bin/env bash
# Sets up, builds and runs incident-bot. With Slack tokens (environment or
# .env) it connects to your workspace; without them it opens the sandbox, an
# emulated Slack workspace in this terminal. Extra arguments go to the bot.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh >&2
has_tokens() {
  [[ -n "${SLACK_APP_TOKEN:-}" ]] && return 0
  [[ -f .env ]] && grep -qE '^[[:space:]]*(export[[:space:]]+)?SLACK_APP_TOKEN=["'\'']?xapp-' .env
}
if [[ $# -eq 0 ]] && ! has_tokens; then
  echo "No SLACK_APP_TOKEN configured: starting the sandbox (an emulated Slack workspace)." >&2
  exec build/incident-bot --sandbox
fi
exec build/incident-bot "$@"
