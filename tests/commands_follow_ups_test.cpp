// The after-resolve commands, parsed and decided by value: impact, detection
// and action items, and the one-line errors that show the right shape.
#include <doctest/doctest.h>

#include "commands/decide.hpp"
#include "commands/parser.hpp"

using namespace std::chrono_literals;
using core::EventKind;

namespace {

// 2026-11-23 09:07 UTC
const core::TimePoint kDeclared = core::from_unix_seconds(1795424400);
const core::TimePoint kNow = kDeclared + 7min;

core::Incident incident() {
    core::Incident i;
    i.id = 7;
    i.year = 2026;
    i.number = 1;
    i.title = "Payment processing down";
    i.declared_by = "UALICE";
    i.declared_at = kDeclared;
    i.channel_id = "C1";
    return i;
}

template <class T>
T parsed(const std::string& text) {
    const auto r = commands::parse_command(text);
    REQUIRE_MESSAGE(r.ok(), text << ": " << (r.ok() ? "" : r.error().message));
    REQUIRE(std::holds_alternative<T>(*r));
    return std::get<T>(*r);
}

core::Error refused(const std::string& text) {
    const auto r = commands::parse_command(text);
    REQUIRE_FALSE_MESSAGE(r.ok(), text);
    return r.error();
}

core::Result<commands::Change> decide(const core::Incident& before, const std::string& text,
                                      std::span<const core::ActionItem> items = {}) {
    const auto command = commands::parse_command(text);
    REQUIRE(command.ok());
    return commands::decide(before, *command, {"UBOB", kNow}, core::Runbook{}, "UBOT", items);
}

}  // namespace

TEST_CASE("impact takes users, revenue and free text in any order, each optional") {
    const auto all = parsed<commands::RecordImpact>(
        "impact users: 15,000 | revenue: $45,000 | checkout failing in EU");
    CHECK(all.users == 15000);
    CHECK(all.revenue == "$45000");
    CHECK(all.text == "checkout failing in EU");
    const auto some = parsed<commands::RecordImpact>("impact revenue: €1200.50");
    CHECK_FALSE(some.users);
    CHECK(some.revenue == "€1200.50");
    CHECK(parsed<commands::RecordImpact>("impact only the admin UI").text == "only the admin UI");
}

TEST_CASE("impact with a word where a number goes says which field and shows the shape") {
    const auto e = refused("impact users: lots");
    CHECK(e.code == "bad_impact");
    CHECK(e.message.find("`users:` takes a number") != std::string::npos);
    CHECK(e.message.find("/incident impact users: 15000") != std::string::npos);
    CHECK(refused("impact revenue: a lot").code == "bad_impact");
    CHECK(refused("impact").code == "missing_argument");
}

TEST_CASE("recorded impact keeps what was not given again, and is on the timeline") {
    auto before = incident();
    before.users_affected = 100;
    const auto c = decide(before, "impact revenue: $45000");
    REQUIRE(c);
    CHECK(c->after.users_affected == 100);
    CHECK(c->after.revenue_lost == "$45000");
    REQUIRE(c->events.size() == 1);
    CHECK(c->events[0].kind == EventKind::ImpactRecorded);
    CHECK(c->events[0].text == "revenue: $45000");
}

TEST_CASE("detected takes how, and a UTC time of day or an exact time") {
    const auto plain = parsed<commands::RecordDetection>("detected customer_report");
    CHECK(plain.how == "customer_report");
    CHECK_FALSE(plain.at);
    const auto at = parsed<commands::RecordDetection>("detected monitoring alert at 08:55");
    CHECK(at.how == "monitoring alert");
    REQUIRE(at.at);
    CHECK(at.at->minute_of_day == 8 * 60 + 55);
    const auto iso = parsed<commands::RecordDetection>("detected pager at 2026-11-23T08:50:00Z");
    REQUIRE(iso.at);
    CHECK(iso.at->exact == kDeclared - 10min);
    CHECK(refused("detected pager at 25:99").code == "bad_time");
    CHECK(refused("detected").code == "missing_argument");

    const auto c = decide(incident(), "detected monitoring_alert at 08:55");
    REQUIRE(c);
    CHECK(c->after.detected_by == "monitoring_alert");
    CHECK(c->after.detected_at == kDeclared - 5min);
    // A time of day later than now is yesterday's.
    const auto late = decide(incident(), "detected pager at 23:50");
    REQUIRE(late);
    CHECK(late->after.detected_at == kDeclared - 9h - 10min);
}

TEST_CASE("action takes text, then an optional owner and due date") {
    const auto a = parsed<commands::AddAction>(
        "action Add monitoring for the connection pool <@U0BOB|bob> due 2026-12-01");
    CHECK(a.text == "Add monitoring for the connection pool");
    REQUIRE(a.owner);
    CHECK(a.owner->id == "U0BOB");
    REQUIRE(a.due);
    CHECK(a.due->date == core::parse_date("2026-12-01"));
    const auto relative = parsed<commands::AddAction>("action Write the runbook due 3d");
    CHECK_FALSE(relative.owner);
    CHECK(relative.due->in_days == 3);
    CHECK(parsed<commands::AddAction>("action Fix: retries, #timeouts \"now\" 🔥").text ==
          "Fix: retries, #timeouts \"now\" 🔥");
    CHECK(parsed<commands::SetActionDone>("action done 2").number == 2);
    CHECK_FALSE(parsed<commands::SetActionDone>("action undone 2").done);
    CHECK(parsed<commands::EditAction>("action 2 owner <@U0CAROL>").owner->id == "U0CAROL");
    CHECK(parsed<commands::EditAction>("action 2 due 1w").due->in_days == 7);
    parsed<commands::ListActions>("actions");
}

TEST_CASE("an action item's owner can come first, after an optional `add`") {
    const auto first = parsed<commands::AddAction>("action <@U0BOB|bob> add an index due 2d");
    CHECK(first.text == "add an index");
    REQUIRE(first.owner);
    CHECK(first.owner->id == "U0BOB");
    CHECK(first.due->in_days == 2);
    const auto verb = parsed<commands::AddAction>("action add @bob add an index to orders");
    CHECK(verb.text == "add an index to orders");
    REQUIRE(verb.owner);
    CHECK(verb.owner->name == "bob");
    // "add" is the item's own word unless a person follows it.
    CHECK(parsed<commands::AddAction>("action add retries to the client").text ==
          "add retries to the client");
    // One owner: a person last is it, and one first then stays in the text,
    // unless `add` named the first.
    const auto both = parsed<commands::AddAction>("action <@U0CAROL> to brief <@U0BOB>");
    CHECK(both.owner->id == "U0BOB");
    CHECK(both.text == "@U0CAROL to brief");  // shown, never pinging
    const auto added = parsed<commands::AddAction>("action add <@U0CAROL> brief <@U0BOB>");
    CHECK(added.owner->id == "U0CAROL");
    CHECK(added.text == "brief @U0BOB");
    // A mention alone is the text, as before.
    CHECK_FALSE(parsed<commands::AddAction>("action <@U0BOB>").owner);
    CHECK(refused("action add <@U0BOB> due 2d").code == "missing_argument");
    CHECK(refused("action Sync <@U0BOB> <@U0CAROL>").code == "bad_user");
    // `@here` typed out is a word, not a person named "here".
    const auto here = parsed<commands::AddAction>("action @here check the dashboards");
    CHECK_FALSE(here.owner);
    CHECK(here.text == "@here check the dashboards");
    CHECK_FALSE(parsed<commands::AddAction>("action add @Channel to the runbook").owner);
    CHECK(parsed<commands::AddAction>("action page the DBAs @everyone").text ==
          "page the DBAs @everyone");
}

TEST_CASE("a wrong due date or item number is refused with the right shape") {
    const auto bad_date = refused("action Fix it due 2026-13-40");
    CHECK(bad_date.code == "bad_due");
    CHECK(bad_date.message.find("`due YYYY-MM-DD`") != std::string::npos);
    CHECK(refused("action done two").code == "bad_number");
    CHECK(refused("action 2 color red").code == "bad_action");
    const auto missing = decide(incident(), "action done 99");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == "no_such_item");
    CHECK(missing.error().message.find("`/incident actions`") != std::string::npos);
}

TEST_CASE("adding an action item numbers it, resolves a relative due date and names the owner") {
    core::ActionItem first;
    first.number = 1;
    first.text = "Earlier";
    const std::vector items{first};
    const auto c = decide(incident(), "action Add alerting me due 3d", items);
    REQUIRE(c);
    REQUIRE(c->action_items.size() == 1);
    const auto& a = c->action_items[0];
    CHECK(a.number == 2);
    CHECK(a.text == "Add alerting me");  // `me` inside the text stays text
    CHECK(a.due == core::parse_date("2026-11-26"));
    CHECK(c->events[0].kind == EventKind::ActionItem);

    auto resolved = incident();
    resolved.state = core::IncidentState::Resolved;
    const auto owned = decide(resolved, "action 1 owner me", items);
    REQUIRE(owned);
    CHECK(owned->action_items[0].owner == "UBOB");
    CHECK(owned->events[0].subject == "UBOB");
    const auto done = decide(resolved, "action done 1", items);
    REQUIRE(done);
    CHECK(done->action_items[0].done);
}

TEST_CASE(
    "only the action item commands read the items: every other decision is the same "
    "without them") {
    core::ActionItem first;
    first.number = 1;
    first.text = "Earlier";
    first.due = core::parse_date("2026-11-20");
    const std::vector items{first};
    auto resolved = incident();
    resolved.state = core::IncidentState::Resolved;
    resolved.resolved_at = kNow - 1min;
    for (const auto& before : {incident(), resolved})
        for (const std::string text :
             {"ack", "update investigating | looking", "note checked the dashboards",
              "severity SEV2", "resolve fixed", "role ic me", "impact users: 10",
              "detected monitoring_alert at 09:05", "postmortem done https://x.test/pm",
              "action Add alerting", "action done 1", "action 1 owner me"}) {
            const auto command = commands::parse_command(text);
            REQUIRE_MESSAGE(command.ok(), text);
            const auto with =
                commands::decide(before, *command, {"UBOB", kNow}, core::Runbook{}, "UBOT", items);
            const auto without =
                commands::decide(before, *command, {"UBOB", kNow}, core::Runbook{}, "UBOT", {});
            const auto texts = [](const commands::Change& c) {
                std::vector<std::string> out;
                for (const auto& e : c.events) out.push_back(e.text);
                return out;
            };
            const bool same = with.ok() == without.ok() &&
                              (with.ok() ? with->action_items == without->action_items &&
                                               texts(*with) == texts(*without)
                                         : with.error().message == without.error().message);
            CHECK_MESSAGE(same == !commands::reads_action_items(*command), text);
        }
}

TEST_CASE("postmortem, export and stats parse, with a wrong format or period refused") {
    parsed<commands::Postmortem>("postmortem");
    CHECK(parsed<commands::PostmortemDone>("postmortem done https://wiki/x").link ==
          "https://wiki/x");
    CHECK(parsed<commands::Export>("export").format == core::ReportFormat::Markdown);
    CHECK(parsed<commands::Export>("export YAML").format == core::ReportFormat::Yaml);
    CHECK(refused("export pdf").code == "bad_format");
    CHECK(parsed<commands::Stats>("stats").days == 30);
    CHECK(parsed<commands::Stats>("stats 90d").days == 90);
    CHECK_FALSE(parsed<commands::Stats>("stats all").days);
    CHECK(refused("stats forever").code == "bad_window");
    CHECK_FALSE(commands::needs_incident_channel(commands::Stats{}));
}

TEST_CASE("mitigated records the moment the impact stopped, once, while the incident is open") {
    CHECK(parsed<commands::Mitigate>("mitigated rolled back <!here>").text == "rolled back @here");
    CHECK(parsed<commands::Mitigate>("MITIGATE").text.empty());
    CHECK(parsed<commands::Mitigate>("mitigation failed over").text == "failed over");
    CHECK(refused("mitigated " + std::string(3000, 'x')).code == "too_long");

    const auto c = decide(incident(), "mitigated rolled back deploy 4411");
    REQUIRE(c);
    CHECK(c->after.mitigated_at == kNow);
    CHECK(c->after.state == core::IncidentState::Declared);  // it still needs its ack
    REQUIRE(c->events.size() == 1);
    CHECK(c->events[0].kind == EventKind::Mitigated);
    CHECK(c->events[0].text == "rolled back deploy 4411");
    REQUIRE(c->announcements.size() == 1);
    CHECK(c->announcements[0].kind == commands::Announcement::Kind::Mitigated);

    const auto again = decide(c->after, "mitigated");
    REQUIRE_FALSE(again);
    CHECK(again.error().code == "already");
    auto resolved = incident();
    resolved.state = core::IncidentState::Resolved;
    const auto late = decide(resolved, "mitigated");
    REQUIRE_FALSE(late);
    CHECK(late.error().code == "resolved");

    // Reopened, the impact is back: no longer mitigated.
    resolved.mitigated_at = kDeclared + 1min;
    const auto reopened = decide(resolved, "reopen errors are back");
    REQUIRE(reopened);
    CHECK_FALSE(reopened->after.mitigated_at);
}

TEST_CASE("mitigated at a time: recorded then, on the timeline then, never before declaring") {
    const auto typed = parsed<commands::Mitigate>("mitigated rolled back deploy 4411 at 09:05");
    CHECK(typed.text == "rolled back deploy 4411");
    REQUIRE(typed.at);
    CHECK(typed.at->minute_of_day == 9 * 60 + 5);
    CHECK(parsed<commands::Mitigate>("mitigated at 2026-11-23 09:04").at->exact ==
          kDeclared + 4min);
    CHECK(parsed<commands::Mitigate>("mitigated AT 09:06").text.empty());
    // `at` and no time: words of the text, not a mistake.
    const auto words = parsed<commands::Mitigate>("mitigated pointed DNS at the standby");
    CHECK(words.text == "pointed DNS at the standby");
    CHECK_FALSE(words.at);

    const auto late = decide(incident(), "mitigated failed over at 09:05");  // now: 09:07
    REQUIRE(late);
    CHECK(late->after.mitigated_at == kDeclared + 5min);
    REQUIRE(late->events.size() == 1);
    CHECK(late->events[0].at == kDeclared + 5min);
    CHECK(late->events[0].text == "failed over");

    // 08:59 is before the 09:00 declare; 09:30 is in the future, so read as
    // yesterday's, before it too.
    for (const char* text : {"mitigated at 08:59", "mitigated at 09:30"}) {
        const auto early = decide(incident(), text);
        REQUIRE_FALSE(early);
        CHECK(early.error().code == "bad_time");
        CHECK(early.error().message.find("was declared (09:00 UTC)") != std::string::npos);
    }
    auto declared_late = incident();  // at 09:00:30: `at 09:00` is that minute
    declared_late.declared_at += 30s;
    const auto same_minute = decide(declared_late, "mitigated at 09:00");
    REQUIRE(same_minute);
    CHECK(same_minute->after.mitigated_at == declared_late.declared_at);
    const auto future = decide(incident(), "mitigated at 2026-11-23 10:00");
    REQUIRE_FALSE(future);
    CHECK(future.error().message.find("in the future") != std::string::npos);
}
