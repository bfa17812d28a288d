#pragma once
// The stats' read: severity and the four times of every incident declared
// since a moment, six columns wide, one row in memory at a time, oldest
// first.
#include <functional>

#include "core/clock.hpp"
#include "core/incident_facts.hpp"
#include "storage/database.hpp"

namespace storage {

void for_each_incident_facts(Database& db, core::TimePoint since,
                             const std::function<void(const core::IncidentFacts&)>& visit);

}  // namespace storage
