// What each change command decides, by value: the incident after, the
// timeline rows and the announcements, or a refusal that changes nothing.
#include <doctest/doctest.h>

#include "commands/decide.hpp"
#include "core/escalation.hpp"

using namespace std::chrono_literals;
using commands::Announcement;
using core::EventKind;
using core::IncidentState;
using core::Role;

namespace {

const core::TimePoint kDeclared = core::from_unix_seconds(1795424400);
const core::TimePoint kNow = kDeclared + 7min;

core::Incident declared() {
    core::Incident i;
    i.id = 7;
    i.year = 2026;
    i.number = 1;
    i.title = "Payment processing down";
    i.severity = core::Severity::Sev1;
    i.declared_by = "UALICE";
    i.declared_at = kDeclared;
    i.channel_id = "C1";
    return i;
}

core::Result<commands::Change> decide(const core::Incident& before, commands::Command command,
                                      const std::string& actor = "UBOB") {
    return commands::decide(before, command, {actor, kNow}, core::Runbook{}, "UBOT");
}

std::vector<EventKind> kinds(const commands::Change& c) {
    std::vector<EventKind> out;
    for (const auto& e : c.events) out.push_back(e.kind);
    return out;
}

}  // namespace

TEST_CASE("ack acknowledges, makes the acker IC when nobody is, and is announced") {
    const auto c = decide(declared(), commands::Ack{});
    REQUIRE(c);
    CHECK(c->after.state == IncidentState::Acknowledged);
    CHECK(c->after.acknowledged_at == kNow);
    CHECK(c->after.holder(Role::Commander) == "UBOB");
    CHECK(kinds(*c) == std::vector{EventKind::Acknowledged, EventKind::RoleAssigned});
    CHECK(c->events[1].subject == "UBOB");
    // One message: "… acknowledged INC-… and is the Incident Commander".
    REQUIRE(c->announcements.size() == 1);
    CHECK(c->announcements.back().kind == Announcement::Kind::Acknowledged);
    CHECK(c->announcements.back().assignee == "UBOB");

    auto with_ic = declared();
    with_ic.roles[core::index(Role::Commander)] = "UCAROL";
    const auto kept = decide(with_ic, commands::Ack{});
    REQUIRE(kept);
    CHECK(kept->after.holder(Role::Commander) == "UCAROL");
    CHECK(kinds(*kept) == std::vector{EventKind::Acknowledged});
    REQUIRE(kept->announcements.size() == 1);
    CHECK(kept->announcements[0].assignee.empty());  // nobody new to invite

    const auto again = decide(c->after, commands::Ack{});
    REQUIRE_FALSE(again);
    CHECK(again.error().code == "already");
}

TEST_CASE("assigning IC acknowledges, other roles do not, a hand-over names the previous holder") {
    const auto ic =
        decide(declared(), commands::AssignRole{Role::Commander, {"UCAROL", "", false}});
    REQUIRE(ic);
    CHECK(ic->after.state == IncidentState::Acknowledged);
    CHECK(kinds(*ic) == std::vector{EventKind::RoleAssigned, EventKind::Acknowledged});

    const auto tech = decide(declared(), commands::AssignRole{Role::TechLead, {"", "", true}});
    REQUIRE(tech);
    CHECK(tech->after.state == IncidentState::Declared);
    CHECK(tech->after.holder(Role::TechLead) == "UBOB");

    const auto handover =
        decide(ic->after, commands::AssignRole{Role::Commander, {"UDAVE", "dave", false}});
    REQUIRE(handover);
    REQUIRE(handover->announcements.size() == 1);
    CHECK(handover->announcements[0].previous_holder == "UCAROL");
    CHECK(handover->announcements[0].assignee == "UDAVE");
    CHECK(handover->events[0].text == "Incident Commander, handed over");
}

TEST_CASE("roles cannot go to the bot, to nobody, or to the person who holds them already") {
    const auto bot = decide(declared(), commands::AssignRole{Role::Scribe, {"UBOT", "", false}});
    REQUIRE_FALSE(bot);
    CHECK(bot.error().code == "bad_user");
    const auto nobody =
        decide(declared(), commands::AssignRole{Role::Scribe, {"", "carol", false}});
    REQUIRE_FALSE(nobody);
    CHECK(nobody.error().code == "bad_user");
    auto held = declared();
    held.roles[core::index(Role::Scribe)] = "UBOB";
    const auto same = decide(held, commands::AssignRole{Role::Scribe, {"", "", true}});
    REQUIRE_FALSE(same);
    CHECK(same.error().message.find("You are already Scribe") != std::string::npos);
}

TEST_CASE("a role left to nobody: the holder on the timeline, the incident stays acknowledged") {
    const auto ic =
        decide(declared(), commands::AssignRole{Role::Commander, {"UCAROL", "", false}});
    REQUIRE(ic);
    const auto cleared = decide(ic->after, commands::UnassignRole{Role::Commander}, "UCAROL");
    REQUIRE(cleared);
    CHECK(cleared->after.holder(Role::Commander).empty());
    CHECK(cleared->after.state == IncidentState::Acknowledged);  // no new escalation
    auto unchanged = cleared->after;
    unchanged.roles[core::index(Role::Commander)] = "UCAROL";
    CHECK(unchanged == ic->after);  // nothing else changes
    REQUIRE(cleared->events.size() == 1);
    CHECK(cleared->events[0].kind == EventKind::RoleUnassigned);
    CHECK(cleared->events[0].text == "Incident Commander");
    CHECK(cleared->events[0].subject == "UCAROL");
    CHECK(cleared->events[0].actor == "UCAROL");
    REQUIRE(cleared->announcements.size() == 1);
    CHECK(cleared->announcements[0].kind == Announcement::Kind::RoleUnassigned);
    CHECK(cleared->announcements[0].role == Role::Commander);
    CHECK(cleared->announcements[0].previous_holder == "UCAROL");
    CHECK(core::to_string(EventKind::RoleUnassigned) == "role_unassigned");
    CHECK(core::parse_event_kind("role_unassigned") == EventKind::RoleUnassigned);

    const auto again = decide(cleared->after, commands::UnassignRole{Role::Commander});
    REQUIRE_FALSE(again);
    CHECK(again.error().code == "not_a_change");
    CHECK(again.error().message.find("Nobody is Incident Commander of INC-2026-001") == 0);

    const auto resolved = decide(ic->after, commands::Resolve{"rolled back"});
    REQUIRE(resolved);
    const auto late = decide(resolved->after, commands::UnassignRole{Role::Commander});
    REQUIRE_FALSE(late);
    CHECK(late.error().code == "resolved");
}

TEST_CASE("an update restarts the update clock and carries the runbook fields") {
    commands::Update u{"status: ok | impact: none", {"ok", "none", ""}, true};
    const auto c = decide(declared(), u);
    REQUIRE(c);
    CHECK(c->after.last_update_at == kNow);
    CHECK(c->events[0].text == "status: ok | impact: none");
    CHECK(c->announcements[0].report == u.fields);
}

TEST_CASE(
    "an update's next-update time: from now, or the next such UTC time of day, within the "
    "cadence") {
    commands::Update in{"status: ok | next update: 10m",
                        {"ok", "", "", "10m"},
                        true,
                        commands::NextUpdate{10min, std::nullopt}};
    auto c = decide(declared(), in);
    REQUIRE(c);
    CHECK(c->after.next_update_at == kNow + 10min);
    // kNow is 09:07 UTC: 09:20 is today; 09:00 has passed, so tomorrow (past the cadence).
    commands::Update at = in;
    at.next = commands::NextUpdate{0s, 9 * 60 + 20};
    c = decide(declared(), at);
    REQUIRE(c);
    CHECK(c->after.next_update_at == kDeclared + 20min);
    CHECK(c->notice.empty());
    // Past SEV1's cadence: the update goes out, due by the cadence, and says so.
    at.next = commands::NextUpdate{0s, 9 * 60};
    c = decide(declared(), at);
    REQUIRE(c);
    CHECK_FALSE(c->after.next_update_at);
    CHECK(c->notice ==
          "Your update is posted. SEV1 asks for one every 15 min, so the next is due 09:22 UTC, "
          "not 09:00 UTC. To hold the reminders longer: `/incident snooze 1h`.");
    // Not a time: the same, with the parser's reason.
    commands::Update unread{"ok | next update: later", {"ok", "", "", "later"}, false};
    unread.next_unread = "`later` is not a time for the next update.";
    c = decide(declared(), unread);
    REQUIRE(c);
    CHECK_FALSE(c->after.next_update_at);
    CHECK(c->notice ==
          "`later` is not a time for the next update. Your update is posted; the "
          "next is due 09:22 UTC.");
    // SEV3 has no cadence: up to a day.
    auto sev3 = declared();
    sev3.severity = core::Severity::Sev3;
    c = decide(sev3, at);
    REQUIRE(c);
    CHECK(c->after.next_update_at == kDeclared + 24h);
    // An update that gives none clears it.
    auto promised = declared();
    promised.next_update_at = kNow + 1min;
    c = decide(promised, commands::Update{"ok", {"ok", "", ""}, false});
    REQUIRE(c);
    CHECK_FALSE(c->after.next_update_at);
}

TEST_CASE("rename: a new title with the old one on the timeline, also after resolve") {
    const auto same = decide(declared(), commands::Rename{declared().title});
    REQUIRE_FALSE(same);
    CHECK(same.error().code == "not_a_change");

    const auto renamed = decide(declared(), commands::Rename{"Card declines in the EU"});
    REQUIRE(renamed);
    CHECK(renamed->after.title == "Card declines in the EU");
    auto unchanged = renamed->after;
    unchanged.title = declared().title;
    CHECK(unchanged == declared());  // nothing else changes
    REQUIRE(renamed->events.size() == 1);
    CHECK(renamed->events[0].kind == core::EventKind::Renamed);
    CHECK(renamed->events[0].text == declared().title + " → Card declines in the EU");
    REQUIRE(renamed->announcements.size() == 1);
    CHECK(renamed->announcements[0].kind == commands::Announcement::Kind::Renamed);
    CHECK(renamed->announcements[0].text == declared().title);
    CHECK(core::to_string(core::EventKind::Renamed) == "renamed");
    CHECK(core::parse_event_kind("renamed") == core::EventKind::Renamed);

    const auto resolved = decide(declared(), commands::Resolve{"rolled back"});
    REQUIRE(resolved);
    const auto later = decide(resolved->after, commands::Rename{"EU card declines"});
    REQUIRE(later);
    CHECK(later->after.title == "EU card declines");
    CHECK(later->after.state == IncidentState::Resolved);
}

TEST_CASE("severity, resolve and post-mortem: changes and refusals") {
    const auto same = decide(declared(), commands::ChangeSeverity{core::Severity::Sev1});
    REQUIRE_FALSE(same);
    CHECK(same.error().code == "not_a_change");
    const auto sev2 = decide(declared(), commands::ChangeSeverity{core::Severity::Sev2});
    REQUIRE(sev2);
    CHECK(sev2->after.severity == core::Severity::Sev2);
    CHECK(sev2->events[0].text == "SEV1 → SEV2");
    CHECK(sev2->announcements[0].from == core::Severity::Sev1);

    const auto early = decide(declared(), commands::PostmortemDone{"https://pm"});
    REQUIRE_FALSE(early);
    CHECK(early.error().code == "not_resolved");

    const auto resolved = decide(declared(), commands::Resolve{"rolled back"});
    REQUIRE(resolved);
    CHECK(resolved->after.state == IncidentState::Resolved);
    CHECK(resolved->after.resolved_at == kNow);
    CHECK(resolved->after.resolution == "rolled back");
    CHECK(resolved->after.postmortem_due_at == kNow + 24h);  // SEV1's default

    for (commands::Command refused :
         {commands::Command{commands::Ack{}}, commands::Command{commands::Resolve{}},
          commands::Command{commands::Update{"x", {"x", "", ""}, false}},
          commands::Command{commands::ChangeSeverity{core::Severity::Sev3}},
          commands::Command{commands::AssignRole{Role::Scribe, {"", "", true}}}}) {
        const auto r = decide(resolved->after, refused);
        CHECK_MESSAGE(!r, commands::command_name(refused));
    }
    const auto note = decide(resolved->after, commands::Note{"customer emailed"});
    CHECK(note);
    const auto pm = decide(resolved->after, commands::PostmortemDone{"https://pm"});
    REQUIRE(pm);
    CHECK(pm->after.postmortem_link == "https://pm");

    auto sev3 = declared();
    sev3.severity = core::Severity::Sev3;
    const auto no_pm = decide(sev3, commands::Resolve{});
    REQUIRE(no_pm);
    CHECK_FALSE(no_pm->after.postmortem_due_at);
}

TEST_CASE("is_change names exactly the commands decide() decides, every other one refused") {
    const auto check = [&]<std::size_t... I>(std::index_sequence<I...>) {
        (
            [&] {
                const commands::Command command{std::in_place_index<I>};
                const auto decided = decide(declared(), command);
                // (A severity already held is `not_a_change` too: told by its text.)
                const bool refused =
                    !decided && decided.error().code == "not_a_change" &&
                    decided.error().message.ends_with("does not change an incident.");
                CHECK_MESSAGE(commands::is_change(command) == !refused,
                              commands::command_name(command));
            }(),
            ...);
    };
    check(std::make_index_sequence<std::variant_size_v<commands::Command>>{});
}

TEST_CASE("escalate pages the next level now, acknowledged or not, until every level is paged") {
    core::Runbook runbook;
    runbook.escalation[0] = {{0s, {"UPRIMARY"}}, {15min, {"USECOND", "SSRE"}}};
    const auto escalate = [&](const core::Incident& before, std::string reason = {}) {
        return commands::decide(before, commands::Escalate{std::move(reason)}, {"UBOB", kNow},
                                runbook, "UBOT");
    };

    const auto first = escalate(declared(), "the DB failover is stuck");
    REQUIRE(first);
    CHECK(first->after.escalation_level == 1);
    CHECK(first->after.state == IncidentState::Declared);  // asking for help is not an ack
    REQUIRE(first->events.size() == 1);
    CHECK(first->events[0].kind == EventKind::EscalationSent);
    CHECK(first->events[0].actor == "UBOB");
    const auto paged = core::parse_escalation_event(first->events[0].text);
    REQUIRE(paged);
    CHECK(paged->level == "level 1");
    CHECK(paged->contacts == std::vector<std::string>{"UPRIMARY"});
    CHECK(paged->reason == "the DB failover is stuck");
    REQUIRE(first->announcements.size() == 1);
    CHECK(first->announcements[0].kind == Announcement::Kind::Escalated);
    CHECK(first->announcements[0].paged == std::vector<std::string>{"UPRIMARY"});
    CHECK(first->announcements[0].text == "the DB failover is stuck");

    // Acknowledged, the next level still comes when asked for.
    auto acked = first->after;
    acked.state = IncidentState::Acknowledged;
    const auto second = escalate(acked);
    REQUIRE(second);
    CHECK(second->after.escalation_level == 2);
    CHECK(second->announcements[0].paged == std::vector<std::string>{"USECOND", "SSRE"});
    CHECK(second->events[0].text == "level 2: USECOND, SSRE");

    const auto none_left = escalate(second->after);
    REQUIRE_FALSE(none_left);
    CHECK(none_left.error().code == "already");
    CHECK(none_left.error().message.find("Every level of SEV1's escalation (2) has been paged") ==
          0);

    auto sev3 = declared();
    sev3.severity = core::Severity::Sev3;
    const auto unset = escalate(sev3);
    REQUIRE_FALSE(unset);
    CHECK(unset.error().code == "no_escalation");
    CHECK(unset.error().message.find("`ESCALATION_SEV3`") != std::string::npos);

    auto resolved = declared();
    resolved.state = IncidentState::Resolved;
    const auto late = escalate(resolved);
    REQUIRE_FALSE(late);
    CHECK(late.error().code == "resolved");
}
