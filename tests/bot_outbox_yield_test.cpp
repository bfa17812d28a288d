// The outbox's Slack calls give way to envelopes waiting to be acked
// (SchedulerOptions::envelopes_waiting), for at most outbox_yield_max at a
// time: a real WebApi against the emulated Slack, a real outbox in SQLite.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include "bot/outbox_worker.hpp"
#include "bot/scheduler.hpp"
#include "bot/slack_work.hpp"
#include "bot/user_directory.hpp"
#include "core/runbook.hpp"
#include "messages/slack_message.hpp"
#include "storage/database.hpp"
#include "storage/outbox.hpp"
#include "tests/support/slack_rig.hpp"

using namespace std::chrono_literals;
using test_support::SlackRig;

namespace {

// The scheduler and its outbox on the rig's client loop, as bot::App wires them.
struct YieldRig {
    explicit YieldRig(std::chrono::milliseconds yield_max) {
        REQUIRE(rig.start_and_connect());
        rig.on_client_thread([&] {
            db = std::make_unique<storage::Database>(":memory:");
            users = std::make_unique<bot::UserDirectory>(*db, *rig.web, rig.clock, log);
            worker =
                std::make_unique<bot::OutboxWorker>(*db, *rig.web, *users, rig.clock, runbook, log);
            bot::SchedulerOptions options;
            options.envelopes_waiting = [this] { return waiting.load(); };
            options.outbox_yield_max = yield_max;
            scheduler = std::make_unique<bot::Scheduler>(rig.io, *db, rig.clock, runbook, *worker,
                                                         log, options);
            scheduler->start();
        });
    }
    ~YieldRig() {
        rig.on_client_thread([&] {
            scheduler->stop();
            scheduler.reset();
            worker.reset();
            users.reset();
            db.reset();
        });
    }

    // An ephemeral reply row, ready now; the scheduler told of it.
    void reply(const std::string& text) {
        rig.on_client_thread([&] {
            storage::Outbox outbox(*db);
            db->transaction([&] {
                bot::slack_work::reply(outbox, 0, {"", "C1", "U1"}, messages::SlackMessage{text},
                                       rig.clock.now());
            });
            scheduler->poke();
        });
    }
    std::size_t replies() const { return rig.slack.calls("chat.postEphemeral").size(); }
    bool wait_for_replies(std::size_t n, std::chrono::milliseconds timeout) const {
        const auto give_up = std::chrono::steady_clock::now() + timeout;
        while (replies() < n) {
            if (std::chrono::steady_clock::now() > give_up) return false;
            std::this_thread::sleep_for(5ms);
        }
        return true;
    }

    SlackRig rig;
    std::shared_ptr<spdlog::logger> log =
        std::make_shared<spdlog::logger>("yield", std::make_shared<spdlog::sinks::null_sink_mt>());
    core::Runbook runbook;
    std::atomic<bool> waiting{false};
    std::unique_ptr<storage::Database> db;
    std::unique_ptr<bot::UserDirectory> users;
    std::unique_ptr<bot::OutboxWorker> worker;
    std::unique_ptr<bot::Scheduler> scheduler;
};

}  // namespace

TEST_CASE("the outbox waits while envelopes wait, and goes on once they are read") {
    YieldRig y(10s);
    y.reply("first");
    REQUIRE(y.wait_for_replies(1, 5s));  // nothing waiting: at once
    y.waiting = true;
    y.reply("second");
    std::this_thread::sleep_for(300ms);  // a hundred wake-ups' worth
    CHECK(y.replies() == 1);
    y.waiting = false;
    y.reply("third");  // any poke: the loop has caught up
    CHECK(y.wait_for_replies(3, 5s));
}

TEST_CASE("a storm of envelopes holds the outbox back for at most outbox_yield_max") {
    YieldRig y(1s);
    y.reply("first");
    REQUIRE(y.wait_for_replies(1, 5s));
    y.waiting = true;  // and never stops
    const auto from = std::chrono::steady_clock::now();
    y.reply("second");
    REQUIRE(y.wait_for_replies(2, 10s));
    // Its turn came after about a second, not before the first 300 ms.
    CHECK(std::chrono::steady_clock::now() - from >= 300ms);
}
