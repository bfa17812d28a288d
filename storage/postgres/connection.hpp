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
#include <memory>
#include <string>

#include "storage/backend.hpp"

namespace pqxx {
class connection_base;
}

namespace storage::postgres {

// `target` is a libpq URI or key=value string. Throws DatabaseUnavailable
// when the server cannot be reached; messages never carry the password.
// `async_commit`: commits do not wait for the server's WAL flush
// (synchronous_commit = off), for a CommitBarrier to make durable
// (storage/postgres/wal_flush.hpp) or, with DB_SYNC=normal, not.
std::unique_ptr<Connection> open(const std::string& target, bool async_commit = false);

// Makes a lost session an error on every later statement until the owner
// reconnects. By default libpqxx 6 opens a new session by itself for the
// statement after a lost one: without the session's settings (SET ...:
// synchronous_commit, the timeouts) and outside whatever transaction the
// lost session held. The bot reconnects itself instead, where that is safe
// (PgConnection::reconnect, between transactions), and sets them again.
// (libpqxx 7 never reconnects by itself; this is that behaviour.)
void never_reconnect_silently(pqxx::connection_base& connection);

// `target` with libpq's timeouts, each unless it sets that one itself:
// connect_timeout 3 s, TCP keepalives (a silent peer is given up after
// about 11 s) and tcp_user_timeout 10 s. By default libpq waits for ever on
// a host that does not answer, and a network that drops packets without a
// reset would hang the bot's loop in a read with it.
std::string with_client_timeouts(const std::string& target);

}  // namespace storage::postgres
