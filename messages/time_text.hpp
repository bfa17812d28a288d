#pragma once
// Times and durations as plain text, for fallbacks and ephemeral replies.
#include <chrono>
#include <string>

#include "core/clock.hpp"

namespace messages {

std::string utc_time(core::TimePoint t);       // "22:13 UTC"
std::string utc_date_time(core::TimePoint t);  // "2023-11-14 22:13 UTC"
// "under a minute", "12 min", "2 h 5 min", "3 d 4 h".
std::string age(std::chrono::seconds elapsed);

}  // namespace messages
