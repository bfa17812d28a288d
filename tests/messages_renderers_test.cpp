#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/escalation.hpp"
#include "core/incident.hpp"
#include "messages/action_ids.hpp"
#include "messages/announcements.hpp"
#include "messages/channel_topic.hpp"
#include "messages/nudges.hpp"
#include "messages/opening_message.hpp"
#include "messages/replies.hpp"
#include "messages/timeline_reply.hpp"
#include "messages/utf8.hpp"
#include "tests/support/block_kit_limits.hpp"

using namespace std::chrono_literals;

namespace {

const core::TimePoint kDeclaredAt = core::from_unix_seconds(1795337400);  // 2026-11-22 08:50 UTC

core::Incident seed_incident() {
    core::Incident i;
    i.id = 42;
    i.year = 2026;
    i.number = 1;
    i.title = "Payment processing down";
    i.severity = core::Severity::Sev1;
    i.state = core::IncidentState::Declared;
    i.declared_by = "U0DECLARER";
    i.channel_id = "C0INCIDENT";
    i.declared_at = kDeclaredAt;
    return i;
}

const messages::UpdateSchedule kEvery15{15min, kDeclaredAt + 15min};

std::string all_text(const messages::SlackMessage& m) {
    return m.text + "\n" + m.blocks.dump();
}

std::vector<nlohmann::json> find_blocks(const nlohmann::json& blocks, const std::string& type) {
    std::vector<nlohmann::json> out;
    for (const auto& b : blocks)
        if (b.at("type") == type) out.push_back(b);
    return out;
}

// Everything Slack parses for mentions: the fallback and every mrkdwn text
// object (plain_text, e.g. the header, is shown as typed and never pings).
void collect_mrkdwn(const nlohmann::json& j, std::string& out) {
    if (j.is_object()) {
        if (j.value("type", "") == "mrkdwn") out += j.at("text").get<std::string>() + "\n";
        for (const auto& [key, value] : j.items()) collect_mrkdwn(value, out);
    } else if (j.is_array()) {
        for (const auto& value : j) collect_mrkdwn(value, out);
    }
}

std::string pingable_text(const messages::SlackMessage& m) {
    std::string out = m.text + "\n";
    collect_mrkdwn(m.blocks, out);
    return out;
}

void check_valid(const messages::SlackMessage& m) {
    const auto problems = test_support::block_kit_violations(messages::to_json(m));
    for (const auto& p : problems) INFO(p);
    CHECK(problems.empty());
    CHECK_FALSE(m.text.empty());
}

}  // namespace

TEST_CASE("the opening message has a take button and an assign picker for every role") {
    const auto m = messages::opening_message(seed_incident(), kEvery15);
    check_valid(m);
    const auto actions = find_blocks(m.blocks, "actions");
    REQUIRE(actions.size() == 5);  // one per role, then "Post an update"
    const auto& post = actions[4].at("elements");
    REQUIRE(post.size() == 1);
    CHECK(post[0].at("text").at("text") == "Post an update");
    CHECK(post[0].at("action_id") == messages::action_ids::kOpenUpdateForm);
    CHECK(post[0].at("value") == "42");
    const std::vector<std::string> labels{"I'll be IC", "I'll be Tech Lead", "I'll be Comms Lead",
                                          "I'll be Scribe"};
    for (std::size_t i = 0; i < 4; ++i) {
        const auto& elements = actions[i].at("elements");
        CHECK(elements[0].at("text").at("text") == labels[i]);
        CHECK(elements[0].at("action_id") == messages::action_ids::kTakeRole);
        const auto target =
            messages::action_ids::decode_role_target(elements[0].at("value").get<std::string>());
        REQUIRE(target);
        CHECK(target->incident_id == 42);
        CHECK(target->role == core::kAllRoles[i]);
        CHECK(elements[1].at("type") == "users_select");
        CHECK(elements[1].at("action_id") == messages::action_ids::kAssignRole);
        CHECK(elements[1].at("placeholder").at("text") == "Assign someone…");
        CHECK(messages::action_ids::decode_role_block_id(
                  actions[i].at("block_id").get<std::string>()) == target);
    }
    CHECK(m.blocks[0].at("text").at("text") == "INC-2026-001 · Payment processing down");
    CHECK(all_text(m).find("<!date^1795338300^{time}|09:05 UTC>") != std::string::npos);
}

TEST_CASE(
    "the opening message shows role holders and, once resolved, no buttons but the resolution") {
    auto incident = seed_incident();
    incident.roles[core::index(core::Role::Commander)] = "U0ALICE";
    auto m = messages::opening_message(incident, kEvery15);
    CHECK(m.blocks.dump().find("*Incident Commander*\\n<@U0ALICE>") != std::string::npos);
    CHECK(m.blocks.dump().find("*Tech Lead*\\n_unassigned_") != std::string::npos);

    incident.state = core::IncidentState::Resolved;
    incident.resolved_at = kDeclaredAt + 2h;
    incident.resolution = "Rolled back <!channel>";
    incident.postmortem_due_at = kDeclaredAt + 26h;
    m = messages::opening_message(incident, {});
    check_valid(m);
    CHECK(find_blocks(m.blocks, "actions").empty());
    CHECK(m.blocks.dump().find("Rolled back &lt;!channel&gt;") != std::string::npos);
    CHECK(m.blocks.dump().find("Post-mortem due") != std::string::npos);
    CHECK(m.blocks.dump().find("Next update due") == std::string::npos);
}

TEST_CASE("a title made of mentions cannot ping from any message") {
    auto incident = seed_incident();
    incident.title = "<!channel> <!here> <@U0BOSS> <!subteam^S0ALL> & co";
    incident.resolution = "<!everyone>";
    const auto now = kDeclaredAt + 20min;
    const std::vector<messages::SlackMessage> rendered{
        messages::opening_message(incident, kEvery15),
        messages::status_update(incident, {"<!channel>", "<@U0X>", ""}, "U0DECLARER", kEvery15,
                                now),
        messages::note_added(incident, "<!here> look", "U0DECLARER"),
        messages::resolved(incident, "U0DECLARER"),
        messages::update_reminder(incident, kEvery15, now),
        messages::escalation(incident, 1, {"U0ONCALL"}, 5min),
        messages::postmortem_reminder(incident, now),
        messages::list_reply(std::vector{incident}, now),
        messages::status_reply(incident, kEvery15, now),
        messages::declaring_reply(incident),
        messages::error_reply("Unknown command `<!channel>`"),
    };
    for (const auto& m : rendered) {
        const std::string text = pingable_text(m);
        INFO(text);
        CHECK(text.find("&lt;!") != std::string::npos);  // shown, as typed
        CHECK(text.find("<!channel>") == std::string::npos);
        CHECK(text.find("<!here>") == std::string::npos);
        CHECK(text.find("<!everyone>") == std::string::npos);
        CHECK(text.find("<@U0BOSS>") == std::string::npos);
        CHECK(text.find("<!subteam^S0ALL>") == std::string::npos);
        check_valid(m);
    }
    CHECK(messages::channel_topic(incident).find("<!channel>") == std::string::npos);
}

TEST_CASE("the topic shows severity, state and IC and stays within 250 characters") {
    auto incident = seed_incident();
    incident.state = core::IncidentState::Acknowledged;
    incident.roles[0] = "U1";
    CHECK(messages::channel_topic(incident) ==
          "SEV1 · Acknowledged · IC: <@U1> · INC-2026-001 Payment processing down");
    incident.roles[0].clear();
    CHECK(messages::channel_topic(incident).find("IC: nobody yet") != std::string::npos);

    incident.title = std::string(149, '&') + "🔥";
    const std::string topic = messages::channel_topic(incident);
    CHECK(messages::code_points(topic) <= messages::kMaxTopic);
    CHECK(topic.ends_with("&amp;…"));
}

TEST_CASE("role announcements name the new holder and a hand-over names both") {
    const auto incident = seed_incident();
    auto m = messages::role_assigned(incident, core::Role::TechLead, "U2", "", "U2");
    CHECK(m.text == "<@U2> is now *Tech Lead* · INC-2026-001");
    m = messages::role_assigned(incident, core::Role::Commander, "U2", "U1", "U9");
    CHECK(
        m.text ==
        "*Incident Commander* handed over from <@U1> to <@U2> (assigned by <@U9>) · INC-2026-001");
    check_valid(m);
}

TEST_CASE("a role left to nobody names who held it, who cleared it, and how to take it") {
    const auto incident = seed_incident();
    auto m = messages::role_unassigned(incident, core::Role::TechLead, "U2", "U2");
    CHECK(m.text ==
          ":wave: <@U2> stepped down as *Tech Lead* · INC-2026-001\nNobody holds it now: "
          "`/incident role tech me` or the button on the pinned message takes it.");
    m = messages::role_unassigned(incident, core::Role::Commander, "U1", "U9");
    CHECK(m.text.starts_with(
        ":wave: <@U1> is no longer *Incident Commander* (by <@U9>) · INC-2026-001\n"));
    CHECK(m.text.find("`/incident role ic me`") != std::string::npos);
    check_valid(m);
}

TEST_CASE("a status update follows the runbook template, free text in Status") {
    const auto incident = seed_incident();
    auto m = messages::status_update(incident, {"Rolled back", "", ""}, "U1", kEvery15,
                                     kDeclaredAt + 5min);
    const std::string body = m.blocks[0].at("text").at("text");
    CHECK(body.find("*Status:* Rolled back\n*Impact:* —\n*Actions:* —\n*Next update:* "
                    "<!date^1795338300^{time}|09:05 UTC> (in 10 min)") != std::string::npos);
    m = messages::status_update(incident, {"ok", "none", "watch"}, "U1", {}, kDeclaredAt);
    CHECK(m.blocks.dump().find("*Next update:* at resolution") != std::string::npos);
}

TEST_CASE("a 2,500-character update of angle brackets is split, not refused by Slack") {
    const std::string angry(2500, '<');
    const auto m =
        messages::status_update(seed_incident(), {angry, "", ""}, "U1", kEvery15, kDeclaredAt);
    check_valid(m);
    CHECK(m.blocks.size() >= 4);
    std::size_t entities = 0;
    const std::string dump = m.blocks.dump();
    for (std::size_t at = dump.find("&lt;"); at != std::string::npos;
         at = dump.find("&lt;", at + 1))
        ++entities;
    CHECK(entities == 2500);  // every character kept
}

TEST_CASE(
    "reminders mention the IC and Comms Lead, or say nobody holds them, and show the template") {
    auto incident = seed_incident();
    auto m = messages::update_reminder(incident, kEvery15, kDeclaredAt + 16min);
    CHECK(m.blocks.dump().find("Nobody is Incident Commander or Comms Lead") != std::string::npos);
    CHECK(m.blocks.dump().find("/incident update status: … | impact: … | actions: …") !=
          std::string::npos);
    incident.roles[0] = "U1";
    incident.roles[2] = "U2";
    incident.last_update_at = kDeclaredAt + 1min;
    m = messages::update_reminder(incident, kEvery15, kDeclaredAt + 17min);
    CHECK(m.blocks.dump().find("<@U1> (IC), <@U2> (Comms Lead)") != std::string::npos);
    CHECK(m.blocks.dump().find("Last update 16 min ago") != std::string::npos);
    check_valid(m);
}

TEST_CASE("escalation mentions users and user groups with the level and how long it waited") {
    const auto m = messages::escalation(seed_incident(), 2, {"U0ONCALL", "S0SRE"},
                                        std::chrono::seconds(20 * 60));
    const std::string body = m.blocks.dump();
    CHECK(body.find("*Escalation level 2*") != std::string::npos);
    CHECK(body.find("<@U0ONCALL> <!subteam^S0SRE> please respond") != std::string::npos);
    CHECK(body.find("not been acknowledged for 20 min") != std::string::npos);
    check_valid(m);
    // A contact that is not an id is shown, never turned into a mention.
    CHECK(messages::escalation(seed_incident(), 1, {"!channel"}, 1min)
              .blocks.dump()
              .find("<!channel") == std::string::npos);
}

TEST_CASE("the post-mortem reminder mentions the IC") {
    auto incident = seed_incident();
    incident.roles[0] = "U1";
    incident.postmortem_due_at = kDeclaredAt + 24h;
    const auto m = messages::postmortem_reminder(incident, kDeclaredAt + 25h);
    CHECK(m.blocks.dump().find("<@U1> the post-mortem for INC-2026-001") != std::string::npos);
    CHECK(m.blocks.dump().find("/incident postmortem done &lt;link&gt;") != std::string::npos);
    check_valid(m);
}

TEST_CASE("ephemeral replies: declare acknowledgement, channel link, errors, wrong channel") {
    const auto incident = seed_incident();
    CHECK(messages::declaring_reply(incident).text.starts_with(
        "Declaring *INC-2026-001 Payment processing down* — your channel is being created"));
    CHECK(messages::channel_link_reply(incident).text == "INC-2026-001 is open in <#C0INCIDENT>");
    CHECK(messages::error_reply("line one\nline two").text == ":warning: line one line two");
    CHECK(messages::not_in_incident_channel_reply("ack").text.starts_with(
        "`/incident ack` only works in an incident channel"));
    const auto help = messages::help_reply();
    for (const char* sub : {"list", "help", "ack", "role", "update", "severity", "note", "resolve",
                            "status", "timeline", "postmortem done"})
        CHECK(help.blocks.dump().find(std::string("`/incident ") + sub) != std::string::npos);
    check_valid(help);
}

TEST_CASE("list shows every open incident with its channel and age") {
    auto a = seed_incident();
    auto b = seed_incident();
    b.number = 2;
    b.title = "Search slow";
    b.severity = core::Severity::Sev3;
    b.channel_id = "C0SEARCH";
    const auto m = messages::list_reply(std::vector{a, b}, kDeclaredAt + 2h + 5min);
    const std::string body = m.blocks.dump();
    CHECK(body.find("*INC-2026-001* Payment processing down · SEV1 · Declared · <#C0INCIDENT> · "
                    "open 2 h 5 min") != std::string::npos);
    CHECK(body.find("*INC-2026-002* Search slow · SEV3") != std::string::npos);
    CHECK(messages::list_reply({}, kDeclaredAt).text == "No open incidents. :tada:");

    std::vector<core::Incident> many(3000, a);
    const auto big = messages::list_reply(many, kDeclaredAt);
    check_valid(big);
    CHECK(big.blocks.back().dump().find("more not shown") != std::string::npos);
    // Read a page of 2 out of 40: the count and the note say 40.
    const auto page = messages::list_reply(std::vector{a, b}, kDeclaredAt, 40);
    CHECK(page.text == "Open incidents: 40");
    CHECK(page.blocks.back().dump().find("…and 38 more not shown.") != std::string::npos);
}

TEST_CASE("status shows severity, state, roles, last and next update") {
    auto incident = seed_incident();
    incident.last_update_at = kDeclaredAt + 5min;
    incident.roles[1] = "U7";
    const auto m =
        messages::status_reply(incident, {15min, kDeclaredAt + 20min}, kDeclaredAt + 10min);
    const std::string body = m.blocks.dump();
    CHECK(body.find("SEV1 (critical)") != std::string::npos);
    CHECK(body.find("*Tech Lead*\\n<@U7>") != std::string::npos);
    CHECK(body.find("*Last update*\\n<!date^1795337700^{date_short} {time}|2026-11-22 08:55 UTC> "
                    "(5 min ago)") != std::string::npos);
    CHECK(body.find("(in 10 min)") != std::string::npos);
    check_valid(m);
}

TEST_CASE("a 3,000-event timeline fits Slack's limits and says how many entries were left out") {
    std::vector<core::TimelineEvent> events;
    for (int i = 0; i < 3000; ++i)
        events.push_back({i, 42, kDeclaredAt + std::chrono::minutes(i), i % 2 ? "U1" : "",
                          core::EventKind::Note,
                          "entry " + std::to_string(i) + " <!channel> " +
                              std::string(static_cast<std::size_t>(i % 300), '&')});
    const auto m = messages::timeline_reply(seed_incident(), events);
    check_valid(m);
    CHECK(m.blocks.size() <= 50);
    const std::string body = m.blocks.dump();
    CHECK(body.find("earlier entries left out") != std::string::npos);
    CHECK(body.find("entry 2999 ") != std::string::npos);  // the latest is shown
    CHECK(body.find("<!channel>") == std::string::npos);
    // Oldest first among those shown.
    CHECK(body.find("entry 2998 ") < body.find("entry 2999 "));
}

TEST_CASE(
    "the timeline names whom an escalation paged, and an entry without text ends at its label") {
    const std::vector<core::TimelineEvent> events{
        {1, 42, kDeclaredAt, "U1", core::EventKind::Acknowledged, ""},
        {2, 42, kDeclaredAt + 5min, "", core::EventKind::EscalationSent,
         core::escalation_event_text(2, {"U0ONCALL", "S0SRE"})},
        // A note that only looks like one: shown as typed.
        {3, 42, kDeclaredAt + 6min, "U1", core::EventKind::Note, "level 1: <@U0X>"},
    };
    const std::string body = messages::timeline_reply(seed_incident(), events).blocks.dump();
    CAPTURE(body);
    CHECK(body.find("*Acknowledged*\\n") != std::string::npos);
    CHECK(body.find("*Escalation* level 2: <@U0ONCALL>, <!subteam^S0SRE>") != std::string::npos);
    CHECK(body.find("*Note* level 1: &lt;@U0X&gt;") != std::string::npos);
}

TEST_CASE("escalation text reads back as its level and contacts, and nothing else does") {
    const auto text = core::escalation_event_text(3, {"U0ONCALL", "S0SRE"});
    CHECK(text == "level 3: U0ONCALL, S0SRE");
    const auto paged = core::parse_escalation_event(text);
    REQUIRE(paged);
    CHECK(paged->level == "level 3");
    CHECK(paged->contacts == std::vector<std::string>{"U0ONCALL", "S0SRE"});
    CHECK_FALSE(core::parse_escalation_event("level up: U0ONCALL"));
    CHECK_FALSE(core::parse_escalation_event("level : U0ONCALL"));
    CHECK_FALSE(core::parse_escalation_event("level 2: <@U0X>"));
    CHECK_FALSE(core::parse_escalation_event("level 2:"));
}

TEST_CASE("a short timeline lists every entry oldest first with time and actor") {
    const std::vector<core::TimelineEvent> events{
        {1, 42, kDeclaredAt, "U1", core::EventKind::Declared, "Payment processing down"},
        {2, 42, kDeclaredAt + 2min, "U2", core::EventKind::Acknowledged, ""},
        {3, 42, kDeclaredAt + 15min, "", core::EventKind::ReminderSent, "Status update due"},
    };
    const auto m = messages::timeline_reply(seed_incident(), events);
    const std::string body = m.blocks.dump();
    CHECK(body.find("left out") == std::string::npos);
    CHECK(body.find("<!date^1795337400^{date_short} {time}|2026-11-22 08:50 UTC> · <@U1> · "
                    "*Declared* Payment processing down") != std::string::npos);
    CHECK(body.find("incident-bot · *Reminder*") != std::string::npos);
    CHECK(body.find("<@U1>") < body.find("<@U2>"));
    check_valid(m);

    const std::vector<core::TimelineEvent> roles{
        {4, 42, kDeclaredAt, "U1", core::EventKind::RoleAssigned, "Tech Lead", "U2"},
        {5, 42, kDeclaredAt, "U2", core::EventKind::RoleUnassigned, "Tech Lead", "U2"},
    };
    const std::string role_body = messages::timeline_reply(seed_incident(), roles).blocks.dump();
    CHECK(role_body.find("*Role* Tech Lead → <@U2>") != std::string::npos);
    CHECK(role_body.find("*Role* Tech Lead → nobody (was <@U2>)") != std::string::npos);
    // Only the latest 3 of 40 read: the earlier 37 are counted.
    const auto tail = messages::timeline_reply(seed_incident(), events, 40);
    CHECK(tail.text == "Timeline of INC-2026-001 (40 entries)");
    CHECK(tail.blocks.dump().find("37 earlier entries left out") != std::string::npos);
}
