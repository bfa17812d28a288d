#include "bot/storage_failure.hpp"

#include "storage/backend.hpp"

namespace bot {

std::string storage_failure_text(const std::exception& e) {
    if (dynamic_cast<const storage::DatabaseUnavailable*>(&e))
        return "The incident database is unreachable, nothing was changed: try again in a moment.";
    if (dynamic_cast<const storage::LockWaitTimeout*>(&e))
        // The same words on both backends: on PostgreSQL the incident's row
        // is held, on SQLite the whole file's write lock (another program).
        return "Another change is taking unusually long to save, so nothing was changed: try "
               "again in a moment.";
    return "incident-bot could not store that, so nothing changed. Please try again.";
}

spdlog::level::level_enum storage_failure_level(const std::exception& e) {
    return dynamic_cast<const storage::LockWaitTimeout*>(&e) ? spdlog::level::warn
                                                             : spdlog::level::err;
}

std::string change_in_doubt_text() {
    return "The incident database stopped answering before this change was safely stored, so it "
           "may not have been saved: check with `/incident status` before you send it again.";
}

}  // namespace bot
