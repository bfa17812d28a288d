#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "sandbox/controls.hpp"

using nlohmann::json;

namespace {

const json kOpening = json::parse(R"([
  {"type":"header","text":{"type":"plain_text","text":"SEV1 · Payment processing down"}},
  {"type":"section","block_id":"role.ic","text":{"type":"mrkdwn","text":"*Incident Commander*: nobody"},
   "accessory":{"type":"button","action_id":"incident.take_role.ic","text":{"type":"plain_text","text":"I’ll be IC"}}},
  {"type":"section","block_id":"role.tech","text":{"type":"mrkdwn","text":"*Tech Lead*: nobody"}},
  {"type":"actions","block_id":"assign.tech","elements":[
    {"type":"button","action_id":"incident.take_role.tech","text":{"type":"plain_text","text":"I'll be Tech Lead"}},
    {"type":"users_select","action_id":"incident.assign_role.tech",
     "placeholder":{"type":"plain_text","text":"Assign someone…"}}]},
  {"type":"section","text":{"type":"mrkdwn","text":"*Incident Commander*"}},
  {"type":"actions","elements":[
    {"type":"users_select","action_id":"incident.assign_role.1",
     "placeholder":{"type":"plain_text","text":"Assign someone…"}}]}
])");

const json kLater = json::parse(R"([
  {"type":"actions","elements":[
    {"type":"button","action_id":"reminder.snooze","text":{"type":"plain_text","text":"Snooze"}},
    {"type":"button","action_id":"reminder.ic","text":{"type":"plain_text","text":"I'll be IC now"}}]}
])");

std::vector<sandbox::MessageBlocks> channel() {
    return {{"100.000001", kOpening}, {"100.000002", json::array()}, {"100.000003", kLater}};
}

}  // namespace

TEST_CASE("click finds the exact label in the newest message that has it, any case or apostrophe") {
    const auto ic = sandbox::find_button(channel(), "i'll be ic");
    REQUIRE(ic);
    CHECK(ic->message_ts == "100.000001");
    CHECK(ic->action_id == "incident.take_role.ic");
    CHECK(ic->label == "I’ll be IC");
    CHECK(ic->block_id == "role.ic");
}

TEST_CASE("click falls back to a partial label, newest message first") {
    const auto snooze = sandbox::find_button(channel(), "snoo");
    REQUIRE(snooze);
    CHECK(snooze->message_ts == "100.000003");
    const auto tech = sandbox::find_button(channel(), "tech lead");
    REQUIRE(tech);
    CHECK(tech->action_id == "incident.take_role.tech");
    CHECK_FALSE(sandbox::find_button(channel(), "Deploy"));
    CHECK_FALSE(sandbox::find_button(channel(), "  "));
}

TEST_CASE("pick finds a user picker by role, even when the role is named in the section above") {
    const auto tech = sandbox::find_user_picker(channel(), "tech");
    REQUIRE(tech);
    CHECK(tech->action_id == "incident.assign_role.tech");
    CHECK(tech->message_ts == "100.000001");
    const auto ic = sandbox::find_user_picker(channel(), "IC");
    REQUIRE(ic);
    CHECK(ic->action_id == "incident.assign_role.1");
    CHECK(sandbox::find_user_picker(channel(), "Incident Commander")->action_id ==
          "incident.assign_role.1");
    CHECK_FALSE(sandbox::find_user_picker(channel(), "scribe"));
}

TEST_CASE("an unknown label gets a hint listing the buttons of the latest message") {
    CHECK(sandbox::latest_button_labels(channel()) ==
          std::vector<std::string>{"Snooze", "I'll be IC now"});
    CHECK(sandbox::latest_button_labels({}).empty());
}
