#pragma once
// MTTA / MTTR per severity (`/incident stats`, `incident-bot stats`): time to
// acknowledge is declare → first ack or IC taken; time to resolve is declare
// → the last resolve. Medians and p90s are nearest-rank over the incidents
// that got there. Incidents closed as duplicates are left out (the work,
// and its figures, belong to the incident they repeated) and counted apart.
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>

#include "core/clock.hpp"
#include "core/incident_facts.hpp"
#include "core/severity.hpp"

namespace reports {

using IncidentFacts = core::IncidentFacts;

struct SeverityStats {
    std::int64_t declared = 0, resolved = 0, open = 0;
    std::optional<std::chrono::seconds> tta_median, tta_p90, ttr_median, ttr_p90;
    std::optional<std::chrono::seconds> ttm_median, ttm_p90;  // to mitigate, where said
    std::int64_t postmortems_done = 0, postmortems_due = 0, postmortems_overdue = 0;
    std::int64_t actions_overdue = 0;  // open action items past their due date
};

struct StatsReport {
    std::optional<int> days;                     // nullopt: every incident
    std::array<SeverityStats, 4> by_severity{};  // SEV1 … SEV4
    SeverityStats total;
    std::int64_t duplicates = 0;  // closed as duplicates: counted here only
};

StatsReport compute_stats(std::span<const IncidentFacts> incidents, std::optional<int> days,
                          core::TimePoint now);

// "2 incidents closed as duplicates are left out." (under the table), or
// "" when there were none.
std::string duplicates_note(const StatsReport& report);

// A fixed-width table, for a terminal or a Slack code block.
std::string stats_text(const StatsReport& report);
void write_stats_json(std::ostream& out, const StatsReport& report);

}  // namespace reports
