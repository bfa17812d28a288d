#!/usr/bin/env bash
# Fuzz what incident-bot reads from Slack, with libFuzzer:
#   fuzz/run.sh [target] [seconds] [runs]   targets: command_parser (default),
#       envelope, alertmanager_webhook, view_submission, report_export,
#       json_skim; stops
#       after `seconds` (60) or `runs` executions (unlimited), whichever first
# command_parser: any bytes as the text after /incident, through the parser and
# the renderers it feeds. envelope: any bytes as a Socket Mode frame, through
# frame decoding and the slash-command / block_actions / reaction and pin
# payload parsers.
# alertmanager_webhook: any bytes as a POST /alertmanager body, through the
# webhook parser, the per-group plan and the alert messages' renderers.
# view_submission: any bytes as the declare form's and the update form's
# view.state.values.
# json_skim: any bytes as a Web API answer read without its echoed message
# (and without a member further down), against a full parse.
# report_export: any bytes as the text people typed into an incident, written
# as keys and values by the export's JSON and YAML writers, which must read
# back to the same text.
# Needs Debian's clang and libclang-rt-14-dev (scripts/setup.sh --fuzz installs
# them). Builds into fuzz/build/ (ignored), keeps the corpus in
# fuzz/corpus/<target>/ and crash inputs in fuzz/artifacts/.
set -euo pipefail
target="${1:-command_parser}"
libs=()
# core/ without the Asio implementation unit (no I/O in a fuzz target).
core_sources=()
for f in "$(cd "$(dirname "$0")/.." && pwd)"/core/*.cpp; do
  [[ "$f" == */asio_impl.cpp ]] || core_sources+=("$f")
done
seconds="${2:-60}"
runs="${3:--1}"
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/fuzz/build"
corpus="$root/fuzz/corpus/$target"
mkdir -p "$out" "$corpus" "$root/fuzz/artifacts"
CXX="${CXX:-clang++}"

case "$target" in
  command_parser)
    sources=("$root"/commands/*.cpp "$root"/messages/*.cpp "$root"/alerts/*.cpp
             "${core_sources[@]}")
    seeds=("SEV1 Payment processing down" "declare P0 <!channel> &lt;b&gt; <@U1|bob>"
           "role ic <@U123|bob>" "update status: a | impact: b | actions: c" "note 🔥"
           "postmortem done <https://x.io|pm>" "severity sev-2" "resolve fixed"
           "note paged <@U1> and <@W2|ann>" "rename Card declines &amp; <@U3>") ;;
  envelope)
    sources=("$root"/slack/envelope.cpp "$root"/slack/payloads.cpp "$root"/core/clock.cpp)
    seeds=('{"type":"hello","num_connections":1,"debug_info":{"approximate_connection_time":18060}}'
           '{"type":"disconnect","reason":"refresh_requested"}'
           '{"envelope_id":"e1","type":"slash_commands","accepts_response_payload":true,"payload":{"command":"/incident","text":"SEV1 x","user_id":"U1","channel_id":"C1","response_url":"https://hooks.slack.com/commands/1"}}'
           '{"envelope_id":"e2","type":"interactive","payload":{"type":"block_actions","user":{"id":"U1"},"channel":{"id":"C1"},"container":{"message_ts":"1.2"},"actions":[{"action_id":"incident.take_role","value":"1:ic"}]}}'
           '{"envelope_id":"e3","type":"events_api","retry_attempt":1,"retry_reason":"timeout","payload":{"event_id":"Ev1","event":{"type":"app_mention"}}}'
           '{"envelope_id":"e4","type":"events_api","payload":{"type":"event_callback","event_id":"Ev2","event":{"type":"reaction_added","user":"U1","reaction":"pushpin","item_user":"U2","item":{"type":"message","channel":"C1","ts":"1795424400.000200"}}}}'
           '{"envelope_id":"e5","type":"events_api","payload":{"type":"event_callback","event_id":"Ev3","event":{"type":"pin_added","user":"U1","channel_id":"C1","item":{"type":"message","channel":"C1","message":{"ts":"1795424400.000300","user":"U3","text":"hi","permalink":"https://x.slack.com/archives/C1/p1795424400000300"}}}}}') ;;
  alertmanager_webhook)
    sources=("$root"/alerts/*.cpp "$root"/messages/*.cpp "${core_sources[@]}")
    seeds=('{"receiver":"bot","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"DiskFull","instance":"a","severity":"critical"},"annotations":{"summary":"disk 95%"},"startsAt":"2026-12-02T12:23:23.303856128Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prom/graph","fingerprint":"4000d391c0878550"}],"groupLabels":{"alertname":"DiskFull"},"commonLabels":{"alertname":"DiskFull"},"commonAnnotations":{},"externalURL":"http://am:9093","version":"4","groupKey":"{}:{alertname=\"DiskFull\"}","truncatedAlerts":0}'
           '{"version":"4","groupKey":"k","status":"resolved","alerts":[{"status":"resolved","labels":{},"fingerprint":"f","startsAt":"2026-12-02T13:23:23+01:00"}]}') ;;
  view_submission)
    sources=("$root"/commands/*.cpp "$root"/messages/*.cpp "$root"/alerts/*.cpp
             "${core_sources[@]}")
    seeds=('{"declare.severity":{"value":{"type":"static_select","selected_option":{"value":"SEV1"}}},"declare.title":{"value":{"type":"plain_text_input","value":"Payment processing down"}},"declare.description":{"value":{"type":"plain_text_input","value":null}}}'
           '{"declare.severity":{"value":{"type":"static_select","selected_option":null}},"declare.title":{"value":{"type":"plain_text_input","value":"   "}}}'
           '{"update.status":{"value":{"type":"plain_text_input","value":"Rolled back | impact: none"}},"update.impact":{"value":{"type":"plain_text_input","value":"EU\ncheckout"}},"update.actions":{"value":{"value":null}}}'
           '[]') ;;
  report_export)
    sources=("$root"/reports/json_writer.cpp "$root"/reports/yaml_writer.cpp
             "$root"/messages/utf8.cpp)
    libs=(-lyaml-cpp)
    seeds=($'Payment processing down\x1eusers: 15000\x1erolled back: #2 "fast"\x1e- [ ] fix\x1e$45000\x1ealice'
           $'true\x1e14:15\x1e~\x1e: x\x1e0x1F\x1e\u2028'
           $'\t\x1e\n\x1e  a  \x1e#b\x1e{[,]}\x1e\xef\xbb\xbf') ;;
  json_skim)
    sources=("$root"/slack/json_skim.cpp)
    seeds=('{"ok":true,"channel":"C1","ts":"1.000100","message":{"text":"hi","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"a \"}\" ]"}}]}}'
           '{"ok":false,"error":"ratelimited","response_metadata":{"messages":["x"]}}'
           ' { "message" : [1, {"a":"\\"}] , "ts": "2" } '
           '{"envelope_id":"e2","type":"interactive","payload":{"type":"block_actions","message":{"ts":"1.2","blocks":[{"type":"actions","elements":[{"value":"]}"}]}]},"actions":[{"action_id":"a"}]}}') ;;
  *) echo "fuzz/run.sh: unknown target $target (command_parser, envelope, alertmanager_webhook, view_submission, report_export, json_skim)" >&2; exit 2 ;;
esac

"$CXX" -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I"$root" "$root/fuzz/${target}_fuzz.cpp" "${sources[@]}" "${libs[@]}" -o "$out/${target}_fuzz"
for i in "${!seeds[@]}"; do printf '%s' "${seeds[$i]}" > "$corpus/seed-$i"; done

"$out/${target}_fuzz" -max_total_time="$seconds" -runs="$runs" -max_len=8192 -print_final_stats=1 \
  -artifact_prefix="$root/fuzz/artifacts/" "$corpus"
