#pragma once
// Events API de-duplication that survives restarts: Slack re-delivers an
// event it did not see acked (retry_attempt), possibly to a new process.
#include <string_view>

#include "core/clock.hpp"
#include "storage/database.hpp"

namespace storage {

class ProcessedEvents {
  public:
    explicit ProcessedEvents(Database& db) : db_(db) {}

    // True the first time this event id is seen; false for a re-delivery.
    bool mark_seen(std::string_view event_id, core::TimePoint now);
    // Forgets ids seen before `cutoff` (Slack stops retrying after minutes;
    // keeping a day or more is plenty); returns how many were removed.
    int prune(core::TimePoint cutoff);

  private:
    Database& db_;
};

}  // namespace storage
