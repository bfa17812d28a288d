#pragma once
// The JSON API's bodies (/api/v1/…): pure renderers over web/views.hpp.
// Field names are the JSON export's (reports/export.hpp): an incident is
// `{incident: {…}}` without its timeline, which pages separately; a
// timeline row is an export `timeline_detail` row. A private incident is
// listed by id, severity and state only.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web/views.hpp"

namespace web {

// `{"error": code, "message": message}`
std::string error_json(std::string_view code, std::string_view message);
// `{"incidents": [...], "next_cursor": "…" | null}`
std::string incident_list_json(const std::vector<ListedIncident>& incidents, const Names& names,
                               const std::optional<std::string>& next_cursor);
// `{"incident": {…export fields but the timeline…, "timeline_events": n, "next_update_due"}}`
std::string incident_json(const reports::IncidentReport& report,
                          const std::optional<core::TimePoint>& update_due);
// `{"incident_id": "INC-…", "events": [...], "next_cursor": "…" | null}`
std::string timeline_json(const reports::IncidentReport& report, const TimelinePage& page);
// The export's stats JSON (period_days, by_severity, all) plus `since`.
std::string stats_json(const reports::StatsReport& report, core::TimePoint since);
// The OpenAPI 3.1 description of the above.
const std::string& openapi_json();

}  // namespace web
