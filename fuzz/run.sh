#!/usr/bin/env bash
# Fuzz the /incident command parser (and the renderers it feeds) with libFuzzer.
#   fuzz/run.sh [seconds]        default 60
# Needs Debian's clang and libclang-rt-14-dev. Builds into fuzz/build/ (ignored),
# keeps the corpus in fuzz/corpus/ and crash inputs in fuzz/artifacts/.
set -euo pipefail
seconds="${1:-60}"
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/fuzz/build"
mkdir -p "$out" "$root/fuzz/corpus" "$root/fuzz/artifacts"
CXX="${CXX:-clang++}"

sources=(
  "$root"/fuzz/command_parser_fuzz.cpp
  "$root"/commands/*.cpp
  "$root"/messages/*.cpp
  "$root"/core/clock.cpp "$root"/core/incident.cpp "$root"/core/severity.cpp
  "$root"/core/duration.cpp
)
"$CXX" -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I"$root" "${sources[@]}" -o "$out/command_parser_fuzz"

# A few real commands to start from.
seeds=("SEV1 Payment processing down" "declare P0 <!channel> &lt;b&gt; <@U1|bob>"
       "role ic <@U123|bob>" "update status: a | impact: b | actions: c" "note 🔥"
       "postmortem done <https://x.io|pm>" "severity sev-2" "resolve fixed")
for i in "${!seeds[@]}"; do printf '%s' "${seeds[$i]}" > "$root/fuzz/corpus/seed-$i"; done

"$out/command_parser_fuzz" -max_total_time="$seconds" -max_len=8192 -print_final_stats=1 \
  -artifact_prefix="$root/fuzz/artifacts/" "$root/fuzz/corpus"
