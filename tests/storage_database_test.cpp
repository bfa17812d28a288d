#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <SQLiteCpp/Database.h>

#include "storage/checkpointer.hpp"
#include "storage/database.hpp"
#include "storage/incidents.hpp"
#include "storage/outbox.hpp"
#include "storage/read_gate.hpp"
#include "storage/schedule.hpp"
#include "storage/schema.hpp"
#include "storage/timeline.hpp"
#include "support/process.hpp"
#include "tests/support/postgres_server.hpp"

using namespace std::chrono_literals;

namespace {

const core::TimePoint t0 = core::from_unix_seconds(1'772'000'000);  // 2026-02-25

storage::NewIncident sample() {
    return {"Payment processing down", core::Severity::Sev1, "U1", "C0", t0, "incident-x"};
}

std::int64_t scalar(storage::Database& db, const char* sql, std::int64_t arg = 0) {
    storage::Query q = db.query(sql);
    if (std::string_view(sql).find("?1") != std::string_view::npos) q.bind(1, arg);
    q.step();
    return q.int64(0);
}

}  // namespace

TEST_CASE("a file database runs in WAL mode with synchronous=NORMAL and foreign keys on") {
    test::TempDir dir;
    storage::Database db(dir.file("incidents.db"));
    CHECK(db.journal_mode() == "wal");
    CHECK(scalar(db, "PRAGMA synchronous") == 1);
    CHECK(scalar(db, "PRAGMA foreign_keys") == 1);
    CHECK(db.schema_version() == storage::latest_schema_version());
}

TEST_CASE("reopening a database keeps its data and applies no migration twice") {
    test::TempDir dir;
    const auto path = dir.file("incidents.db");
    std::int64_t id = 0;
    {
        storage::Database db(path);
        storage::Incidents incidents(db);
        auto declared = incidents.declare(sample());
        id = declared.id;
        declared.roles[core::index(core::Role::Commander)] = "UALICE";
        incidents.save(declared);
    }
    for (int reopen = 0; reopen < 2; ++reopen) {
        storage::Database db(path);
        CHECK(db.schema_version() == storage::latest_schema_version());
        CHECK(scalar(db, "SELECT COUNT(*) FROM schema_migrations") ==
              static_cast<std::int64_t>(storage::migrations().size()));
        storage::Incidents incidents(db);
        auto stored = incidents.get(id);
        REQUIRE(stored);
        CHECK(stored->holder(core::Role::Commander) == "UALICE");
    }
    storage::Database db(path);
    CHECK(core::incident_key(storage::Incidents(db).declare(sample())) == "INC-2026-002");
}

TEST_CASE(
    "a database with whole-second times is migrated to milliseconds, every row kept, its "
    "pending Slack calls still found") {
    test::TempDir dir;
    const auto path = dir.file("incidents.db");
    {
        // Schema version 1 as the first release wrote it: times in seconds.
        SQLite::Database v1(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        v1.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)");
        v1.exec(std::string(storage::migrations()[0].sql));
        v1.exec("INSERT INTO schema_migrations VALUES (1, 'initial schema')");
        v1.exec(
            "INSERT INTO incidents (id, year, number, title, severity, state, declared_by, "
            "origin_channel, channel_name, declared_at, acknowledged_at) VALUES (7, 2026, 1, "
            "'Old one', 'SEV2', 'acknowledged', 'U1', 'C0', 'incident-old', 1772000000, "
            "1772000042)");
        v1.exec(
            "INSERT INTO timeline_events (incident_id, occurred_at, actor, kind, body) VALUES "
            "(7, 1772000042, 'U1', 'acknowledged', '')");
        v1.exec(
            "INSERT INTO timers (incident_id, kind, due_at) VALUES (7, 'reminder', 1772001800)");
        v1.exec(
            "INSERT INTO outbox (incident_id, kind, payload, status, available_at, created_at) "
            "VALUES (7, 'post_message', '{\"n\":1}', 'pending', 1772000042, 1772000042), "
            "(7, 'set_topic', '{\"n\":2}', 'pending', 1772000042, 1772000042)");
    }
    storage::Database db(path);
    CHECK(db.schema_version() == storage::latest_schema_version());
    const auto incident = storage::Incidents(db).get(7);
    REQUIRE(incident);
    CHECK(incident->declared_at == t0);
    CHECK(incident->acknowledged_at == t0 + 42s);
    const auto events = storage::Timeline(db).list(7);
    REQUIRE(events.size() == 1);
    CHECK(events[0].at == t0 + 42s);
    const auto timer = storage::Schedule(db).get(7, storage::TimerKind::Reminder);
    REQUIRE(timer);
    CHECK(timer->due_at == t0 + 30min);
    // Through the outbox's index as it is now (migration 12): the head only,
    // and the row behind it once the head is in hand.
    storage::Outbox outbox(db);
    const auto ready = outbox.next_ready(t0 + 1min, 10);
    REQUIRE(ready.size() == 1);
    CHECK(ready[0].payload.at("n") == 1);
    CHECK(ready[0].available_at == t0 + 42s);
    CHECK(outbox.next_ready(t0 + 1min, 10, {{ready[0].id, 7}}).empty());
    outbox.mark_done(ready[0].id, t0 + 1min);
    REQUIRE(outbox.next_ready(t0 + 1min, 10).size() == 1);
    CHECK(outbox.next_ready(t0 + 1min, 10)[0].payload.at("n") == 2);
}

TEST_CASE("times are kept to the millisecond, and events of one millisecond keep their order") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    const auto declared = incidents.declare(sample());
    storage::Timeline timeline(db);
    const auto at = t0 + 1500ms;
    timeline.append({0, declared.id, t0 + 1501ms, "U1", core::EventKind::Note, "later", ""});
    timeline.append({0, declared.id, at, "U1", core::EventKind::Note, "first", ""});
    timeline.append({0, declared.id, at, "U1", core::EventKind::Note, "second", ""});
    const auto events = timeline.list(declared.id);
    REQUIRE(events.size() == 3);
    CHECK(events[0].text == "first");
    CHECK(events[0].at == at);
    CHECK(events[1].text == "second");
    CHECK(events[2].text == "later");
    storage::Schedule(db).set(declared.id, storage::TimerKind::Reminder, t0 + 900'250ms);
    CHECK(storage::Schedule(db).due(t0 + 900'249ms, 10).empty());
    CHECK(storage::Schedule(db).due(t0 + 900'250ms, 10).size() == 1);
}

TEST_CASE("a database written by a newer incident-bot is refused with a clear error") {
    test::TempDir dir;
    const auto path = dir.file("incidents.db");
    {
        storage::Database db(path);
        db.query("INSERT INTO schema_migrations (version, name) VALUES (?1, ?2)")
            .bind(1, storage::latest_schema_version() + 1)
            .bind(2, "from the future")
            .run();
    }
    auto opened = storage::Database::open(path);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == "db_schema_too_new");
    CHECK(opened.error().message.find("schema version " +
                                      std::to_string(storage::latest_schema_version() + 1)) !=
          std::string::npos);
    CHECK(opened.error().message.find("INCIDENT_DB_PATH") != std::string::npos);
    CHECK_THROWS_AS(storage::Database{path}, storage::DatabaseError);
}

TEST_CASE("a file that is not a database is reported, not crashed on") {
    test::TempDir dir;
    const auto path = dir.file("incidents.db");
    std::ofstream(path) << std::string(4096, 'x');
    auto opened = storage::Database::open(path);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == "db_open_failed");
    CHECK(opened.error().message.find(path) != std::string::npos);
}

TEST_CASE("a transaction that throws leaves nothing behind, not even a used number") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    storage::Timeline timeline(db);
    CHECK_THROWS_WITH_AS(db.transaction([&] {
        auto i = incidents.declare(sample());
        timeline.append({0, i.id, t0, "U1", core::EventKind::Declared, "declared"});
        throw std::runtime_error("channel name invalid");
    }),
                         "channel name invalid", std::runtime_error);
    CHECK_FALSE(db.in_transaction());
    CHECK(incidents.list_open_page(0, 100).empty());
    CHECK(scalar(db, "SELECT COUNT(*) FROM timeline_events") == 0);
    CHECK(incidents.declare(sample()).number == 1);
}

TEST_CASE("a transaction commits what its work wrote and returns its value") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    auto declared = db.transaction([&] { return incidents.declare(sample()); });
    CHECK(incidents.get(declared.id));
    declared.severity = core::Severity::Sev2;
    db.transaction([&] { incidents.save(declared); });
    CHECK(incidents.get(declared.id)->severity == core::Severity::Sev2);
}

TEST_CASE("writes sent with the next round trip keep every value exactly, in order") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    storage::Timeline timeline(db);
    const auto incident = incidents.declare(sample());
    // On PostgreSQL these travel as one text with their values quoted in.
    const std::vector<std::string> texts = {
        "Robert'); DROP TABLE incidents;--", "it''s \\ a backslash \\' and $1 ?1 $$ E'x' ;",
        "line\nbreak\ttab \xF0\x9F\x94\xA5", "",
        std::string(10'000, '\''),
    };
    const auto t =
        std::chrono::system_clock::time_point{} + std::chrono::milliseconds(1795424400123);
    db.transaction([&] {
        for (const auto& text : texts)
            timeline.append({0, incident.id, t, "U'1", core::EventKind::Note, text, "S;1"});
        auto changed = incidents.get(incident.id).value();  // a read between the writes
        changed.impact_text = texts[1];
        incidents.save(changed);
    });
    const auto events = timeline.list(incident.id);
    REQUIRE(events.size() == texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) {
        CHECK(events[i].text == texts[i]);
        CHECK(events[i].actor == "U'1");
        CHECK(events[i].subject == "S;1");
        CHECK(events[i].at == t);
    }
    CHECK(incidents.get(incident.id)->impact_text == texts[1]);
    CHECK(incidents.list_open_page(0, 100).size() == 1);  // nothing injected
}

TEST_CASE("an empty text is bound as '', never as NULL, however it is given") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    const std::string empty_string;
    for (const std::string_view empty :
         {std::string_view{}, std::string_view(""), std::string_view(empty_string)}) {
        auto q = db.query("SELECT CAST(?1 AS TEXT) IS NULL, CAST(?1 AS TEXT) = ''");
        q.bind(1, empty);
        REQUIRE(q.step());
        CHECK(q.int64(0) == 0);
        CHECK(q.int64(1) == 1);
    }
}

TEST_CASE("a sent write that fails fails its transaction whole, a rolled-back one is dropped") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    storage::Timeline timeline(db);
    const auto incident = incidents.declare(sample());
    const auto note = [&](std::int64_t id, const std::string& text) {
        timeline.append({0, id, std::chrono::system_clock::time_point{}, "U1",
                         core::EventKind::Note, text, ""});
    };
    // An incident that does not exist: refused by the foreign key, at the
    // latest when the transaction commits.
    CHECK_THROWS(db.transaction([&] {
        note(incident.id, "kept?");
        note(incident.id + 1000, "refused");
    }));
    CHECK_FALSE(db.in_transaction());
    CHECK(timeline.count(incident.id) == 0);
    CHECK_THROWS_AS(db.transaction([&] {
        note(incident.id, "dropped");
        throw std::runtime_error("changed my mind");
    }),
                    std::runtime_error);
    CHECK(timeline.count(incident.id) == 0);
    db.transaction([&] {
        note(incident.id, "before");
        try {
            db.savepoint([&] {
                note(incident.id, "inside");
                throw std::runtime_error("undo the savepoint");
            });
        } catch (const std::runtime_error&) {
        }
        note(incident.id, "after");
    });
    const auto events = timeline.list(incident.id);
    REQUIRE(events.size() == 2);
    CHECK(events[0].text == "before");
    CHECK(events[1].text == "after");
    db.transaction([] {});  // empty: nothing to send
    CHECK(timeline.count(incident.id) == 2);
}

TEST_CASE("a savepoint that fails rolls back only its own work") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    db.transaction([&] {
        incidents.declare(sample());
        try {
            db.savepoint([&] {
                incidents.declare(sample());
                // A nested transaction inside the savepoint fails with it.
                db.transaction([&] { throw std::runtime_error("inner"); });
            });
        } catch (const std::runtime_error&) {
        }
        CHECK(db.in_transaction());
    });
    auto all = incidents.list_open_page(0, 100);
    REQUIRE(all.size() == 1);
    CHECK(all[0].number == 1);
    CHECK(incidents.declare(sample()).number == 2);
    CHECK_THROWS_AS(db.savepoint([] {}), std::logic_error);  // only inside a transaction
}

TEST_CASE("a nested transaction joins the outer one: caught, its failure still undoes all") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    db.transaction([&] {
        incidents.declare(sample());
        db.transaction([&] { incidents.declare(sample()); });
    });
    CHECK(incidents.list_open_page(0, 100).size() == 2);
    CHECK_THROWS_AS(db.transaction([&] {
        incidents.declare(sample());
        try {
            db.transaction([&] {
                incidents.declare(sample());
                throw std::runtime_error("inner");
            });
        } catch (const std::runtime_error&) {
        }
    }),
                    std::logic_error);
    CHECK_FALSE(db.in_transaction());
    CHECK(incidents.list_open_page(0, 100).size() == 2);
    // The next transaction is not doomed by the last one.
    db.transaction([&] { incidents.declare(sample()); });
    CHECK(incidents.list_open_page(0, 100).size() == 3);
}

namespace {

// The child's work: declares forever, each incident with its timeline,
// outbox and timer rows in one transaction, reporting each commit on `fd`.
// With `pause_at` set, it stops half-way through that transaction and says so.
[[noreturn]] void write_until_killed(const std::string& path, int fd, int pause_at) {
    try {
        storage::Database db(path);
        storage::Incidents incidents(db);
        storage::Timeline timeline(db);
        storage::Outbox outbox(db);
        storage::Schedule schedule(db);
        for (int n = 0;; ++n) {
            db.transaction([&] {
                auto i = incidents.declare(sample());
                for (int e = 0; e < 3; ++e)
                    timeline.append({0, i.id, t0, "U1", core::EventKind::Note, "event"});
                outbox.enqueue(i.id, "create_channel", {{"name", i.channel_name}}, t0);
                if (n == pause_at) {
                    (void)!write(fd, "M", 1);
                    std::this_thread::sleep_for(60s);
                }
                outbox.enqueue(i.id, "post_message", {{"text", i.title}}, t0);
                schedule.set(i.id, storage::TimerKind::Reminder, t0 + 15min);
            });
            (void)!write(fd, "C", 1);
        }
    } catch (...) {
        _exit(3);
    }
}

// Starts the writer, reads its reports until `stop` says so, then SIGKILLs it.
// Returns how many commits it reported.
template <class Stop>
int run_and_kill(const std::string& path, int pause_at, Stop stop) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        write_until_killed(path, fds[1], pause_at);
    }
    close(fds[1]);
    int commits = 0;
    char c = 0;
    while (read(fds[0], &c, 1) == 1) {
        if (c == 'C') ++commits;
        if (stop(c, commits)) break;
    }
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    // Commits reported after we stopped listening still count.
    while (read(fds[0], &c, 1) == 1)
        if (c == 'C') ++commits;
    close(fds[0]);
    CHECK(WIFSIGNALED(status));
    return commits;
}

// Every incident has all of its rows, numbers run 1..N without a gap, and no
// row belongs to an incident that is not there. Returns N.
std::int64_t check_complete(const std::string& path) {
    storage::Database db(path);
    const auto n = scalar(db, "SELECT COUNT(*) FROM incidents");
    CHECK(scalar(db, "SELECT MAX(number) FROM incidents") == n);
    CHECK(scalar(db, "SELECT COUNT(*) FROM timeline_events") == 3 * n);
    CHECK(scalar(db, "SELECT COUNT(*) FROM outbox") == 2 * n);
    CHECK(scalar(db, "SELECT COUNT(*) FROM timers") == n);
    CHECK(scalar(db,
                 "SELECT COUNT(*) FROM incidents i WHERE (SELECT COUNT(*) FROM timeline_events t "
                 "WHERE t.incident_id = i.id) <> 3 OR (SELECT COUNT(*) FROM outbox o WHERE "
                 "o.incident_id = i.id) <> 2") == 0);
    storage::Query integrity = db.query("PRAGMA integrity_check");
    REQUIRE(integrity.step());
    CHECK(integrity.text(0) == "ok");
    return n;
}

}  // namespace

TEST_CASE("kill -9 in the middle of a transaction keeps every committed one and no part of it") {
    test::TempDir dir;
    const auto path = dir.file("incidents.db");
    const int commits = run_and_kill(path, 20, [](char c, int) { return c == 'M'; });
    CHECK(commits == 20);
    CHECK(check_complete(path) == 20);
}

TEST_CASE("kill -9 at arbitrary moments, then restarts on the same file, loses no commit") {
    test::TempDir dir;
    const auto path = dir.file("incidents.db");
    int reported = 0;
    for (int round = 1; round <= 4; ++round) {
        const int target = 40 * round;
        reported += run_and_kill(path, -1, [&](char, int commits) { return commits >= target; });
        const auto stored = check_complete(path);
        // The writer may have committed one more than it managed to report.
        CHECK(stored >= reported);
        CHECK(stored <= reported + 1);
        reported = static_cast<int>(stored);
    }
}

TEST_CASE("with commits not checkpointing, the checkpointer's thread copies the log back") {
    test::TempDir dir;
    const auto path = dir.file("incidents.db");
    storage::DatabaseOptions options;
    options.auto_checkpoint = false;
    storage::Database db(path, options);
    storage::Incidents incidents(db);
    for (int i = 0; i < 6000; ++i) incidents.declare(sample());  // thousands of log pages
    const auto before = std::filesystem::file_size(path);
    CHECK(std::filesystem::file_size(path + "-wal") > 1'000'000);
    {
        storage::Checkpointer checkpointer(path, std::chrono::milliseconds(10), nullptr);
        for (int i = 0; i < 500 && checkpointer.checkpoints() == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        CHECK(checkpointer.checkpoints() > 0);
    }
    CHECK(std::filesystem::file_size(path) > before + 500'000);
    // Nothing was lost on the way.
    storage::Database reopened(path);
    CHECK(scalar(reopened, "SELECT COUNT(*) FROM incidents") == 6000);
}

TEST_CASE("a log restart waits for the readers at the gate, never holding a commit off for them") {
    test::TempDir dir;
    const auto path = dir.file("incidents.db");
    storage::DatabaseOptions options;
    options.auto_checkpoint = false;
    options.lock_wait = 0ms;  // a commit that finds the writer held off fails at once
    storage::Database db(path, options);
    storage::Incidents incidents(db);
    for (int i = 0; i < 3000; ++i) incidents.declare(sample());  // a log due for a restart

    // A dashboard page reading the log as it is: inside the gate, in a
    // read transaction.
    auto gate = std::make_shared<storage::ReadGate>();
    std::optional<storage::ReadGate::Pass> page(gate->enter());
    SQLite::Database reader(path, SQLite::OPEN_READONLY);
    reader.exec("BEGIN");
    SQLite::Statement count(reader, "SELECT COUNT(*) FROM incidents");
    REQUIRE(count.executeStep());
    CHECK(count.getColumn(0).getInt() == 3000);

    storage::Checkpointer checkpointer(path, std::chrono::milliseconds(5), nullptr, gate);
    // While the page reads, commits keep coming, and none of them finds the
    // writer held off by a restart waiting for it.
    int committed = 0;
    int refused = 0;
    const auto until = std::chrono::steady_clock::now() + 300ms;
    while (std::chrono::steady_clock::now() < until) {
        try {
            incidents.declare(sample());
            ++committed;
        } catch (const std::exception&) {
            ++refused;
        }
    }
    CHECK(committed > 0);
    CHECK(refused == 0);
    CHECK(checkpointer.restarts() == 0);

    // The page is done: the log restarts from its beginning.
    count.reset();
    reader.exec("COMMIT");
    page.reset();
    for (int i = 0; i < 500 && checkpointer.restarts() == 0; ++i) std::this_thread::sleep_for(10ms);
    CHECK(checkpointer.restarts() > 0);
    CHECK(scalar(db, "SELECT COUNT(*) FROM incidents") == 3000 + committed);
}

TEST_CASE("a write waits out another connection's lock, and gives up at the busy timeout") {
    test::TempDir dir;
    const auto path = dir.file("incidents.db");
    storage::DatabaseOptions options;
    options.lock_wait = 200ms;
    storage::Database db(path, options);
    storage::Incidents incidents(db);
    SQLite::Database other(path, SQLite::OPEN_READWRITE);

    // Held for 30 ms (as a checkpoint holds the writer off): the write
    // waits, then goes through.
    // The clock starts before the releasing thread does, so the 30 ms it
    // sleeps all fall inside what is measured.
    other.exec("BEGIN IMMEDIATE");
    const auto start = std::chrono::steady_clock::now();
    std::thread release([&] {
        std::this_thread::sleep_for(30ms);
        other.exec("COMMIT");
    });
    incidents.declare(sample());
    const auto waited = std::chrono::steady_clock::now() - start;
    release.join();
    CHECK(waited >= 30ms);
    CHECK(scalar(db, "SELECT COUNT(*) FROM incidents") == 1);

    // Held for longer than the busy timeout: the write fails instead of
    // hanging, after waiting that long, and nothing of it is kept.
    other.exec("BEGIN IMMEDIATE");
    const auto tried = std::chrono::steady_clock::now();
    CHECK_THROWS_AS(incidents.declare(sample()), storage::LockWaitTimeout);
    CHECK(std::chrono::steady_clock::now() - tried >= 200ms);
    other.exec("COMMIT");
    CHECK(scalar(db, "SELECT COUNT(*) FROM incidents") == 1);
}
