#pragma once
// One PostgreSQL session as the bot opens it, for the bot's connection
// (connection.cpp) and the WAL flush's (wal_flush.cpp): libpq's timeouts
// added to the target, and no reconnecting behind the owner's back.
#include <memory>
#include <string>

#include <pqxx/pqxx>

namespace storage::postgres {

// A new session at `target` (with_client_timeouts applied) that never
// reconnects by itself: a lost session is an error on every later
// statement until the owner opens a new one. By default libpqxx 6 opens a
// new session by itself for the statement after a lost one: without the
// session's settings (SET ...: synchronous_commit, the timeouts) and
// outside whatever transaction the lost session held. (libpqxx 7 never
// reconnects by itself; this is that behaviour.) Throws
// DatabaseUnavailable naming `redacted`, never the password.
std::unique_ptr<pqxx::connection> open_session(const std::string& target,
                                               const std::string& redacted);

// `target` with libpq's timeouts, each unless it sets that one itself:
// connect_timeout 3 s, TCP keepalives (a silent peer is given up after
// about 11 s) and tcp_user_timeout 10 s. By default libpq waits for ever on
// a host that does not answer, and a network that drops packets without a
// reset would hang the bot's loop in a read with it.
std::string with_client_timeouts(const std::string& target);

}  // namespace storage::postgres
