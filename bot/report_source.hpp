#pragma once
// Reads what reports/ renders from the database: an incident's report (in
// the caller's read transaction), its timeline as a stream, and the facts
// behind the stats. Shared by the outbox (uploads), the slash commands
// (stats) and the command line (`incident-bot export|stats`).
#include <cstdint>
#include <optional>

#include "core/clock.hpp"
#include "core/incident.hpp"
#include "reports/incident_report.hpp"
#include "reports/stats.hpp"
#include "storage/database.hpp"

namespace bot {

reports::IncidentReport load_report(storage::Database& db, const core::Incident& incident);
// The same without `people` and `updates` (each a scan of the whole
// timeline), and `events` counted only up to kSummaryEventsCounted
// (`events_more` past it): what a page of the timeline needs, quick on
// 100,000 rows.
inline constexpr std::int64_t kSummaryEventsCounted = 10'000;
reports::IncidentReport load_report_summary(storage::Database& db, const core::Incident& incident);
// Only the incident and people's names: what rendering timeline rows needs
// (the summary's event count alone reads up to 10,001 rows).
reports::IncidentReport load_report_names(storage::Database& db, const core::Incident& incident);
reports::EventSource timeline_source(storage::Database& db, std::int64_t incident_id);
// Incidents declared in the last `days` days (nullopt: all).
reports::StatsReport load_stats(storage::Database& db, std::optional<int> days,
                                core::TimePoint now);

}  // namespace bot
