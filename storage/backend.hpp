#pragma once
// What storage::Database needs from a database engine: a connection that runs
// SQL text and prepares statements. Two implementations: SQLite
// (storage/sqlite_backend.hpp, the embedded default) and PostgreSQL
// (storage/postgres/). Repositories never see this layer; they write the one
// portable SQL text with `?N` placeholders (storage/dialect.hpp names where
// the engines differ).
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "storage/dialect.hpp"

namespace storage {

// The database cannot be reached (connection refused or lost). Nothing of
// the transaction in flight was committed; a later transaction reconnects.
class DatabaseUnavailable : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// A statement waited longer than the connection's lock wait
// (DatabaseOptions::lock_wait) for a lock another connection held: another
// replica, or someone at a psql or sqlite3 prompt, in the middle of a
// transaction on the same rows. Nothing of the transaction was committed;
// the connection is fine.
class LockWaitTimeout : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// A prepared statement. Parameters are 1-based (`?1` is index 1); columns
// 0-based. NULL reads as 0 or "" (as SQLite does); is_null tells them apart.
class Statement {
  public:
    virtual ~Statement() = default;
    virtual void bind_int64(int index, std::int64_t value) = 0;
    virtual void bind_text(int index, std::string_view value) = 0;
    virtual void bind_null(int index) = 0;
    virtual bool step() = 0;  // next row; false when there is none
    virtual int run() = 0;    // runs to the end; rows changed
    // Runs a statement whose answer nobody reads, as soon as the engine
    // finds it cheap: SQLite at once; PostgreSQL, inside a transaction,
    // together with the next statement that must answer or the COMMIT (one
    // round trip for several writes). A failure then fails that statement,
    // and so the transaction, which is rolled back whole as always.
    virtual void send() { run(); }
    virtual std::int64_t int64(int column) const = 0;
    virtual std::string text(int column) const = 0;
    virtual bool is_null(int column) const = 0;
    // Back to unbound and unexecuted; never throws.
    virtual void reset() noexcept = 0;

    // How many storage::Query objects use it right now (Query counts): a
    // statement of a lost connection is freed once none does.
    int users = 0;
};

class Connection {
  public:
    virtual ~Connection() = default;
    virtual Dialect dialect() const = 0;
    // Runs constant SQL without parameters; may hold several statements.
    virtual void exec(const std::string& sql) = 0;
    virtual std::unique_ptr<Statement> prepare(const char* sql) = 0;
    // False once the connection is known to be lost; reconnect() then makes
    // a new one (prepared statements are gone with the old one). Throws
    // DatabaseUnavailable when the database still cannot be reached.
    virtual bool healthy() const = 0;
    virtual void reconnect() = 0;
    // Ends the open transaction with a COMMIT that travels with the next
    // statement instead of a round trip of its own; false where that is not
    // done (the caller commits now).
    virtual bool commit_with_next() { return false; }
};

}  // namespace storage
