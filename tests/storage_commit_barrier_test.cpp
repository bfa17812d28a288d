#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>

#include "storage/commit_barrier.hpp"
#include "storage/database.hpp"
#include "storage/incidents.hpp"
#include "support/process.hpp"

TEST_CASE("DB_SYNC reads full and normal and nothing else") {
    CHECK(storage::parse_sync_mode("full").value() == storage::SyncMode::Full);
    CHECK(storage::parse_sync_mode("normal").value() == storage::SyncMode::Normal);
    CHECK_FALSE(storage::parse_sync_mode("FULL").ok());
    CHECK_FALSE(storage::parse_sync_mode("").ok());
}

TEST_CASE("with DB_SYNC=normal an acknowledgement goes out at once, without an fsync") {
    test::TempDir dir;
    storage::Database db(dir.file("incidents.db"));
    boost::asio::io_context io;
    storage::CommitBarrier commits(io, dir.file("incidents.db"), storage::SyncMode::Normal,
                                   nullptr);
    bool acked = false;
    commits.after_commit([&] { acked = true; });
    CHECK(acked);
    CHECK(commits.stats().syncs == 0);
}

TEST_CASE("with DB_SYNC=full acknowledgements wait for an fsync, and a burst shares them") {
    test::TempDir dir;
    const auto path = dir.file("incidents.db");
    storage::Database db(path);
    boost::asio::io_context io;
    // The observer runs on the barrier's thread.
    std::atomic<std::size_t> observed_syncs{0}, observed_commits{0}, untimed{0};
    storage::CommitBarrier commits(io, path, storage::SyncMode::Full, nullptr,
                                   [&](std::chrono::nanoseconds took, std::size_t covered) {
                                       if (took.count() <= 0) ++untimed;
                                       ++observed_syncs;
                                       observed_commits += covered;
                                   });
    REQUIRE(commits.mode() == storage::SyncMode::Full);
    std::vector<int> acked;
    for (int i = 0; i < 200; ++i) {
        storage::Incidents(db).declare(
            {"burst " + std::to_string(i), core::Severity::Sev2, "U1", "C1", {}, ""});
        commits.after_commit([&acked, i] { acked.push_back(i); });
    }
    // Nothing is acknowledged before its fsync has run.
    CHECK(acked.empty());
    // The acks owed count as the io_context's work: run_one() waits for the
    // fsync thread instead of returning at once and leaving the loop stopped.
    while (acked.size() < 200) io.run_one();
    for (int i = 0; i < 200; ++i) CHECK(acked[static_cast<std::size_t>(i)] == i);
    const auto stats = commits.stats();
    CHECK(stats.waiters == 200);
    CHECK(stats.syncs >= 1);
    CHECK(stats.syncs <= 200);
    CHECK(stats.failures == 0);
    CHECK(observed_syncs == stats.syncs);
    CHECK(observed_commits == 200);
    CHECK(untimed == 0);
}

TEST_CASE("an in-memory database has nothing to sync, whatever DB_SYNC says") {
    boost::asio::io_context io;
    storage::CommitBarrier commits(io, ":memory:", storage::SyncMode::Full, nullptr);
    CHECK(commits.mode() == storage::SyncMode::Normal);
    bool acked = false;
    commits.after_commit([&] { acked = true; });
    CHECK(acked);
}

TEST_CASE("a slow sync is logged at once, then at most one line a minute that counts the rest") {
    using namespace std::chrono_literals;
    storage::SlowSyncs slow;
    const storage::SlowSyncs::Time t0{};
    CHECK_FALSE(slow.record("the WAL", 99ms, 5, t0).has_value());
    const auto first = slow.record("the WAL", 150ms, 3, t0 + 1s);
    REQUIRE(first.has_value());
    CHECK(*first ==
          "DB_SYNC=full: syncing the WAL took 150 ms, and 3 acknowledgement(s) waited "
          "for it");
    // Inside the minute: counted, not logged.
    CHECK_FALSE(slow.record("the WAL", 400ms, 9, t0 + 10s).has_value());
    CHECK_FALSE(slow.record("the WAL", 200ms, 1, t0 + 30s).has_value());
    CHECK_FALSE(slow.record("the WAL", 10ms, 1, t0 + 62s).has_value());  // fast: nothing
    const auto next = slow.record("the WAL", 120ms, 2, t0 + 62s);
    REQUIRE(next.has_value());
    CHECK(*next ==
          "DB_SYNC=full: syncing the WAL took 120 ms, and 2 acknowledgement(s) waited "
          "for it; 2 more sync(s) over 100 ms since the last such line, the slowest "
          "400 ms");
    CHECK_FALSE(slow.record("the WAL", 120ms, 2, t0 + 63s).has_value());
}

namespace {
// A disk that takes 150 ms for every sync.
class SlowDisk final : public storage::Durability {
  public:
    storage::SyncResult sync(Time, std::stop_token) override {
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        return {};
    }
    std::string what() const override { return "the slow disk"; }
};
}  // namespace

TEST_CASE("the acks waiting behind a slow sync are explained in the log") {
    boost::asio::io_context io;
    std::ostringstream out;
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
    auto logger = std::make_shared<spdlog::logger>("test", sink);
    storage::CommitBarrier commits(io, std::make_unique<SlowDisk>(), logger);
    int acked = 0;
    for (int i = 0; i < 3; ++i) commits.after_commit([&] { ++acked; });
    while (acked < 3) io.run_one();
    logger->flush();
    const auto log = out.str();
    CHECK(log.find("[warning] DB_SYNC=full: syncing the slow disk took 15") != std::string::npos);
    CHECK(log.find("3 acknowledgement(s) waited for it") != std::string::npos);
}
