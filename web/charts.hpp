#pragma once
// Charts drawn on the server as inline SVG (no script, no external file):
// colours come from CSS classes (.sev1 … .sev4), so light and dark mode
// both read well. Each chart has a <title> and <desc> for screen readers.
#include <span>
#include <string>

#include "core/clock.hpp"
#include "core/incident_facts.hpp"

namespace web {

// Stacked bars: incidents declared per week (weeks start Monday, UTC) by
// severity, the last `weeks` weeks up to `now`.
std::string weekly_incidents_chart(std::span<const core::IncidentFacts> incidents,
                                   core::TimePoint now, int weeks);
// One bar per resolved incident declared in the last `days` days (the
// latest `most` of them), oldest first: its time to resolve in hours,
// coloured by severity. `incidents` come oldest first.
std::string time_to_resolve_chart(std::span<const core::IncidentFacts> incidents,
                                  core::TimePoint now, int days, int most = 150);

}  // namespace web
