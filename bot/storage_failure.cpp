#include "bot/storage_failure.hpp"

#include "storage/backend.hpp"

namespace bot {

std::string storage_failure_text(const std::exception& e) {
    if (dynamic_cast<const storage::DatabaseUnavailable*>(&e))
        return "The incident database is unreachable, nothing was changed: try again in a moment.";
    return "incident-bot could not store that, so nothing changed. Please try again.";
}

}  // namespace bot
