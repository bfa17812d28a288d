#pragma once
// The SQLite engine behind storage::Database: one connection to a file (WAL,
// synchronous=NORMAL, foreign keys on) or ":memory:".
#include <memory>
#include <string>

#include "storage/backend.hpp"

namespace storage {

// Throws SQLite::Exception when the file cannot be opened.
std::unique_ptr<Connection> open_sqlite(const std::string& path, int busy_timeout_ms,
                                        bool auto_checkpoint);

}  // namespace storage
