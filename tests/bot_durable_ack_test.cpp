// An ack that waits for its change to be durable, when the sync is slower
// than Slack's deadline: the reply it would have carried is not lost.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "bot/durable_ack.hpp"
#include "slack/ack.hpp"
#include "storage/commit_barrier.hpp"

namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// A disk (or a PostgreSQL flush) that takes `took` to sync, then says `outcome`.
class HeldSync final : public storage::Durability {
  public:
    HeldSync(std::chrono::milliseconds took, storage::SyncOutcome outcome)
        : took_(took), outcome_(outcome) {}
    storage::SyncResult sync(Time, std::stop_token) override {
        std::this_thread::sleep_for(took_);
        return {outcome_, outcome_ == storage::SyncOutcome::Durable ? "" : "the server went away"};
    }
    std::string what() const override { return "the held sync"; }

  private:
    std::chrono::milliseconds took_;
    storage::SyncOutcome outcome_;
};

// Runs `io` long enough for `longest` and whatever follows it.
void run_past(boost::asio::io_context& io, std::chrono::milliseconds longest) {
    const auto until = std::chrono::steady_clock::now() + longest + 300ms;
    while (std::chrono::steady_clock::now() < until) {
        io.run_for(10ms);
        if (io.stopped()) {
            io.restart();
            std::this_thread::sleep_for(1ms);
        }
    }
}

struct Outcome {
    std::optional<json> late;  // what went to the late path
    int late_calls = 0;
    std::shared_ptr<slack::AckCounters> counters = std::make_shared<slack::AckCounters>();
};

// A slash command's change with reply `done` (or `in_doubt`), acked through a
// sync that takes `sync` against an ack deadline of `deadline`.
Outcome acked_through(std::chrono::milliseconds sync, storage::SyncOutcome outcome,
                      std::chrono::milliseconds deadline) {
    boost::asio::io_context io;
    auto logger =
        std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
    storage::CommitBarrier commits(io, std::make_unique<HeldSync>(sync, outcome), logger);
    Outcome seen;
    // No socket: the frame is counted lost, which is all this test needs to
    // tell who acked (the deadline or the handler).
    auto ack = slack::make_ack(io.get_executor(), {}, "envelope-1", "slash_commands", deadline,
                               logger, seen.counters);
    bot::ack_when_durable(commits, std::move(ack), json{{"text", "INC-2026-001 updated"}},
                          json{{"text", "may not have been saved"}}, [&](json reply) {
                              seen.late = std::move(reply);
                              ++seen.late_calls;
                          });
    run_past(io, std::max(sync, deadline));
    return seen;
}

struct EventOutcome {
    int in_doubt_calls = 0;
    bool pending_in_doubt = false;  // the ack still owed when in_doubt got it
    std::shared_ptr<slack::AckCounters> counters = std::make_shared<slack::AckCounters>();
};

// An event's change (no reply), acked through a sync that says `outcome`;
// in doubt, the ack is withheld.
EventOutcome event_acked_through(storage::SyncOutcome outcome) {
    boost::asio::io_context io;
    auto logger =
        std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
    storage::CommitBarrier commits(io, std::make_unique<HeldSync>(10ms, outcome), logger);
    EventOutcome seen;
    auto ack = slack::make_ack(io.get_executor(), {}, "envelope-1", "events_api", 2s, logger,
                               seen.counters);
    bot::ack_when_durable(commits, std::move(ack), [&](slack::Ack& owed) {
        ++seen.in_doubt_calls;
        seen.pending_in_doubt = owed.pending();
        owed.withhold();
    });
    run_past(io, 10ms);
    return seen;
}

}  // namespace

TEST_CASE("a sync inside the ack's deadline: the reply is the ack's, nothing goes late") {
    const auto seen = acked_through(10ms, storage::SyncOutcome::Durable, 2s);
    CHECK(seen.counters->by_deadline == 0);
    CHECK(seen.counters->sent + seen.counters->lost == 1);
    CHECK(seen.late_calls == 0);
}

TEST_CASE("a sync that outlasts the ack's deadline: the reply goes the late way, once") {
    const auto seen = acked_through(400ms, storage::SyncOutcome::Durable, 100ms);
    CHECK(seen.counters->by_deadline == 1);  // the ack went out empty, in time
    CHECK(seen.counters->sent + seen.counters->lost == 1);
    REQUIRE(seen.late_calls == 1);
    CHECK(seen.late->value("text", "") == "INC-2026-001 updated");
}

TEST_CASE("a change left in doubt after the ack's deadline: the person is told, the late way") {
    const auto seen = acked_through(400ms, storage::SyncOutcome::InDoubt, 100ms);
    CHECK(seen.counters->by_deadline == 1);
    REQUIRE(seen.late_calls == 1);
    CHECK(seen.late->value("text", "") == "may not have been saved");
}

TEST_CASE("an event's change made durable is acked, and in_doubt is not asked") {
    const auto seen = event_acked_through(storage::SyncOutcome::Durable);
    CHECK(seen.in_doubt_calls == 0);
    CHECK(seen.counters->sent + seen.counters->lost == 1);
    CHECK(seen.counters->withheld == 0);
    CHECK(seen.counters->by_deadline == 0);
}

TEST_CASE(
    "an event's change left in doubt: the ack goes to in_doubt, still owed, and is withheld") {
    const auto seen = event_acked_through(storage::SyncOutcome::InDoubt);
    CHECK(seen.in_doubt_calls == 1);
    CHECK(seen.pending_in_doubt);
    CHECK(seen.counters->withheld == 1);
    CHECK(seen.counters->sent + seen.counters->lost == 0);
    CHECK(seen.counters->by_deadline == 0);
}
