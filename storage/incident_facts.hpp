#pragma once
// The stats' read: severity, the four times and the overdue action items of
// every incident declared since a moment, seven columns wide, oldest first.
#include <vector>

#include "core/action_item.hpp"
#include "core/clock.hpp"
#include "core/incident_facts.hpp"
#include "storage/database.hpp"

namespace storage {

// `actions_overdue`: the incident's open action items due before `today`.
std::vector<core::IncidentFacts> incident_facts_since(Database& db, core::TimePoint since,
                                                      const core::Date& today);

}  // namespace storage
