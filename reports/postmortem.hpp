#pragma once
// The post-mortem draft as Markdown, in the runbooks' sections: Summary,
// Impact, Detection, Timeline, Root cause, What went well / What could be
// improved, Action items, Metrics and the post-mortem checklist (the items
// the bot knows are done ticked). Written to a stream as the timeline is read.
#include <ostream>

#include "core/clock.hpp"
#include "reports/incident_report.hpp"

namespace reports {

// `now`: when the draft is made, shown in its header.
void write_postmortem(std::ostream& out, const IncidentReport& report, const EventSource& events,
                      core::TimePoint now);

}  // namespace reports
