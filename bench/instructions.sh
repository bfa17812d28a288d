#!/usr/bin/env bash
# The bot's own CPU work per Slack envelope, counted in instructions by
# valgrind's callgrind while build/transport_bench drives it slowly (10
# commands a second, so that the bot under valgrind, some 50 times slower,
# keeps up). Milliseconds on a shared 2-core machine move with its load and
# with the measuring side's CPU; an instruction count of the same binary and
# workload moves by a few per cent at most, so two builds can be compared
# one run each. The count covers the bot's whole life, start-up included.
#
#   bench/instructions.sh [build-dir] [profile-out]
#
# profile-out keeps callgrind's profile for callgrind_annotate (where the
# instructions go, function by function).
set -euo pipefail
build=${1:-build}
keep=${2:-}
for tool in valgrind objcopy; do
  command -v "$tool" >/dev/null ||
    { echo "instructions.sh needs $tool: sudo apt-get install valgrind binutils" >&2; exit 2; }
done
[[ -x "$build/incident-bot" && -x "$build/transport_bench" ]] ||
  { echo "build incident-bot and transport_bench into $build first" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# valgrind 3.19 gives up on the build's debug information (split DWARF 5):
# a copy without it is profiled, its symbols kept.
objcopy --strip-debug "$build/incident-bot" "$tmp/incident-bot"
cat >"$tmp/bot" <<WRAPPER
#!/bin/sh
exec valgrind --tool=callgrind --callgrind-out-file="$tmp/callgrind.out" "$tmp/incident-bot" "\$@" 2>>"$tmp/valgrind.log"
WRAPPER
chmod +x "$tmp/bot"
"$build/transport_bench" --bot "$tmp/bot" --runs 1 --warmup 20 --paced 300 --rate 10 \
  --small-burst 5 --burst 10 --reconnects 1 >"$tmp/bench.txt" 2>&1 ||
  { cat "$tmp/bench.txt" "$tmp/valgrind.log" >&2; exit 1; }
instructions=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$tmp/valgrind.log")
envelopes=$(sed -n 's/.*envelopes sent \([0-9]*\), acked.*/\1/p' "$tmp/bench.txt" | head -1)
calls=$(sed -n 's/.* \([0-9]*\) Web API calls.*/\1/p' "$tmp/bench.txt" | head -1)
[[ -n "$instructions" && -n "$envelopes" && "$envelopes" -gt 0 ]] ||
  { echo "no count: see the bench's output" >&2; cat "$tmp/bench.txt" >&2; exit 1; }
[[ -n "$keep" ]] && cp "$tmp/callgrind.out" "$keep"
echo "instructions bench: $build/incident-bot ($(git rev-parse --short HEAD 2>/dev/null || echo '?')), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "  envelopes ${envelopes} (20 declares, 60 status, 300 mixed commands, bursts, reconnects), Web API calls ${calls}"
echo "  instructions ${instructions}, per envelope $((instructions / envelopes))"
