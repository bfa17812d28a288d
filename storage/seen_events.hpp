#pragma once
// Slack events (events_api) already taken into account. Slack re-delivers an
// event it thinks was not acknowledged, even one that was; its event_id is
// stored in the transaction of the change it made, so it takes effect once,
// also across a restart.
#include <chrono>
#include <string>

#include "core/clock.hpp"
#include "storage/database.hpp"

namespace storage {

// Slack's re-deliveries come within minutes; a day is ample.
inline constexpr std::chrono::hours kSeenEventsKept{24};

class SeenEvents {
  public:
    explicit SeenEvents(Database& db) : db_(db) {}

    // True the first time an event_id is seen (and stores it); false after.
    // Also forgets ids older than kSeenEventsKept.
    bool first_time(const std::string& event_id, core::TimePoint now);

  private:
    Database& db_;
};

}  // namespace storage
