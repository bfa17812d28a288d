// `/incident reopen` and `/incident snooze`: the grammar, what they decide,
// and the due times that follow.
#include <doctest/doctest.h>

#include "commands/decide.hpp"
#include "commands/parser.hpp"
#include "core/due_times.hpp"
#include "messages/action_ids.hpp"

using namespace std::chrono_literals;
using commands::Announcement;
using core::EventKind;
using core::IncidentState;

namespace {

const core::TimePoint kDeclared = core::from_unix_seconds(1795424400);
const core::TimePoint kResolvedAt = kDeclared + 40min;
const core::TimePoint kNow = kDeclared + 2h;

core::Incident resolved_sev1(bool acknowledged) {
    core::Incident i;
    i.id = 7;
    i.year = 2026;
    i.number = 1;
    i.title = "Payment processing down";
    i.severity = core::Severity::Sev1;
    i.declared_by = "UALICE";
    i.declared_at = kDeclared;
    i.channel_id = "C1";
    if (acknowledged) i.acknowledged_at = kDeclared + 2min;
    i.state = IncidentState::Resolved;
    i.resolved_at = kResolvedAt;
    i.resolution = "rolled back";
    i.postmortem_due_at = kResolvedAt + 24h;
    i.last_reminder_at = kDeclared + 30min;
    i.escalation_level = 2;
    return i;
}

core::Result<commands::Change> decide(const core::Incident& before, commands::Command command) {
    return commands::decide(before, command, {"UBOB", kNow}, core::Runbook{}, "UBOT");
}

core::Runbook with_escalation() {
    core::Runbook r;
    r.escalation[0] = core::EscalationPolicy{{0min, {"UONCALL"}}, {15min, {"UL2"}}};
    return r;
}

}  // namespace

TEST_CASE("reopen and snooze parse, with a reason and a duration") {
    CHECK(*commands::parse_command("reopen") == commands::Command{commands::Reopen{""}});
    CHECK(*commands::parse_command("Reopen it came back") ==
          commands::Command{commands::Reopen{"it came back"}});
    CHECK(*commands::parse_command("snooze 30m") == commands::Command{commands::Snooze{30min}});
    CHECK(*commands::parse_command("snooze 1H") == commands::Command{commands::Snooze{1h}});
    CHECK(*commands::parse_command("snooze 2h") == commands::Command{commands::Snooze{2h}});
}

TEST_CASE("a snooze without a length, with a bad one or over 12 hours is refused with usage") {
    for (const char* text :
         {"snooze", "snooze soon", "snooze 30", "snooze 13h", "snooze 30s", "snooze 30m please"}) {
        CAPTURE(text);
        const auto parsed = commands::parse_command(text);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().message.find("/incident snooze 30m") != std::string::npos);
    }
}

TEST_CASE("reopen puts a resolved incident back to unacknowledged and cancels the post-mortem") {
    auto before = resolved_sev1(true);
    before.next_update_at = kDeclared + 3min;  // said by an update before resolve
    const auto c = decide(before, commands::Reopen{"errors are back"});
    REQUIRE(c);
    CHECK_FALSE(c->after.next_update_at);
    // Owed a response again; the first acknowledgement stays on record.
    CHECK(c->after.state == IncidentState::Declared);
    CHECK(c->after.acknowledged_at == kDeclared + 2min);
    CHECK_FALSE(c->after.resolved_at);
    CHECK(c->after.resolution.empty());
    CHECK_FALSE(c->after.postmortem_due_at);
    CHECK(c->after.reopened_at == kNow);
    REQUIRE(c->events.size() == 1);
    CHECK(c->events[0].kind == EventKind::Reopened);
    CHECK(c->events[0].text == "errors are back");
    CHECK(c->events[0].actor == "UBOB");
    REQUIRE(c->announcements.size() == 1);
    CHECK(c->announcements[0].kind == Announcement::Kind::Reopened);

    const core::Runbook r;
    const auto due = core::due_times(c->after, r);
    CHECK(due.reminder == kNow + 15min);
    CHECK_FALSE(due.escalation);  // no escalation policy in the default runbook
    CHECK_FALSE(due.postmortem);
    // With one, it resumes from the reopen, though the incident was acknowledged before.
    CHECK(core::due_times(c->after, with_escalation()).escalation == kNow + 5min);
}

TEST_CASE("acknowledging a reopened incident stops escalation and keeps the first ack time") {
    const auto reopened = decide(resolved_sev1(true), commands::Reopen{});
    REQUIRE(reopened);
    const auto acked = decide(reopened->after, commands::Ack{});
    REQUIRE(acked);
    CHECK(acked->after.state == IncidentState::Acknowledged);
    CHECK(acked->after.acknowledged_at == kDeclared + 2min);
    CHECK_FALSE(core::due_times(acked->after, with_escalation()).escalation);
    REQUIRE_FALSE(acked->events.empty());
    CHECK(acked->events[0].kind == EventKind::Acknowledged);
}

TEST_CASE("a reopened incident nobody acknowledged escalates again, counted from the reopen") {
    const auto c = decide(resolved_sev1(false), commands::Reopen{});
    REQUIRE(c);
    CHECK(c->after.state == IncidentState::Declared);
    CHECK(c->after.escalation_level == 0);
    CHECK(core::due_times(c->after, with_escalation()).escalation == kNow + 5min);
}

TEST_CASE("reopen on an open incident is refused and says why") {
    auto open = resolved_sev1(true);
    open.state = IncidentState::Acknowledged;
    const auto c = decide(open, commands::Reopen{});
    REQUIRE_FALSE(c);
    CHECK(c.error().code == "not_resolved");
}

TEST_CASE("a second resolve measures to the last resolve and sets the post-mortem again") {
    const auto reopened = decide(resolved_sev1(true), commands::Reopen{});
    REQUIRE(reopened);
    const auto again = commands::decide(reopened->after, commands::Resolve{"fixed for real"},
                                        {"UBOB", kNow + 1h}, core::Runbook{}, "UBOT");
    REQUIRE(again);
    CHECK(again->after.resolved_at == kNow + 1h);
    CHECK(again->after.postmortem_due_at == kNow + 1h + 24h);
}

TEST_CASE("snooze holds the reminder back until then, an update still restarts the clock") {
    auto open = resolved_sev1(true);
    open.state = IncidentState::Acknowledged;
    open.resolved_at.reset();
    open.postmortem_due_at.reset();
    open.last_reminder_at.reset();
    open.last_update_at = kNow - 10min;  // reminder due at kNow + 5min
    const core::Runbook r;
    REQUIRE(core::due_times(open, r).reminder == kNow + 5min);

    const auto c = decide(open, commands::Snooze{30min});
    REQUIRE(c);
    CHECK(c->after.snoozed_until == kNow + 30min);
    CHECK(c->events.at(0).kind == EventKind::Snoozed);
    CHECK(c->announcements.at(0).kind == Announcement::Kind::Snoozed);
    CHECK(core::due_times(c->after, r).reminder == kNow + 30min);

    auto updated = c->after;
    updated.last_update_at = kNow + 20min;
    CHECK(core::due_times(updated, r).reminder == kNow + 35min);
}

TEST_CASE("the same snooze twice (a double click) changes nothing the second time") {
    auto open = resolved_sev1(true);
    open.state = IncidentState::Acknowledged;
    open.resolved_at.reset();
    open.snoozed_until = kNow + 30min - 2s;  // the first click, two seconds ago
    const auto again = decide(open, commands::Snooze{30min});
    REQUIRE_FALSE(again);
    CHECK(again.error().code == "already_snoozed");
    CHECK(again.error().message.find("already snoozed until") != std::string::npos);
    // Longer, or shorter, is a change.
    CHECK(decide(open, commands::Snooze{1h}));
    CHECK(decide(open, commands::Snooze{10min}));
}

TEST_CASE("escalation is not snoozable") {
    auto open = resolved_sev1(false);
    open.state = IncidentState::Declared;
    open.resolved_at.reset();
    open.escalation_level = 0;
    open.snoozed_until = kDeclared + 2h;
    CHECK(core::due_times(open, with_escalation()).escalation == kDeclared + 5min);
}

TEST_CASE("a resolved incident has nothing to snooze") {
    const auto c = decide(resolved_sev1(true), commands::Snooze{30min});
    REQUIRE_FALSE(c);
    CHECK(c.error().code == "resolved");
}

TEST_CASE("the snooze button's value names the incident and the length, and nothing else reads") {
    namespace ids = messages::action_ids;
    CHECK(ids::decode_snooze(ids::encode_snooze(42, 1800)) == ids::SnoozeTarget{42, 1800});
    CHECK_FALSE(ids::decode_snooze("42"));
    CHECK_FALSE(ids::decode_snooze("-1:1800"));
    CHECK_FALSE(ids::decode_snooze("42:abc"));
    CHECK_FALSE(ids::decode_snooze("42:1800x"));
}
