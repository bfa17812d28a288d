#pragma once
// The database connection: SQLite (a file, the embedded default) or
// PostgreSQL (a libpq URI, for several replicas), schema migrations at
// start-up, a cache of prepared statements and the transaction wrapper. One
// Database per thread; repositories (incidents.hpp, outbox.hpp, ...) borrow
// it and never know which engine they talk to.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include <spdlog/logger.h>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "storage/backend.hpp"
#include "storage/query.hpp"

namespace storage {

// Thrown for a database that cannot be used at all (newer schema, failed
// migration); Database::open turns it into a core::Error.
class DatabaseError : public std::runtime_error {
  public:
    DatabaseError(std::string code, const std::string& message)
        : std::runtime_error(message), code_(std::move(code)) {}
    const std::string& code() const { return code_; }

  private:
    std::string code_;
};

struct DatabaseOptions {
    std::shared_ptr<spdlog::logger> logger;  // optional: migrations are logged when set
    // Off: commits never checkpoint the log; a storage::Checkpointer must.
    bool auto_checkpoint = true;
    // Several replicas on one PostgreSQL database: who this one is in the
    // outbox's and the timers' claims, and how long a claim lasts.
    std::string replica_id = "incident-bot";
    std::chrono::milliseconds lease{10'000};
    // PostgreSQL: commits do not wait for the server's WAL flush
    // (synchronous_commit = off); a CommitBarrier makes them durable before
    // any acknowledgement (DB_SYNC=full). SQLite's commits never wait for
    // the disk on the loop, whatever this says (see commit_barrier.hpp).
    bool async_commit = false;
    // How long a statement waits for a lock another connection holds
    // (SQLite's busy wait, PostgreSQL's lock_timeout) before it fails with
    // LockWaitTimeout. The commands' connections wait less than Slack's ack
    // deadline (bot/app.cpp), so that a person hears "nothing changed, try
    // again" instead of nothing; PostgreSQL's start-up migrations wait for
    // another replica's apart from this.
    std::chrono::milliseconds lock_wait{5'000};
};

class Database {
  public:
    // `target` is a SQLite file, created if missing, or ":memory:" (tests),
    // or a PostgreSQL connection string (postgresql://user:pass@host/db or
    // key=value; see dialect::is_postgres_target). Throws DatabaseError,
    // DatabaseUnavailable, or the engine's exception.
    explicit Database(const std::string& target, DatabaseOptions options = {});
    // The same, with failures as a value: codes `db_open_failed`,
    // `db_unreachable`, `db_schema_too_new`, `db_migration_failed`.
    static core::Result<std::unique_ptr<Database>> open(const std::string& target,
                                                        DatabaseOptions options = {});

    // Empties a database for a fresh start (the sandbox's, at each start):
    // a SQLite file is removed with its journal; on PostgreSQL every table
    // the migrations made is dropped, under the migration lock, and nothing
    // else in the database is touched. Throws as the constructor does.
    static void erase(const std::string& target);

    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Runs `work` in a transaction: committed when it returns, rolled back
    // when it throws (the exception is rethrown). Nests: an inner call joins
    // the outer transaction and costs nothing (no SAVEPOINT, which on
    // PostgreSQL is a round trip of its own). An inner call that throws
    // dooms the outer one: if its exception is caught and the outer work
    // returns anyway, the outer commit throws and nothing is kept (as
    // PostgreSQL itself does after a failed statement). Work whose failure
    // is meant to be caught and survived goes in savepoint().
    template <class Work>
    std::invoke_result_t<Work&> transaction(Work&& work);
    // The same, but on PostgreSQL the COMMIT is not a round trip of its own:
    // it goes with this connection's next statement, which answers only
    // once it is committed. Until that statement has answered, the changes
    // are in doubt, and if it throws they may be lost: only for changes a
    // caller can tell apart and make again (the outbox's outcomes, followed
    // by its claim). SQLite, and a call nested in a transaction, commit as
    // transaction() does.
    template <class Work>
    std::invoke_result_t<Work&> transaction_committed_with_next(Work&& work);
    // Inside a transaction: runs `work` under a SAVEPOINT, so that when it
    // throws only its own changes are rolled back and the transaction goes on.
    template <class Work>
    std::invoke_result_t<Work&> savepoint(Work&& work);
    // A read transaction (BEGIN DEFERRED): one consistent snapshot that never
    // takes the write lock, so a reader in another process (`incident-bot
    // export`) never blocks the bot's writes. Not nestable in transaction().
    template <class Work>
    std::invoke_result_t<Work&> read_transaction(Work&& work);

    // A cached prepared statement for a constant SQL text; values are bound,
    // never spliced into `sql`.
    Query query(const char* sql);

    int schema_version();  // highest migration applied
    // Statements of lost connections still held because a Query used them.
    std::size_t retired_statements() const { return retired_.size(); }
    std::string journal_mode();  // "wal" for a file database; "" for PostgreSQL
    bool in_transaction() const { return depth_ > 0; }
    // The file, or the connection string with its password redacted: safe
    // to log and to show.
    const std::string& path() const { return path_; }
    Dialect dialect() const { return dialect_; }
    // Outbox rows and timers are claimed (PostgreSQL only; SQLite has one process).
    bool claims() const { return dialect_ == Dialect::Postgres; }
    const std::string& replica_id() const { return replica_id_; }
    std::chrono::milliseconds lease() const { return lease_; }
    // The earliest due time of the timers set through this connection
    // (Schedule::set, committed or not) since the last take: the scheduler
    // keeps the next due time it read, and only this can make it earlier.
    void note_timer_set(core::TimePoint due_at) {
        if (!earliest_timer_set_ || due_at < *earliest_timer_set_) earliest_timer_set_ = due_at;
    }
    std::optional<core::TimePoint> take_earliest_timer_set() {
        return std::exchange(earliest_timer_set_, std::nullopt);
    }
    // Whether a write could start now (SQLite: the write lock is free;
    // PostgreSQL: the server answers, reconnecting if the connection was lost).
    bool writable();

  private:
    enum class ScopeKind { Write, WriteCommittedWithNext, Read, Savepoint };
    class Scope {
      public:
        explicit Scope(Database& db, ScopeKind kind = ScopeKind::Write);
        ~Scope();
        void commit();
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

      private:
        Database& db_;
        bool nested_;
        bool savepoint_;
        bool commit_with_next_;
        bool was_doomed_;  // a savepoint rolled back undoes its own doom too
        bool done_ = false;
    };

    struct SqlHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };

    // `work` run and committed in a scope of `kind`, rolled back if it throws.
    template <class Work>
    std::invoke_result_t<Work&> in_scope(ScopeKind kind, Work& work);

    void migrate();
    bool applied(int version);  // recorded in schema_migrations
    void migrate_sqlite();
    void migrate_postgres();
    // BEGIN, COMMIT, SAVEPOINT...: cached statements in SQLite, plain text
    // in PostgreSQL.
    void control(const char* sql);
    // Before an outermost transaction: replaces a lost connection.
    void ensure_connected();
    // Sets the cached statements aside for a new connection or schema.
    void retire_statements();

    std::string path_;
    Dialect dialect_;
    std::unique_ptr<Connection> conn_;
    std::shared_ptr<spdlog::logger> logger_;
    std::string replica_id_;
    std::chrono::milliseconds lease_;
    // Declared after conn_: statements are finalised before the connection closes.
    std::unordered_map<std::string, std::unique_ptr<Statement>, SqlHash, std::equal_to<>>
        statements_;
    // Statements of a lost connection (or from before a migration) that a
    // Query still used when they were retired: its next step fails cleanly.
    // Freed at the next retirement once no Query uses them.
    std::vector<std::unique_ptr<Statement>> retired_;
    int depth_ = 0;
    std::optional<core::TimePoint> earliest_timer_set_;
    // A nested transaction() threw inside the current outermost one.
    bool doomed_ = false;
};

template <class Work>
std::invoke_result_t<Work&> Database::in_scope(ScopeKind kind, Work& work) {
    using R = std::invoke_result_t<Work&>;
    static_assert(!std::is_rvalue_reference_v<R>, "return a value or an lvalue reference");
    Scope scope(*this, kind);
    if constexpr (std::is_void_v<R>) {
        work();
        scope.commit();
    } else {
        R result = work();
        scope.commit();
        return result;
    }
}

template <class Work>
std::invoke_result_t<Work&> Database::transaction(Work&& work) {
    return in_scope(ScopeKind::Write, work);
}

template <class Work>
std::invoke_result_t<Work&> Database::transaction_committed_with_next(Work&& work) {
    return in_scope(ScopeKind::WriteCommittedWithNext, work);
}

template <class Work>
std::invoke_result_t<Work&> Database::read_transaction(Work&& work) {
    return in_scope(ScopeKind::Read, work);
}

template <class Work>
std::invoke_result_t<Work&> Database::savepoint(Work&& work) {
    return in_scope(ScopeKind::Savepoint, work);
}

}  // namespace storage
