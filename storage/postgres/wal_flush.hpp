#pragma once
// DB_SYNC=full on PostgreSQL (see storage/commit_barrier.hpp). The bot's
// connections commit with synchronous_commit=off: the server answers a
// COMMIT before its WAL reaches the disk, so a commit costs the loop one
// round trip and no disk wait. Before an acknowledgement, this second
// connection (on the barrier's thread) commits a one-row write with
// synchronous_commit on: PostgreSQL flushes its one WAL up to that commit
// record, and so every commit made before it. One flush covers every commit
// that came while the previous one ran.
//
// Sound only if the server did not crash between those commits and the
// flush (a crash loses what was not flushed, and after recovery a flush
// would succeed all the same). A crash ends every session, so a flush made
// on a session that was already open before the first of those commits was
// queued proves there was none; a flush on a newer session reports them
// InDoubt. While no commit waits, the session is checked every 100 ms and
// reopened when lost, so that a restart is seen before the next commits.
#include <memory>
#include <string>

#include <spdlog/logger.h>

#include "storage/commit_barrier.hpp"

namespace storage::postgres {

// `target` as for postgres::open; `replica` names this replica's row in
// commit_flushes (migration 11). Throws DatabaseUnavailable when the server
// cannot be reached.
std::unique_ptr<Durability> wal_flush(const std::string& target, const std::string& replica,
                                      std::shared_ptr<spdlog::logger> logger);

}  // namespace storage::postgres
