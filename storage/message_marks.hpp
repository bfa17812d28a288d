#pragma once
// Marks that put a message of an incident channel on its timeline: one per
// person who reacted with TIMELINE_REACTION, and one for the pin. The entry
// (storage/timeline.hpp) stays while any mark does.
#include <cstdint>
#include <string>

#include "core/clock.hpp"
#include "storage/database.hpp"

namespace storage {

// What marked it: the Slack user id who reacted, or kPinMark.
inline constexpr std::string_view kPinMark = "pin";

class MessageMarks {
  public:
    explicit MessageMarks(Database& db) : db_(db) {}

    // False when that mark was already there.
    bool add(std::int64_t incident_id, const std::string& message_ts, std::string_view marked_by,
             core::TimePoint now);
    // False when there was no such mark.
    bool remove(std::int64_t incident_id, const std::string& message_ts,
                std::string_view marked_by);
    bool any(std::int64_t incident_id, const std::string& message_ts);

  private:
    Database& db_;
};

}  // namespace storage
