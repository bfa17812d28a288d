// The outbox and the timers on a thread of their own (bot/work_thread),
// with a database connection of their own, as bot::App runs them: a change
// committed on the loop's connection reaches them through Scheduler::poke().
#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include "bot/incident_writer.hpp"
#include "bot/outbox_worker.hpp"
#include "bot/scheduler.hpp"
#include "bot/user_directory.hpp"
#include "bot/work_thread.hpp"
#include "core/clock.hpp"
#include "core/runbook.hpp"
#include "slack/web_api.hpp"
#include "storage/database.hpp"
#include "storage/timeline.hpp"
#include "tests/support/bot_rig.hpp"
#include "tests/support/message_text.hpp"
#include "tests/support/process.hpp"

using namespace std::chrono_literals;

namespace {

// The scheduler's side: a thread, a connection, a Web API client (to a port
// nobody listens on: its calls fail and wait to be retried, which this test
// does not look at).
struct WorkSide {
    WorkSide(const std::string& db_path, core::Clock& clock, const core::Runbook& runbook)
        : thread(log) {
        db = std::make_unique<storage::Database>(db_path);
        slack::WebApiOptions web_options;
        web_options.api_url = "http://127.0.0.1:9/api/";
        web_options.bot_token = "xoxb-test";
        web = std::make_unique<slack::WebApi>(thread.io(), log, web_options);
        users = std::make_unique<bot::UserDirectory>(*db, *web, clock, log);
        worker = std::make_unique<bot::OutboxWorker>(*db, *web, *users, clock, runbook, log);
        scheduler =
            std::make_unique<bot::Scheduler>(thread.io(), *db, clock, runbook, *worker, log);
        thread.start();
        thread.call([&] { scheduler->start(); });
    }
    ~WorkSide() {
        thread.call([&] { scheduler->stop(); });
        thread.stop();
    }

    std::shared_ptr<spdlog::logger> log =
        std::make_shared<spdlog::logger>("work", std::make_shared<spdlog::sinks::null_sink_mt>());
    bot::WorkThread thread;
    std::unique_ptr<storage::Database> db;
    std::unique_ptr<slack::WebApi> web;
    std::unique_ptr<bot::UserDirectory> users;
    std::unique_ptr<bot::OutboxWorker> worker;
    std::unique_ptr<bot::Scheduler> scheduler;
};

bool eventually(const std::function<bool()>& holds, std::chrono::milliseconds timeout = 5s) {
    const auto give_up = std::chrono::steady_clock::now() + timeout;
    while (!holds()) {
        if (std::chrono::steady_clock::now() > give_up) return false;
        std::this_thread::sleep_for(5ms);
    }
    return true;
}

}  // namespace

TEST_CASE("a timer set through the loop's connection fires on the Slack work's thread when poked") {
    test::TempDir dir;
    const auto path = dir.file("incidents.db");
    // Time stands still: only the poke can tell the scheduler that a timer
    // is due, since the next due time it read a moment ago was "none".
    core::ManualClock clock(core::from_unix_millis(1'800'000'000'000));
    core::Runbook runbook;
    storage::Database loop_db(path);
    WorkSide work(path, clock, runbook);
    // Its first wake-up (a few milliseconds after start) reads "no timers".
    std::this_thread::sleep_for(200ms);

    // Declared 20 minutes ago on the loop's connection: its first reminder
    // (SEV1, every 15 minutes) is 5 minutes overdue.
    bot::IncidentWriter writer(loop_db, runbook);
    const auto incident =
        writer.declare({core::Severity::Sev1, "Payment processing down", false}, "U0ALICE",
                       {"", "C0GENERAL", "U0ALICE"}, clock.now() - 20min);
    storage::Timeline timeline(loop_db);
    const auto reminders = [&] {
        return timeline.count(incident.id, core::EventKind::ReminderSent);
    };
    work.scheduler->poke();  // from this thread, as the loop's commands do
    CHECK(eventually([&] { return reminders() == 1; }));
    // Once: more pokes find it done.
    work.scheduler->poke();
    std::this_thread::sleep_for(50ms);
    CHECK(reminders() == 1);
}

TEST_CASE("call() runs on the thread and returns its answer, after stop() it runs in place") {
    std::shared_ptr<spdlog::logger> log =
        std::make_shared<spdlog::logger>("work", std::make_shared<spdlog::sinks::null_sink_mt>());
    bot::WorkThread thread(log);
    const auto caller = std::this_thread::get_id();
    CHECK(thread.call([] { return std::this_thread::get_id(); }) == caller);  // not started
    thread.start();
    const auto on_thread = thread.call([] { return std::this_thread::get_id(); });
    CHECK(on_thread != caller);
    CHECK(thread.call([] { return 42; }) == 42);
    CHECK_THROWS_AS(thread.call([]() -> int { throw std::runtime_error("boom"); }),
                    std::runtime_error);
    thread.stop();
    CHECK(thread.call([] { return std::this_thread::get_id(); }) == caller);
}

TEST_CASE("the whole bot with its Slack work on the thread: channel, roles, reminders, restart") {
    // As with PostgreSQL (which e2e_replicas_test runs), here on SQLite and a
    // ManualClock, so that time can jump.
    test::BotRig rig({}, core::from_unix_seconds(1795424400), true);
    const auto c = rig.declare();  // the channel and its opening message come from the thread
    REQUIRE_FALSE(c.empty());
    CHECK(rig.count(c, "Payment processing down") >= 1);
    rig.command(rig.bob, c, "role ic me");
    // Set on the loop's connection; due on the thread's.
    rig.advance(14min);
    CHECK(rig.count(c, "Status update due") == 0);
    rig.advance(1min);
    REQUIRE(rig.count(c, "Status update due") == 1);
    CHECK(test::all_text(rig.bot_messages(c).back()).find("<@" + rig.bob + ">") !=
          std::string::npos);
    // An update on the loop, five minutes later, moves the timer the thread
    // waits on from minute 30 to minute 35.
    rig.advance(5min);
    rig.command(rig.bob, c, "update rolled back, watching the error rate");
    rig.advance(10min);
    CHECK(rig.count(c, "Status update due") == 1);
    rig.restart();
    rig.advance(5min);
    CHECK(rig.count(c, "Status update due") == 2);
}
