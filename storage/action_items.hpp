#pragma once
// Action items (follow-ups) of incidents: numbered per incident, changed in
// the transaction of the command that changed them (bot/incident_writer.hpp).
#include <cstdint>
#include <optional>
#include <vector>

#include "core/action_item.hpp"
#include "core/clock.hpp"
#include "storage/database.hpp"

namespace storage {

class ActionItems {
  public:
    explicit ActionItems(Database& db) : db_(db) {}

    // Inserts an item whose id is 0, else updates it by id; returns the id.
    std::int64_t save(const core::ActionItem& item);
    std::vector<core::ActionItem> list(std::int64_t incident_id);  // by number
    int next_number(std::int64_t incident_id);
    // Open items overdue at `now` and not yet reminded of for their due date.
    std::vector<core::ActionItem> due_for_reminder(std::int64_t incident_id, core::TimePoint now);

  private:
    Database& db_;
};

}  // namespace storage
