#include <doctest/doctest.h>

#include <atomic>
#include <vector>

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
