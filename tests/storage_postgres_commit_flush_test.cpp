// DB_SYNC=full on PostgreSQL: the bot commits with synchronous_commit=off
// and a second connection flushes the WAL before any acknowledgement
// (storage/postgres/wal_flush.hpp).
#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <pqxx/pqxx>

#include "storage/commit_barrier.hpp"
#include "storage/database.hpp"
#include "storage/incidents.hpp"
#include "storage/postgres/wal_flush.hpp"
#include "support/postgres_server.hpp"

namespace {

using Clock = std::chrono::steady_clock;

storage::DatabaseOptions async_commits() {
    storage::DatabaseOptions options;
    options.async_commit = true;
    return options;
}

void declare(storage::Database& db, const std::string& title) {
    storage::Incidents(db).declare({title, core::Severity::Sev2, "U1", "C1", {}, ""});
}

// Where the server's WAL ends now, and whether it has flushed past `lsn`.
std::string wal_end(pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    return tx.exec1("SELECT pg_current_wal_insert_lsn()::text")[0].as<std::string>();
}
bool flushed_past(pqxx::connection& c, const std::string& lsn) {
    pqxx::nontransaction tx(c);
    return tx.exec1("SELECT pg_current_wal_flush_lsn() >= " + tx.quote(lsn) + "::pg_lsn")[0]
        .as<bool>();
}

// Ends the flush's session from the server side, as a crash of the server
// (which ends every session) would.
void end_flush_session(pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    const auto ended = tx.exec(
        "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
        "WHERE application_name = 'incident-bot commit flush'");
    REQUIRE(ended.size() == 1);
    REQUIRE(ended[0][0].as<bool>());
}

}  // namespace

TEST_CASE("on PostgreSQL, acknowledgements wait for a WAL flush past their commit, and share it") {
    // Its own server, as shipped (fsync on), whose WAL writer waits 10 s
    // between rounds: a commit made with synchronous_commit=off stays
    // unflushed unless the barrier flushes it.
    test::PostgresServer server(test::PostgresServer::Disk::Durable, "-c wal_writer_delay=10s");
    const auto url = server.create_database();
    storage::Database db(url, async_commits());
    boost::asio::io_context io;
    storage::CommitBarrier commits(io, storage::postgres::wal_flush(url, "replica-a", nullptr),
                                   nullptr);
    REQUIRE(commits.mode() == storage::SyncMode::Full);
    pqxx::connection watch(url);

    // One at a time: each ack comes after the server flushed past its commit.
    int acked = 0, flushed = 0;
    for (int i = 0; i < 20; ++i) {
        declare(db, "one " + std::to_string(i));
        const auto lsn = wal_end(watch);
        commits.after_commit(
            [&, lsn] {
                ++acked;
                if (flushed_past(watch, lsn)) ++flushed;
            },
            [] { FAIL("a commit was left in doubt"); });
        io.restart();  // the last ack owed let it stop, as an io_context with no work does
        while (acked < i + 1) io.run_one();
    }
    CHECK(flushed == 20);

    // A burst while a flush is held up (another session locks this
    // replica's row): nothing is acked meanwhile, and the 199 commits that
    // came while the first flush waited share the next one.
    const auto before = commits.stats();
    pqxx::connection blocker_connection(url);
    auto blocker = std::make_unique<pqxx::work>(blocker_connection);
    blocker->exec("SELECT 1 FROM commit_flushes WHERE replica = 'replica-a' FOR UPDATE");
    std::vector<int> order;
    for (int i = 0; i < 200; ++i) {
        declare(db, "burst " + std::to_string(i));
        commits.after_commit([&order, i] { order.push_back(i); },
                             [] { FAIL("a commit was left in doubt"); });
    }
    io.restart();
    io.poll();
    CHECK(order.empty());
    blocker->commit();
    while (order.size() < 200) io.run_one();
    for (int i = 0; i < 200; ++i) CHECK(order[static_cast<std::size_t>(i)] == i);
    const auto stats = commits.stats();
    CHECK(stats.syncs - before.syncs >= 1);
    CHECK(stats.syncs - before.syncs <= 2);
    CHECK(stats.failures == 0);
    // Each flush wrote this replica's own row (no lock shared with others).
    pqxx::nontransaction tx(watch);
    CHECK(
        tx.exec1("SELECT flushes FROM commit_flushes WHERE replica = 'replica-a'")[0].as<long>() ==
        static_cast<long>(stats.syncs));
}

TEST_CASE("a PostgreSQL flush on a session newer than the commits, or none, leaves them in doubt") {
    test::PostgresServer server;  // its own: this test stops it
    const auto url = server.create_database();
    storage::Database db(url, async_commits());
    auto flush = storage::postgres::wal_flush(url, "replica-b", nullptr);
    pqxx::connection admin(url);

    declare(db, "before");
    CHECK(flush->sync(Clock::now(), {}).outcome == storage::SyncOutcome::Durable);

    // A commit, then the flush's session ends: that commit may be gone.
    declare(db, "then the session ends");
    const auto queued = Clock::now();
    end_flush_session(admin);
    const auto lost = flush->sync(queued, {});
    CHECK(lost.outcome == storage::SyncOutcome::InDoubt);
    CHECK(lost.error.find("lost the connection") != std::string::npos);

    // The next commits came after the new session began: durable again.
    declare(db, "after");
    CHECK(flush->sync(Clock::now(), {}).outcome == storage::SyncOutcome::Durable);

    // While the server is down, a flush gives up within Slack's 3 s.
    declare(db, "just before the outage");
    const auto before_outage = Clock::now();
    server.stop();
    const auto start = Clock::now();
    const auto down = flush->sync(before_outage, {});
    const auto took = Clock::now() - start;
    CHECK(down.outcome == storage::SyncOutcome::InDoubt);
    CHECK(took < std::chrono::seconds(3));

    // Back up: while nothing waits, the flush finds its session again, so
    // commits made after that are durable.
    server.start();
    flush->idle({});
    REQUIRE(db.writable());
    declare(db, "after the outage");
    CHECK(flush->sync(Clock::now(), {}).outcome == storage::SyncOutcome::Durable);
}

TEST_CASE("a bot's PostgreSQL connection commits without waiting for the flush, only when asked") {
    const auto url = test::PostgresServer::shared().create_database();
    const auto setting = [](storage::Database& db) {
        auto q = db.query("SELECT current_setting('synchronous_commit')");
        q.step();
        return q.text(0);
    };
    storage::Database async_db(url, async_commits());
    CHECK(setting(async_db) == "off");
    // The shared test server itself runs with synchronous_commit=off; a
    // plain connection keeps what the server says.
    test::PostgresServer durable(test::PostgresServer::Disk::Durable);
    storage::Database plain(durable.create_database());
    CHECK(setting(plain) == "on");
}
