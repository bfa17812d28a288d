#pragma once
// What a person is told when their change could not be stored: the database
// unreachable (PostgreSQL down or the network to it cut), or a lock held
// past the commands' lock wait, is said as such, so that they know to simply
// try again in a moment.
#include <exception>
#include <string>

#include <spdlog/common.h>

namespace bot {

std::string storage_failure_text(const std::exception& e);
// How loud the log says it: a lock another connection held past the lock
// wait is a moment's contention (warn), anything else a failure (error).
spdlog::level::level_enum storage_failure_level(const std::exception& e);
// The change was committed, but the database stopped answering before it was
// safely on disk (storage::SyncOutcome::InDoubt): it may or may not be there.
std::string change_in_doubt_text();

}  // namespace bot
