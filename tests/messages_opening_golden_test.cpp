#include <doctest/doctest.h>

#include <chrono>

#include <nlohmann/json.hpp>

#include "messages/opening_message.hpp"
#include "tests/support/block_kit_limits.hpp"

using namespace std::chrono_literals;

// The pinned opening message, byte for byte: what Slack receives for an
// acknowledged SEV1 with an IC, updates every 15 minutes.
TEST_CASE("the opening message of an acknowledged SEV1 matches the golden JSON") {
    core::Incident incident;
    incident.id = 42;
    incident.year = 2026;
    incident.number = 1;
    incident.title = "Payment processing down";
    incident.declared_by = "U0DECLARER";
    incident.channel_id = "C0INCIDENT";
    incident.declared_at = core::from_unix_seconds(1795337400);  // 2026-11-22 08:50 UTC
    incident.state = core::IncidentState::Acknowledged;
    incident.roles[core::index(core::Role::Commander)] = "U0ALICE";

    const auto message = messages::opening_message(incident, {15min, incident.declared_at + 15min});

    const auto golden = nlohmann::json::parse(R"json(
{"text": "INC-2026-001 Payment processing down · SEV1 · Acknowledged",
 "blocks": [
  {"text": {"emoji": true, "text": "INC-2026-001 · Payment processing down", "type": "plain_text"}, "type": "header"},
  {"fields": [{"text": "*Severity*\nSEV1 (critical)", "type": "mrkdwn"}, {"text": "*State*\nAcknowledged", "type": "mrkdwn"}, {"text": "*Declared by*\n<@U0DECLARER>", "type": "mrkdwn"}, {"text": "*Declared at*\n<!date^1795337400^{date_short} {time}|2026-11-22 08:50 UTC>", "type": "mrkdwn"}, {"text": "*Status updates*\nevery 15 min", "type": "mrkdwn"}, {"text": "*Next update due*\n<!date^1795338300^{time}|09:05 UTC>", "type": "mrkdwn"}], "type": "section"},
  {"type": "divider"},
  {"block_id": "incident.role_holder:ic", "text": {"text": "*Incident Commander*\n<@U0ALICE>", "type": "mrkdwn"}, "type": "section"},
  {"block_id": "incident.role:42:ic", "elements": [{"action_id": "incident.take_role", "text": {"emoji": true, "text": "I'll be IC", "type": "plain_text"}, "type": "button", "value": "42:ic"}, {"action_id": "incident.assign_role", "placeholder": {"emoji": true, "text": "Assign someone…", "type": "plain_text"}, "type": "users_select"}], "type": "actions"},
  {"block_id": "incident.role_holder:tech", "text": {"text": "*Tech Lead*\n_unassigned_", "type": "mrkdwn"}, "type": "section"},
  {"block_id": "incident.role:42:tech", "elements": [{"action_id": "incident.take_role", "text": {"emoji": true, "text": "I'll be Tech Lead", "type": "plain_text"}, "type": "button", "value": "42:tech"}, {"action_id": "incident.assign_role", "placeholder": {"emoji": true, "text": "Assign someone…", "type": "plain_text"}, "type": "users_select"}], "type": "actions"},
  {"block_id": "incident.role_holder:comms", "text": {"text": "*Comms Lead*\n_unassigned_", "type": "mrkdwn"}, "type": "section"},
  {"block_id": "incident.role:42:comms", "elements": [{"action_id": "incident.take_role", "text": {"emoji": true, "text": "I'll be Comms Lead", "type": "plain_text"}, "type": "button", "value": "42:comms"}, {"action_id": "incident.assign_role", "placeholder": {"emoji": true, "text": "Assign someone…", "type": "plain_text"}, "type": "users_select"}], "type": "actions"},
  {"block_id": "incident.role_holder:scribe", "text": {"text": "*Scribe*\n_unassigned_", "type": "mrkdwn"}, "type": "section"},
  {"block_id": "incident.role:42:scribe", "elements": [{"action_id": "incident.take_role", "text": {"emoji": true, "text": "I'll be Scribe", "type": "plain_text"}, "type": "button", "value": "42:scribe"}, {"action_id": "incident.assign_role", "placeholder": {"emoji": true, "text": "Assign someone…", "type": "plain_text"}, "type": "users_select"}], "type": "actions"},
  {"block_id": "incident.controls:42", "elements": [{"action_id": "incident.update_form", "style": "primary", "text": {"emoji": true, "text": "Post an update", "type": "plain_text"}, "type": "button", "value": "42"}], "type": "actions"},
  {"elements": [{"text": "Or `/incident update &lt;text&gt;`; everything else: `/incident help`.", "type": "mrkdwn"}], "type": "context"}
]}
)json");
    const auto actual = messages::to_json(message);
    INFO(actual.dump(2));
    CHECK(actual == golden);
    CHECK(test_support::block_kit_violations(actual).empty());
}
