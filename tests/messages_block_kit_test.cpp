#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/incident.hpp"
#include "emulator/block_kit_rules.hpp"
#include "messages/announcements.hpp"
#include "messages/follow_ups.hpp"
#include "messages/nudges.hpp"
#include "messages/opening_message.hpp"
#include "messages/reopen_snooze.hpp"
#include "messages/replies.hpp"
#include "messages/timeline_reply.hpp"
#include "tests/support/block_kit_limits.hpp"

using namespace std::chrono_literals;

namespace {

const core::TimePoint kStart = core::from_unix_seconds(1795337400);

std::string repeat(std::string_view unit, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += unit;
    return out;
}

// The same incident as a person would declare it, and at the limits of what
// the parser accepts, written in the characters that grow most when escaped.
std::vector<core::Incident> incidents() {
    core::Incident plain;
    plain.id = 1;
    plain.year = 2026;
    plain.number = 1;
    plain.title = "Payment processing down";
    plain.declared_by = "U1";
    plain.channel_id = "C1";
    plain.declared_at = kStart;

    core::Incident extreme = plain;
    extreme.id = 9223372036854775807;
    extreme.number = 999999;
    extreme.title = repeat("&", 150);
    extreme.resolution = repeat("<", 2500);
    extreme.postmortem_link = repeat("&", 2000);
    extreme.postmortem_due_at = kStart + 24h;
    extreme.resolved_at = kStart + 3h;
    extreme.last_update_at = kStart + 1h;
    for (auto& holder : extreme.roles) holder = "U" + repeat("9", 20);

    core::Incident emoji = plain;
    emoji.title = repeat("🔥", 150);
    emoji.resolution = repeat("👩‍🚒", 500);
    return {plain, extreme, emoji};
}

std::vector<std::pair<std::string, messages::SlackMessage>> every_message(core::Incident incident) {
    const auto now = kStart + 40min;
    const messages::UpdateSchedule schedule{15min, kStart + 30min};
    const std::string text = incident.resolution.empty() ? "Rolled back" : incident.resolution;
    std::vector<std::pair<std::string, messages::SlackMessage>> out;
    for (const auto state : {core::IncidentState::Declared, core::IncidentState::Acknowledged,
                             core::IncidentState::Resolved}) {
        incident.state = state;
        out.emplace_back("opening", messages::opening_message(incident, schedule));
        out.emplace_back("opening, no cadence", messages::opening_message(incident, {}));
        out.emplace_back("status", messages::status_reply(incident, schedule, now));
    }
    out.emplace_back("acknowledged", messages::acknowledged(incident, "U2"));
    out.emplace_back("role",
                     messages::role_assigned(incident, core::Role::Scribe, "U2", "U3", "U4"));
    out.emplace_back("update",
                     messages::status_update(incident, {text, text, text}, "U2", schedule, now));
    out.emplace_back("severity", messages::severity_changed(incident, core::Severity::Sev3, "U2",
                                                            schedule, now));
    out.emplace_back("note", messages::note_added(incident, text, "U2"));
    out.emplace_back("resolved", messages::resolved(incident, "U2"));
    out.emplace_back("postmortem done", messages::postmortem_done(incident, "U2"));
    out.emplace_back("reminder", messages::update_reminder(incident, schedule, now));
    out.emplace_back("escalation",
                     messages::escalation(
                         incident, 4, std::vector<std::string>(100, "S" + repeat("1", 30)), 2h));
    out.emplace_back("postmortem reminder", messages::postmortem_reminder(incident, now + 48h));
    // What goes to a person directly when the channel is archived.
    out.emplace_back("reminder, direct", messages::update_reminder_direct(incident, schedule, now));
    out.emplace_back("escalation, direct", messages::escalation_direct(incident, 4, 2h));
    out.emplace_back("postmortem reminder, direct",
                     messages::postmortem_reminder_direct(incident, now + 48h));
    std::vector<core::ActionItem> items(30);
    for (std::size_t i = 0; i < items.size(); ++i)
        items[i] = {static_cast<std::int64_t>(i + 1),
                    incident.id,
                    static_cast<int>(i + 1),
                    text,
                    "U2",
                    {},
                    false,
                    kStart,
                    "U1",
                    {}};
    out.emplace_back("overdue items", messages::action_items_overdue(incident, items));
    out.emplace_back("overdue items, direct",
                     messages::action_items_overdue_direct(incident, items));
    out.emplace_back("action items", messages::action_items_reply(incident, items, now));
    out.emplace_back("reopened", messages::reopened(incident, text, "U2", schedule));
    out.emplace_back("snoozed", messages::snoozed(incident, "U2"));
    out.emplace_back("renamed", messages::renamed(incident, text, "U2"));
    out.emplace_back("named change", messages::named_change_reply(incident, "postmortem"));
    out.emplace_back("role lookup", messages::role_lookup_reply(core::Role::Commander, text));
    out.emplace_back("help", messages::help_reply());
    out.emplace_back("list", messages::list_reply(std::vector<core::Incident>(500, incident), now));
    out.emplace_back("declaring", messages::declaring_reply(incident));
    out.emplace_back("channel link", messages::channel_link_reply(incident));
    out.emplace_back("error", messages::error_reply(text));
    out.emplace_back("wrong channel", messages::not_in_incident_channel_reply(text));
    std::vector<core::TimelineEvent> events;
    for (int i = 0; i < 3000; ++i)
        events.push_back({i, incident.id, kStart + std::chrono::seconds(i), "U2",
                          i % 2 ? core::EventKind::Update : core::EventKind::Note, text});
    out.emplace_back("timeline", messages::timeline_reply(incident, events));
    out.emplace_back("empty timeline", messages::timeline_reply(incident, {}));
    return out;
}

}  // namespace

TEST_CASE(
    "every message the bot renders passes Slack's Block Kit limits, even at the input limits") {
    for (const auto& incident : incidents()) {
        for (const auto& [name, message] : every_message(incident)) {
            INFO(name, " for title ", incident.title.substr(0, 20));
            const auto problems = test_support::block_kit_violations(messages::to_json(message));
            for (const auto& problem : problems) INFO(problem);
            CHECK(problems.empty());
            // And as the emulated Slack checks a chat.postMessage.
            const auto refused = emulator::check_blocks(message.blocks);
            CHECK_MESSAGE(!refused, (refused ? refused->message : std::string()));
        }
    }
}

TEST_CASE("the validator itself catches what Slack would refuse") {
    const nlohmann::json too_many{
        {"text", "x"}, {"blocks", std::vector<nlohmann::json>(51, {{"type", "divider"}})}};
    CHECK_FALSE(test_support::block_kit_violations(too_many).empty());
    const nlohmann::json long_header{
        {"text", "x"},
        {"blocks",
         {{{"type", "header"},
           {"text", {{"type", "plain_text"}, {"text", std::string(151, 'h')}}}}}}};
    CHECK_FALSE(test_support::block_kit_violations(long_header).empty());
    const nlohmann::json twin_ids{
        {"text", "x"},
        {"blocks",
         {{{"type", "divider"}, {"block_id", "a"}}, {{"type", "divider"}, {"block_id", "a"}}}}};
    CHECK_FALSE(test_support::block_kit_violations(twin_ids).empty());
    CHECK_FALSE(test_support::block_kit_violations({{"text", ""}}).empty());
    CHECK(test_support::block_kit_violations({{"text", "fine"}}).empty());
    // Not refused by Slack, but shown mangled: a `<` that opens no mention
    // or link, even inside backticks.
    const auto section = [](const std::string& mrkdwn) {
        return nlohmann::json{
            {"text", "x"},
            {"blocks", {{{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", mrkdwn}}}}}}};
    };
    CHECK_FALSE(test_support::block_kit_violations(section("`/incident update <text>`")).empty());
    CHECK_FALSE(test_support::block_kit_violations(section("1 < 2")).empty());
    CHECK(test_support::block_kit_violations(
              section("<@U1> in <#C1> <!here> <https://example.com|docs> 1 &lt; 2"))
              .empty());
}
