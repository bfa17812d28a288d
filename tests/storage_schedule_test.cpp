#include <doctest/doctest.h>

#include <array>
#include <chrono>
#include <vector>

#include "storage/database.hpp"
#include "storage/incidents.hpp"
#include "storage/schedule.hpp"
#include "storage/users.hpp"
#include "support/process.hpp"
#include "tests/support/postgres_server.hpp"

using namespace std::chrono_literals;
using storage::TimerKind;

namespace {

const core::TimePoint t0 = core::from_unix_seconds(1'772'000'000);

std::int64_t new_incident(storage::Database& db) {
    storage::Incidents incidents(db);
    return incidents.declare({"Checkout slow", core::Severity::Sev2, "U1", "C0", t0, "x"}).id;
}

}  // namespace

TEST_CASE("due timers come earliest first and next_due_at names the earliest") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Schedule schedule(db);
    CHECK_FALSE(schedule.next_due_at());
    const auto a = new_incident(db);
    const auto b = new_incident(db);

    schedule.set(a, TimerKind::Reminder, t0 + 30min);
    schedule.set(b, TimerKind::Escalation, t0 + 5min, 1);
    schedule.set(a, TimerKind::Escalation, t0 + 15min, 2);
    schedule.set(b, TimerKind::Postmortem, t0 + 48h);

    CHECK(schedule.next_due_at() == t0 + 5min);
    CHECK(schedule.due(t0 + 4min, 10).empty());
    auto due = schedule.due(t0 + 30min, 10);
    REQUIRE(due.size() == 3);
    CHECK(due[0].incident_id == b);
    CHECK(due[0].kind == TimerKind::Escalation);
    CHECK(due[0].level == 1);
    CHECK(due[1].incident_id == a);
    CHECK(due[1].kind == TimerKind::Escalation);
    CHECK(due[1].level == 2);
    CHECK(due[2].kind == TimerKind::Reminder);
    CHECK(schedule.due(t0 + 30min, 2).size() == 2);
}

TEST_CASE("setting a timer again moves it instead of adding a second one") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Schedule schedule(db);
    const auto a = new_incident(db);
    schedule.set(a, TimerKind::Reminder, t0 + 15min);
    schedule.set(a, TimerKind::Reminder, t0 + 45min);  // an update restarted the clock
    CHECK(schedule.count() == 1);
    CHECK(schedule.get(a, TimerKind::Reminder)->due_at == t0 + 45min);
    CHECK(schedule.next_due_at() == t0 + 45min);
    schedule.set(a, TimerKind::Escalation, t0 + 5min, 0);
    schedule.set(a, TimerKind::Escalation, t0 + 20min, 1);
    CHECK(schedule.get(a, TimerKind::Escalation)->level == 1);
    CHECK_FALSE(schedule.get(a, TimerKind::Postmortem));
}

TEST_CASE("clearing stops one kind of timer, or every timer of a resolved incident") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Schedule schedule(db);
    const auto a = new_incident(db);
    const auto b = new_incident(db);
    schedule.set(a, TimerKind::Reminder, t0 + 15min);
    schedule.set(a, TimerKind::Escalation, t0 + 5min);
    schedule.set(b, TimerKind::Reminder, t0 + 30min);

    schedule.clear(a, std::array{TimerKind::Escalation});  // acknowledged
    CHECK_FALSE(schedule.get(a, TimerKind::Escalation));
    CHECK(schedule.next_due_at() == t0 + 15min);
    schedule.clear_all(a);  // resolved
    CHECK(schedule.count() == 1);
    CHECK(schedule.next_due_at() == t0 + 30min);
}

TEST_CASE("clearing several kinds at once leaves the other kinds and incidents alone") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Schedule schedule(db);
    const auto a = new_incident(db);
    const auto b = new_incident(db);
    for (const auto kind : {TimerKind::Reminder, TimerKind::Escalation, TimerKind::Postmortem,
                            TimerKind::ActionDue}) {
        schedule.set(a, kind, t0 + 15min);
        schedule.set(b, kind, t0 + 15min);
    }
    const std::vector<TimerKind> two{TimerKind::Escalation, TimerKind::ActionDue};
    schedule.clear(a, two);
    CHECK(schedule.get(a, TimerKind::Reminder));
    CHECK_FALSE(schedule.get(a, TimerKind::Escalation));
    CHECK(schedule.get(a, TimerKind::Postmortem));
    CHECK_FALSE(schedule.get(a, TimerKind::ActionDue));
    CHECK(schedule.count() == 6);
    schedule.clear(a, std::vector<TimerKind>{});  // nothing to clear: nothing cleared
    CHECK(schedule.count() == 6);
    const std::vector<TimerKind> all{TimerKind::Reminder, TimerKind::Escalation,
                                     TimerKind::Postmortem, TimerKind::ActionDue};
    schedule.clear(b, all);
    CHECK(schedule.count() == 2);
}

TEST_CASE("the next due time is read from the due_at index, not by scanning every timer") {
    storage::Database db(":memory:");  // SQLite's EXPLAIN QUERY PLAN
    storage::Query plan = db.query("EXPLAIN QUERY PLAN SELECT MIN(due_at) FROM timers");
    std::string details;
    while (plan.step()) details += plan.text(3) + "\n";
    CHECK(details.find("timers_by_due") != std::string::npos);
}

TEST_CASE("timer kinds read back as they are written") {
    for (auto k : {TimerKind::Reminder, TimerKind::Escalation, TimerKind::Postmortem})
        CHECK(storage::parse_timer_kind(storage::to_string(k)) == k);
    CHECK_FALSE(storage::parse_timer_kind("alarm"));
}

TEST_CASE("a plain @name resolves through the user cache, any case, latest holder of the name") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Users users(db);
    CHECK_FALSE(users.find_by_name("alice"));
    users.upsert("UALICE", "alice", t0);
    users.upsert("UBOB", "Bob", t0);
    CHECK(users.find_by_name("alice") == "UALICE");
    CHECK(users.find_by_name("@ALICE") == "UALICE");
    CHECK(users.find_by_name("bob") == "UBOB");
    CHECK_FALSE(users.find_by_name("@"));

    users.upsert("UALICE", "alice.old", t0 + 1h);  // renamed
    users.upsert("UALICE2", "alice", t0 + 2h);     // someone else took the name
    CHECK(users.find_by_name("alice") == "UALICE2");
    CHECK(users.find_by_name("alice.old") == "UALICE");
}
