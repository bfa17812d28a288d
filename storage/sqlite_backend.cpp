#include "storage/sqlite_backend.hpp"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace storage {
namespace {

class SqliteStatement final : public Statement {
  public:
    SqliteStatement(SQLite::Database& db, const char* sql) : statement_(db, sql) {}

    void bind_int64(int index, std::int64_t value) override {
        statement_.bind(index, static_cast<int64_t>(value));
    }
    void bind_text(int index, std::string_view value) override {
        statement_.bind(index, std::string(value));
    }
    void bind_null(int index) override { statement_.bind(index); }
    bool step() override { return statement_.executeStep(); }
    int run() override {
        while (statement_.executeStep()) {
        }
        return statement_.getChanges();
    }
    std::int64_t int64(int column) const override {
        return statement_.getColumn(column).getInt64();
    }
    std::string text(int column) const override { return statement_.getColumn(column).getString(); }
    bool is_null(int column) const override { return statement_.getColumn(column).isNull(); }
    void reset() noexcept override {
        // tryReset reports the error of the last step, which was already
        // thrown from step()/run(); here only the cleanup matters.
        statement_.tryReset();
        try {
            statement_.clearBindings();  // sqlite3_clear_bindings cannot fail in practice
        } catch (...) {
        }
    }

  private:
    // getColumn is not const in SQLiteCpp; reading a column changes nothing.
    mutable SQLite::Statement statement_;
};

class SqliteConnection final : public Connection {
  public:
    SqliteConnection(const std::string& path, int busy_timeout_ms)
        : db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, busy_timeout_ms) {}

    Dialect dialect() const override { return Dialect::Sqlite; }
    void exec(const std::string& sql) override { db_.exec(sql); }
    std::unique_ptr<Statement> prepare(const char* sql) override {
        return std::make_unique<SqliteStatement>(db_, sql);
    }
    // A file connection is never lost; errors are per statement.
    bool healthy() const override { return true; }
    void reconnect() override {}

  private:
    SQLite::Database db_;
};

}  // namespace

std::unique_ptr<Connection> open_sqlite(const std::string& path, int busy_timeout_ms,
                                        bool auto_checkpoint) {
    auto c = std::make_unique<SqliteConnection>(path, busy_timeout_ms);
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
