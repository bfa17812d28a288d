#include "storage/sqlite_backend.hpp"

#include <sqlite3.h>

#include <chrono>
#include <mutex>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>

#include "storage/busy_wait.hpp"

namespace storage {
namespace {

// On SQLite's C interface directly: SQLiteCpp's Statement hands out each
// column value through a Column holding a shared pointer to the statement
// (an atomic increment and decrement per value read), and copies every
// bound text twice. Errors are SQLiteCpp's exceptions, as from the rest.
class SqliteStatement final : public Statement {
  public:
    SqliteStatement(SQLite::Database& db, const char* sql) : db_(db.getHandle()) {
        const int rc = sqlite3_prepare_v2(db_, sql, -1, &statement_, nullptr);
        if (rc != SQLITE_OK) throw SQLite::Exception(db_, rc);
    }
    ~SqliteStatement() override { sqlite3_finalize(statement_); }
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    void bind_int64(int index, std::int64_t value) override {
        check(sqlite3_bind_int64(statement_, index, value));
    }
    void bind_text(int index, std::string_view value) override {
        // An empty view may have no data at all, which SQLite would bind as
        // NULL: text is always text, if only "".
        check(sqlite3_bind_text64(statement_, index, value.empty() ? "" : value.data(),
                                  value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    }
    void bind_null(int index) override { check(sqlite3_bind_null(statement_, index)); }
    bool step() override {
        const int rc = sqlite3_step(statement_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        // The busy wait (storage/busy_wait.hpp) ran out.
        if (rc == SQLITE_BUSY) throw LockWaitTimeout(sqlite3_errmsg(db_));
        throw SQLite::Exception(db_, rc);
    }
    int run() override {
        while (step()) {
        }
        return sqlite3_changes(db_);
    }
    std::int64_t int64(int column) const override {
        return sqlite3_column_int64(statement_, column);
    }
    std::string text(int column) const override {
        // text first, then its length (SQLite's documented order).
        const auto* p = sqlite3_column_text(statement_, column);
        if (!p) return {};
        return std::string(reinterpret_cast<const char*>(p),
                           static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
    }
    bool is_null(int column) const override {
        return sqlite3_column_type(statement_, column) == SQLITE_NULL;
    }
    void reset() noexcept override {
        // sqlite3_reset repeats the error of the last step, which was
        // already thrown from step()/run(); here only the cleanup matters.
        sqlite3_reset(statement_);
        sqlite3_clear_bindings(statement_);
    }

  private:
    void check(int rc) const {
        if (rc != SQLITE_OK) throw SQLite::Exception(db_, rc);
    }

    sqlite3* db_;
    sqlite3_stmt* statement_ = nullptr;
};

class SqliteConnection final : public Connection {
  public:
    SqliteConnection(const std::string& path, std::chrono::milliseconds lock_wait)
        : busy_(lock_wait),
          db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX) {
        busy_.install(db_.getHandle());
    }

    Dialect dialect() const override { return Dialect::Sqlite; }
    void exec(const std::string& sql) override { db_.exec(sql); }
    std::unique_ptr<Statement> prepare(const char* sql) override {
        return std::make_unique<SqliteStatement>(db_, sql);
    }
    // A file connection is never lost; errors are per statement.
    bool healthy() const override { return true; }
    void reconnect() override {}

  private:
    BusyWait busy_;  // before db_: outlives the connection that calls it
    SQLite::Database db_;
};

}  // namespace

std::unique_ptr<Connection> open_sqlite(const std::string& path,
                                        std::chrono::milliseconds lock_wait, bool auto_checkpoint) {
    // A storage::Database is used by one thread at a time (the loop, or the
    // dashboard thread that took it from its pool), so SQLite's locks are
    // pure cost: a mutex taken for every call on a connection (hence
    // OPEN_NOMUTEX), and a process-wide one for every allocation, there
    // only to count memory nobody reads (MEMSTATUS). The latter must be set
    // before SQLite initialises; when something opened SQLite first, the
    // call fails harmlessly and the counting stays.
    static std::once_flag configured;
    std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
    auto c = std::make_unique<SqliteConnection>(path, lock_wait);
    // WAL: readers never block the writer, and a commit is one append to the
    // log. synchronous=NORMAL in WAL mode survives a process crash (kill -9)
    // with every committed transaction; only an OS crash or power loss can
    // drop the last few commits, and never corrupts the file.
    c->exec("PRAGMA journal_mode = WAL");
    c->exec("PRAGMA synchronous = NORMAL");
    c->exec("PRAGMA foreign_keys = ON");
    if (!auto_checkpoint) c->exec("PRAGMA wal_autocheckpoint = 0");
    return c;
}

}  // namespace storage
