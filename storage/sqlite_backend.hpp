#pragma once
// The SQLite engine behind storage::Database: one connection to a file (WAL,
// synchronous=NORMAL, foreign keys on) or ":memory:".
#include <chrono>
#include <memory>
#include <string>

#include "storage/backend.hpp"

namespace storage {

// Throws SQLite::Exception when the file cannot be opened. A statement that
// waits `lock_wait` for another connection's lock throws LockWaitTimeout.
std::unique_ptr<Connection> open_sqlite(const std::string& path,
                                        std::chrono::milliseconds lock_wait, bool auto_checkpoint);

}  // namespace storage
