#pragma once
// The PostgreSQL engine behind storage::Database (libpqxx 6.4 over libpq).
// Statements are prepared once per connection, with `?N` turned into `$N`;
// parameters travel as text. Inside a transaction, BEGIN and the writes sent
// with Statement::send wait, as SQL text with their values quoted in, and go
// with the next round trip (a statement that must answer, or the COMMIT).
// A session the server ended between transactions is found before the next
// one (Connection::healthy) and replaced; one lost inside a transaction
// fails the statement that finds it (DatabaseUnavailable), so the whole
// transaction, and is replaced by the next transaction.
#include <chrono>
#include <memory>
#include <string>

#include "storage/backend.hpp"

namespace storage::postgres {

// `target` is a libpq URI or key=value string. Throws DatabaseUnavailable
// when the server cannot be reached; messages never carry the password.
// `async_commit`: commits do not wait for the server's WAL flush
// (synchronous_commit = off), for a CommitBarrier to make durable
// (storage/postgres/wal_flush.hpp) or, with DB_SYNC=normal, not.
// `lock_wait`: lock_timeout, after which a statement waiting for a lock
// fails with LockWaitTimeout.
std::unique_ptr<Connection> open(const std::string& target, bool async_commit = false,
                                 std::chrono::milliseconds lock_wait = std::chrono::seconds(5));

}  // namespace storage::postgres
